import type { ElementStylesheet } from '../styles/injectStyles.ts';
import { flowFormCss } from '../styles/flowFormCss.ts';

export const reauthenticateStyles: ElementStylesheet = {
  id: 'latch-reauthenticate-styles',
  css: flowFormCss('latch-reauthenticate'),
};
