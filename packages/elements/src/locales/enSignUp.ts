// The English strings only <latch-sign-up> shows: its own steps (credentials, email verification, passkey creation).
// Part of the English table `en` (en.ts); the element adds it to the English fallback when it is created.
export const enSignUp = {
  'heading.sign-up': 'Create your account',
  'field.verify-email.code': 'Verification code',
  'intro.verify-email': 'We sent a 6-digit code to {email}. Enter it below, or open the link in the email.',
  'intro.passkey-register': 'Your email address {email} is verified. Create a passkey to finish: your device will ask for your fingerprint, face or screen lock.',
  'intro.email-verified': 'Your email address {email} is verified. Continue to finish creating your account.',
  'action.credentials.submit': 'Create account',
  'action.credentials.passkey': 'Sign up with a passkey instead',
  'action.passkey-register.passkey': 'Create a passkey',
  'action.passkey-register.back': 'Start again',
  'action.verify-email.submit': 'Verify',
  'action.verify-email.resend': 'Send a new code',
  'action.verify-email.back': 'Use a different email',
  'action.email-verified.submit': 'Continue',
} as const satisfies Readonly<Record<string, string>>;
