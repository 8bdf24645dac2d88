import { cssVar } from '../styles/cssVar.ts';
import type { ElementStylesheet } from '../styles/injectStyles.ts';
import { flowFormCss } from '../styles/flowFormCss.ts';

const tag = 'latch-consent';
const scope = (selector: string): string => `:where(${tag}) :where(${selector})`;

export const consentStyles: ElementStylesheet = {
  id: 'latch-consent-styles',
  css: `${flowFormCss(tag)}
@layer latch {
${scope('.latch-consent__intro')} { margin: 0 0 ${cssVar('spacing.4')}; }
${scope('.latch-consent__list')} { display: grid; gap: ${cssVar('spacing.4')}; margin: 0; padding: 0; list-style: none; }
${scope('.latch-consent__purpose')} { display: flex; flex-direction: column; gap: ${cssVar('spacing.1')}; padding-block-end: ${cssVar('spacing.4')}; border-block-end: ${cssVar('border.card')}; }
${scope('.latch-consent__purpose:last-child')} { border-block-end: none; padding-block-end: 0; }
${scope('.latch-consent__meta')} { margin: 0; font-size: ${cssVar('typography.font-size.sm')}; color: ${cssVar('color.text.muted')}; }
${scope('.latch-consent__switch:disabled')} { cursor: not-allowed; }
}`,
};
