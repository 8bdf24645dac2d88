import type { ElementStylesheet } from '../styles/injectStyles.ts';
import { flowFormCss } from '../styles/flowFormCss.ts';

export const recoveryStyles: ElementStylesheet = {
  id: 'latch-recovery-styles',
  css: flowFormCss('latch-recovery'),
};
