export { LatchFlowElement } from './flow/LatchFlowElement.ts';
export { LatchSignIn } from './sign-in/sign-in.ts';
export { LatchSignUp } from './sign-up/sign-up.ts';
export { defineLatchElements, latchElements, type DefineLatchElementsOptions } from './defineLatchElements.ts';
export { SignedInEvent, type SignedInEventDetail } from './events/signed-in.ts';
export { en } from './locales/en.ts';
export type { LatchLocale } from './locales/LatchLocale.ts';
export { actionLabel, fieldLabel, headingText, localize, messageText, statusText } from './locales/localize.ts';
export { injectStyles, type ElementStylesheet } from './styles/injectStyles.ts';
