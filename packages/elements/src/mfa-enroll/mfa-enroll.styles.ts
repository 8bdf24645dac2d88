import { cssVar } from '../styles/cssVar.ts';
import type { ElementStylesheet } from '../styles/injectStyles.ts';
import { flowFormCss } from '../styles/flowFormCss.ts';

const tag = 'latch-mfa-enroll';
const scope = (selector: string): string => `:where(${tag}) :where(${selector})`;

export const mfaEnrollStyles: ElementStylesheet = {
  id: 'latch-mfa-enroll-styles',
  css: `${flowFormCss(tag)}
@layer latch {
${scope('.latch-mfa__state, .latch-mfa__intro')} { margin: 0 0 ${cssVar('spacing.4')}; }
${scope('.latch-mfa__qr')} { display: block; inline-size: 12rem; block-size: 12rem; margin-block-end: ${cssVar('spacing.4')}; background: #fff; }
${scope('.latch-mfa__secret')} { font-family: ui-monospace, monospace; word-break: break-all; }
${scope('.latch-mfa__codes')} {
  display: grid;
  grid-template-columns: repeat(2, 1fr);
  gap: ${cssVar('spacing.2')};
  margin: 0 0 ${cssVar('spacing.4')};
  padding: 0;
  list-style: none;
  font-family: ui-monospace, monospace;
}
${scope('.latch-mfa__codes-heading')} { margin: 0 0 ${cssVar('spacing.2')}; font-size: ${cssVar('typography.font-size.md')}; }
${scope('.latch-mfa__passkeys-heading')} { margin: ${cssVar('spacing.4')} 0 ${cssVar('spacing.2')}; font-size: ${cssVar('typography.font-size.md')}; }
${scope('.latch-mfa__passkeys')} { display: grid; gap: ${cssVar('spacing.2')}; margin: 0 0 ${cssVar('spacing.2')}; padding: 0; list-style: none; }
${scope('.latch-mfa__passkey')} { display: flex; align-items: center; justify-content: space-between; gap: ${cssVar('spacing.2')}; }
}`,
};
