// The English strings of the password strength meter under a new password (<latch-sign-up>, <latch-recovery>).
// Part of the English table `en` (en.ts); the meter adds it to the English fallback when it is created.
export const enStrength = {
  'strength.label': 'Password strength',
  'strength.summary': 'Password strength: {level}',
  'strength.weak': 'Weak',
  'strength.fair': 'Fair',
  'strength.strong': 'Strong',
  'strength.very-strong': 'Very strong',
} as const satisfies Readonly<Record<string, string>>;
