import { cssVar } from '../styles/cssVar.ts';
import type { ElementStylesheet } from '../styles/injectStyles.ts';
import { flowFormCss } from '../styles/flowFormCss.ts';

const tag = 'latch-org-profile';
const scope = (selector: string): string => `:where(${tag}) :where(${selector})`;

export const orgProfileStyles: ElementStylesheet = {
  id: 'latch-org-profile-styles',
  css: `${flowFormCss(tag)}
@layer latch {
:where(${tag}) { max-inline-size: 40rem; }
${scope('.latch-org-profile__section')} { margin-block-end: ${cssVar('spacing.6')}; }
${scope('.latch-org-profile__section-heading')} { margin: 0 0 ${cssVar('spacing.2')}; font-size: ${cssVar('typography.font-size.md')}; }
${scope('.latch-org-profile__list')} { display: grid; gap: ${cssVar('spacing.2')}; margin: ${cssVar('spacing.2')} 0; padding: 0; list-style: none; }
${scope('.latch-org-profile__row')} { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: ${cssVar('spacing.2')}; }
${scope('.latch-org-profile__txt')} { font-family: ui-monospace, monospace; word-break: break-all; }
${scope('.latch-org-profile__inline')} { display: flex; flex-wrap: wrap; align-items: end; gap: ${cssVar('spacing.2')}; }
${scope('select.latch-field__input')} { min-inline-size: 8rem; }
}`,
};
