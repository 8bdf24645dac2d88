import { enConsent } from './enConsent.ts';
import { enFlow } from './enFlow.ts';
import type { LatchLocale } from './LatchLocale.ts';
import { enMfa } from './enMfa.ts';
import { enOrg } from './enOrg.ts';
import { enProfile } from './enProfile.ts';
import { enReauthenticate } from './enReauthenticate.ts';
import { enRecovery } from './enRecovery.ts';
import { enSignUp } from './enSignUp.ts';
import { enStrength } from './enStrength.ts';

/**
 * The whole English table: the reference every other table is held to
 * (locales.test.ts) and the table an app passes or extends. The elements
 * themselves bundle only the parts they show (see english.ts), so a page with
 * only <latch-sign-in> does not download the account elements' strings.
 */
export const en = {
  lang: 'en',
  strings: { ...enFlow, ...enSignUp, ...enStrength, ...enRecovery, ...enReauthenticate, ...enConsent, ...enMfa, ...enProfile, ...enOrg },
} as const satisfies LatchLocale;
