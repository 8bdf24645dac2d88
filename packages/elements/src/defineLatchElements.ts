import { LatchProfile } from './profile/profile.ts';
import { LatchRecovery } from './recovery/recovery.ts';
import { LatchMfaEnroll } from './mfa-enroll/mfa-enroll.ts';
import { LatchReauthenticate } from './reauthenticate/reauthenticate.ts';
import { LatchSignIn } from './sign-in/sign-in.ts';
import { LatchSignUp } from './sign-up/sign-up.ts';
import { LatchProfileDetails } from './profile-details/profile-details.ts';
import { LatchProgressiveProfile } from './progressive-profile/progressive-profile.ts';
import { LatchOrgSwitcher } from './org-switcher/org-switcher.ts';
import { LatchOrgProfile } from './org-profile/org-profile.ts';
import { LatchConsent } from './consent/consent.ts';

/** Every element of this package by tag name. */
export const latchElements = {
  'latch-sign-in': LatchSignIn,
  'latch-sign-up': LatchSignUp,
  'latch-recovery': LatchRecovery,
  'latch-mfa-enroll': LatchMfaEnroll,
  'latch-reauthenticate': LatchReauthenticate,
  'latch-profile': LatchProfile,
  'latch-profile-details': LatchProfileDetails,
  'latch-progressive-profile': LatchProgressiveProfile,
  'latch-org-switcher': LatchOrgSwitcher,
  'latch-org-profile': LatchOrgProfile,
  'latch-consent': LatchConsent,
} as const satisfies Record<string, CustomElementConstructor>;

export interface DefineLatchElementsOptions {
  /** Defaults to `globalThis.customElements`; absent on a server, where this does nothing. */
  registry?: CustomElementRegistry;
}

/**
 * Registers the `<latch-*>` elements. Idempotent (a name already defined, by
 * us or by another copy of this package, is left alone) and a no-op where
 * there is no registry, so it is safe to call from server-rendered code.
 */
export function defineLatchElements(options: DefineLatchElementsOptions = {}): void {
  const registry = options.registry ?? (globalThis as { customElements?: CustomElementRegistry }).customElements;
  if (!registry) return;
  for (const [name, element] of Object.entries(latchElements)) {
    // Reading observedAttributes finalizes the Lit class, creating its property
    // accessors on the prototype. Browsers do that inside define(); happy-dom
    // does not, and @lit/react tells properties from attributes by looking there.
    void element.observedAttributes;
    if (!registry.get(name)) registry.define(name, element);
  }
}
