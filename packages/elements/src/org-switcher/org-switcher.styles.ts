import { cssVar } from '../styles/cssVar.ts';
import type { ElementStylesheet } from '../styles/injectStyles.ts';
import { flowFormCss } from '../styles/flowFormCss.ts';

const tag = 'latch-org-switcher';
const scope = (selector: string): string => `:where(${tag}) :where(${selector})`;
const focusRing = `${cssVar('focus.ring.width')} solid ${cssVar('focus.ring.color')}`;

export const orgSwitcherStyles: ElementStylesheet = {
  id: 'latch-org-switcher-styles',
  css: `${flowFormCss(tag)}
@layer latch {
:where(${tag}) { position: relative; padding: ${cssVar('spacing.4')}; }
${scope('.latch-org-switcher__label')} { display: block; margin-block-end: ${cssVar('spacing.1')}; font-size: ${cssVar('typography.font-size.sm')}; color: ${cssVar('color.text.muted')}; }
${scope('.latch-org-switcher__button')} { inline-size: 100%; justify-content: space-between; }
${scope('.latch-org-switcher__list')} {
  margin: ${cssVar('spacing.2')} 0 0;
  padding: ${cssVar('spacing.1')};
  list-style: none;
  border: ${cssVar('border.input')};
  border-radius: ${cssVar('radius.md')};
  background: ${cssVar('color.surface.default')};
}
${scope('.latch-org-switcher__list:focus-visible')} { outline: ${focusRing}; outline-offset: 2px; }
${scope('.latch-org-switcher__option')} {
  display: flex;
  justify-content: space-between;
  gap: ${cssVar('spacing.2')};
  padding: ${cssVar('spacing.2')} ${cssVar('spacing.3')};
  border-radius: ${cssVar('radius.sm')};
  cursor: pointer;
}
${scope('.latch-org-switcher__option[data-active]')} { background: ${cssVar('color.surface.muted')}; outline: ${focusRing}; outline-offset: -2px; }
${scope('.latch-org-switcher__option[aria-selected="true"]')} { font-weight: ${cssVar('typography.font-weight.bold')}; }
${scope('.latch-org-switcher__role')} { font-size: ${cssVar('typography.font-size.sm')}; color: ${cssVar('color.text.muted')}; }
}`,
};
