import type { ElementStylesheet } from '../styles/injectStyles.ts';
import { cssVar } from '../styles/cssVar.ts';

/**
 * The strength meter's look, added to the document by the meter itself (once),
 * so only pages whose elements ask for a new password download it. Layered and
 * behind `:where()` like `flowFormCss`, so any page rule wins.
 */
export const strengthStyles: ElementStylesheet = {
  id: 'latch-strength-styles',
  css: `@layer latch {
:where(.latch-strength) { display: flex; flex-direction: column; gap: ${cssVar('spacing.1')}; margin-block-start: ${cssVar('spacing.1')}; }
:where(.latch-strength__meter) { display: grid; grid-template-columns: repeat(4, 1fr); gap: ${cssVar('spacing.1')}; }
:where(.latch-strength__segment) { block-size: 0.25rem; border-radius: ${cssVar('radius.sm')}; background: ${cssVar('color.border.subtle')}; }
:where(.latch-strength[data-level="weak"] .latch-strength__segment[data-filled]) { background: ${cssVar('color.border.danger')}; }
:where(.latch-strength[data-level="fair"] .latch-strength__segment[data-filled]) { background: ${cssVar('color.border.default')}; }
:where(.latch-strength[data-level="strong"] .latch-strength__segment[data-filled], .latch-strength[data-level="very-strong"] .latch-strength__segment[data-filled]) {
  background: ${cssVar('color.action.primary')};
}
:where(.latch-strength__text) { margin: 0; font-size: ${cssVar('typography.font-size.sm')}; color: ${cssVar('color.text.muted')}; }
}
`,
};
