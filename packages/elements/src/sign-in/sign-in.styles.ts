import type { ElementStylesheet } from '../styles/injectStyles.ts';
import { flowFormCss } from '../styles/flowFormCss.ts';

export const signInStyles: ElementStylesheet = {
  id: 'latch-sign-in-styles',
  css: flowFormCss('latch-sign-in'),
};
