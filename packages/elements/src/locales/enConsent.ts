// The English strings of <latch-consent> (the flow's consent step uses the four in `enFlow`).
// Part of the English table `en` (en.ts); an element passes the parts it shows to its LocaleController.
export const enConsent = {
  'consent.heading': 'Privacy and consent',
  'consent.intro': 'Choose what you agree to. You can change your mind at any time.',
  'consent.version': 'Version {version}',
  'consent.state.granted': 'Granted',
  'consent.state.not-granted': 'Not granted',
  'consent.state.outdated': 'Granted for version {version}; this is version {current}',
  'consent.required-note': 'Required to use the service; to withdraw it, delete your account.',
  'consent.none': 'There is nothing to consent to.',
  'consent.status.granted': '“{title}” granted.',
  'consent.status.withdrawn': '“{title}” withdrawn.',
  'consent.message.required_purpose_withdrawal': 'This one is required to use the service and cannot be withdrawn.',
  'consent.message.unknown_purpose': 'That choice is no longer offered. Reload the page.',
  'consent.message.unauthenticated': 'Your session has ended. Sign in again.',
  'consent.message.generic': 'Your choice could not be saved. Please try again.',
} as const satisfies Readonly<Record<string, string>>;
