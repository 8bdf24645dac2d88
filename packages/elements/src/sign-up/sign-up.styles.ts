import type { ElementStylesheet } from '../styles/injectStyles.ts';
import { flowFormCss } from '../styles/flowFormCss.ts';

export const signUpStyles: ElementStylesheet = {
  id: 'latch-sign-up-styles',
  css: flowFormCss('latch-sign-up'),
};
