import { cssVar } from './cssVar.ts';

/**
 * The shared look of every flow element, scoped under its tag. Everything sits
 * in the `latch` cascade layer and behind `:where()`, so any unlayered page
 * rule wins without `!important`; values are `--latch-*` properties with the
 * light theme as fallback, so the element looks right with no theme loaded.
 */
export function flowFormCss(tag: string): string {
  const scope = (selector: string): string => `:where(${tag}) :where(${selector})`;
  const focusRing = `${cssVar('focus.ring.width')} solid ${cssVar('focus.ring.color')}`;
  return `@layer latch {
:where(${tag}) {
  display: block;
  box-sizing: border-box;
  max-inline-size: 26rem;
  padding: ${cssVar('card.padding')};
  border: ${cssVar('border.card')};
  border-radius: ${cssVar('card.radius')};
  box-shadow: ${cssVar('card.shadow')};
  background: ${cssVar('color.surface.default')};
  color: ${cssVar('color.text.default')};
  font-family: ${cssVar('typography.font-family.base')};
  font-size: ${cssVar('typography.font-size.md')};
  line-height: ${cssVar('typography.line-height.base')};
}
${scope('*, *::before, *::after')} { box-sizing: inherit; }
${scope('.latch-logo')} { display: block; max-block-size: 3rem; max-inline-size: 100%; margin: 0 0 ${cssVar('spacing.4')}; }
${scope('.latch-heading')} {
  margin: 0 0 ${cssVar('spacing.6')};
  font-size: ${cssVar('typography.font-size.lg')};
  font-weight: ${cssVar('typography.font-weight.bold')};
  line-height: ${cssVar('typography.line-height.tight')};
}
${scope('.latch-form')} { display: flex; flex-direction: column; gap: ${cssVar('spacing.4')}; }
${scope('.latch-intro')} { margin: 0; }
${scope('.latch-field')} { display: flex; flex-direction: column; gap: ${cssVar('spacing.1')}; }
${scope('.latch-field__label')} { font-size: ${cssVar('typography.font-size.sm')}; font-weight: ${cssVar('typography.font-weight.medium')}; }
${scope('.latch-field__input')} {
  font: inherit;
  min-block-size: ${cssVar('input.min-height')};
  padding: ${cssVar('spacing.2')} ${cssVar('spacing.3')};
  border: ${cssVar('border.input')};
  border-radius: ${cssVar('input.radius')};
  background: ${cssVar('color.surface.default')};
  color: inherit;
}
${scope('.latch-field__input:read-only:not(select, [type="checkbox"])')} { background: ${cssVar('color.surface.muted')}; color: ${cssVar('color.text.muted')}; }
${scope('.latch-field__input[aria-invalid="true"]')} { border-color: ${cssVar('color.border.danger')}; }
${scope('.latch-field__message, .latch-alert__message, .latch-status')} { margin: 0; }
${scope('.latch-field__message')} { font-size: ${cssVar('typography.font-size.sm')}; color: ${cssVar('color.text.danger')}; }
${scope('.latch-field__message[data-severity="info"]')} { color: ${cssVar('color.text.muted')}; }
${scope('.latch-field__help')} { margin: 0; font-size: ${cssVar('typography.font-size.sm')}; color: ${cssVar('color.text.muted')}; }
${scope('.latch-field__group')} { margin: 0; padding: 0; border: 0; min-inline-size: 0; }
${scope('.latch-field__check')} { display: flex; align-items: center; gap: ${cssVar('spacing.2')}; }
${scope('.latch-field__checkbox')} { min-block-size: auto; inline-size: 1.125rem; block-size: 1.125rem; margin: 0; padding: 0; accent-color: ${cssVar('color.action.primary')}; }
${scope('.latch-alert:not(:empty)')} {
  margin-block-end: ${cssVar('spacing.4')};
  padding: ${cssVar('spacing.3')};
  border-inline-start: 4px solid ${cssVar('color.border.danger')};
  border-radius: ${cssVar('radius.sm')};
  background: ${cssVar('color.feedback.danger-surface')};
  color: ${cssVar('color.text.danger')};
}
${scope('.latch-checkbox')} { display: flex; align-items: flex-start; gap: ${cssVar('spacing.2')}; }
${scope('.latch-checkbox__input')} { min-block-size: auto; inline-size: 1.25rem; block-size: 1.25rem; margin: 0.125rem 0 0; padding: 0; flex: none; accent-color: ${cssVar('color.action.primary')}; }
${scope('.latch-checkbox__marker')} { font-weight: normal; color: ${cssVar('color.text.muted')}; }
${scope('.latch-checkbox__text')} { margin: 0; font-size: ${cssVar('typography.font-size.sm')}; color: ${cssVar('color.text.muted')}; }
${scope('.latch-checkbox__changed')} { font-weight: ${cssVar('typography.font-weight.medium')}; color: ${cssVar('color.text.default')}; }
${scope('.latch-checkbox__policy')} { font-size: ${cssVar('typography.font-size.sm')}; color: ${cssVar('color.action.secondary')}; }
${scope('.latch-actions')} { display: flex; flex-direction: column; gap: ${cssVar('spacing.2')}; }
${scope('.latch-button')} {
  font: inherit;
  font-weight: ${cssVar('button.font-weight')};
  min-block-size: ${cssVar('button.min-height')};
  padding: ${cssVar('spacing.2')} ${cssVar('spacing.4')};
  border: 1px solid transparent;
  border-radius: ${cssVar('button.radius')};
  cursor: pointer;
  transition: background-color ${cssVar('button.transition')} ${cssVar('motion.easing.standard')};
}
/* The reduced-motion token mode only applies where themes.css is loaded; without it, the fallback duration must not animate either. */
@media (prefers-reduced-motion: reduce) {
  ${scope('.latch-button')} { transition: none; }
}
${scope('.latch-button[data-kind="primary"]')} { background: ${cssVar('color.action.primary')}; color: ${cssVar('color.text.on-action')}; }
${scope('.latch-button[data-kind="primary"]:hover:not(:disabled)')} { background: ${cssVar('color.action.primary-hover')}; }
${scope('.latch-button[data-kind="secondary"]')} { background: transparent; color: ${cssVar('color.action.secondary')}; text-decoration: underline; }
${scope('.latch-button:disabled')} { opacity: 0.65; cursor: progress; }
${scope('.latch-links')} { margin: ${cssVar('spacing.3')} 0 0; text-align: center; }
${scope('.latch-link')} { color: ${cssVar('color.action.secondary')}; }
${scope('.latch-field__input:focus-visible, .latch-button:focus-visible, .latch-link:focus-visible, .latch-heading:focus-visible')} {
  outline: ${focusRing};
  outline-offset: ${cssVar('focus.ring.offset')};
}
}`;
}
