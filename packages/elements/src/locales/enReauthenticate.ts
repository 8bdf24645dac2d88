// The English strings only <latch-reauthenticate> shows.
// Part of the English table `en` (en.ts); the element adds it to the English fallback when it is created.
export const enReauthenticate = {
  'heading.reauthenticate': 'Confirm it’s you',
  'action.reauthenticate.password.submit': 'Confirm',
  'status.complete.reauthenticate': 'Thanks, that’s confirmed.',
  'message.reauthentication_account_mismatch': 'Confirm it with the account you are signed in with.',
} as const satisfies Readonly<Record<string, string>>;
