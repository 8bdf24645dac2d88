import type { ElementStylesheet } from '../styles/injectStyles.ts';
import { flowFormCss } from '../styles/flowFormCss.ts';

export const profileDetailsStyles: ElementStylesheet = {
  id: 'latch-profile-details-styles',
  css: flowFormCss('latch-profile-details'),
};
