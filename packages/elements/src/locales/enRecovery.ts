// The English strings only <latch-recovery> shows: the password reset's own steps.
// Part of the English table `en` (en.ts); the element adds it to the English fallback when it is created.
export const enRecovery = {
  'heading.recovery': 'Reset your password',
  'field.recovery-email-code.code': 'Code',
  'field.new-password.password': 'New password',
  'intro.recovery-identifier': 'Enter the email address of your account. If it has one, we will send it a code to choose a new password.',
  'intro.recovery-email-code': 'If {email} has an account, we sent a 6-digit code to it. Enter it below, or open the link in the email.',
  'intro.new-password': 'Choose a new password for {email}. You will be signed out everywhere else.',
  'action.recovery-identifier.submit': 'Send code',
  'action.recovery-email-code.submit': 'Continue',
  'action.recovery-email-code.resend': 'Send a new code',
  'action.recovery-email-code.back': 'Use a different email',
  'action.new-password.submit': 'Reset password',
  'status.complete.recovery': 'Your password was changed. You are signed in.',
} as const satisfies Readonly<Record<string, string>>;
