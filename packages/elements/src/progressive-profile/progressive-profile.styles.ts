import type { ElementStylesheet } from '../styles/injectStyles.ts';
import { flowFormCss } from '../styles/flowFormCss.ts';

export const progressiveProfileStyles: ElementStylesheet = {
  id: 'latch-progressive-profile-styles',
  css: flowFormCss('latch-progressive-profile'),
};
