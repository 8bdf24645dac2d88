import { cssVar } from '../styles/cssVar.ts';
import type { ElementStylesheet } from '../styles/injectStyles.ts';
import { flowFormCss } from '../styles/flowFormCss.ts';

const tag = 'latch-profile';
const scope = (selector: string): string => `:where(${tag}) :where(${selector})`;

export const profileStyles: ElementStylesheet = {
  id: 'latch-profile-styles',
  css: `${flowFormCss(tag)}
@layer latch {
${scope('.latch-profile')} { display: grid; gap: ${cssVar('spacing.6')}; }
${scope('.latch-profile__section')} { display: block; }
${scope('.latch-profile__section + .latch-profile__section')} { border-block-start: 1px solid ${cssVar('color.border.subtle')}; padding-block-start: ${cssVar('spacing.6')}; }
${scope('.latch-profile__value, .latch-profile__intro, .latch-profile__warning')} { margin: 0 0 ${cssVar('spacing.4')}; }
${scope('.latch-profile__subheading')} { margin: ${cssVar('spacing.4')} 0 ${cssVar('spacing.2')}; font-size: ${cssVar('typography.font-size.md')}; }
${scope('.latch-profile__sessions')} { display: grid; gap: ${cssVar('spacing.3')}; margin: 0 0 ${cssVar('spacing.4')}; padding: 0; list-style: none; }
${scope('.latch-profile__session')} { display: flex; align-items: center; justify-content: space-between; gap: ${cssVar('spacing.3')}; }
${scope('.latch-profile__session-name, .latch-profile__session-meta')} { margin: 0; }
${scope('.latch-profile__session-meta')} { color: ${cssVar('color.text.muted')}; font-size: ${cssVar('typography.font-size.sm')}; }
${scope('.latch-profile__badge')} { font-size: ${cssVar('typography.font-size.sm')}; color: ${cssVar('color.action.secondary')}; }
${scope('.latch-button[data-kind="danger"]')} { border-color: ${cssVar('color.border.danger')}; color: ${cssVar('color.text.danger')}; background: ${cssVar('color.surface.default')}; }
${scope('.latch-profile__warning')} { color: ${cssVar('color.text.danger')}; }
${scope('.latch-field__help')} { margin: ${cssVar('spacing.1')} 0 0; font-size: ${cssVar('typography.font-size.sm')}; color: ${cssVar('color.text.muted')}; }
${scope('a.latch-button')} { display: inline-flex; align-items: center; text-decoration: none; }
}`,
};
