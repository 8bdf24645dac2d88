/** The address as stored and compared: NFC, trimmed, lower-cased. */
export function normalizeEmail(email: string): string {
  return email.normalize('NFC').trim().toLowerCase();
}

// Deliberately loose (one @, a dot in the domain, no spaces): the real test
// of an address is the verification mail, not a regular expression.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;

export const EMAIL_MAX_LENGTH = 254;

export function isEmailShaped(email: string): boolean {
  return email.length <= EMAIL_MAX_LENGTH && EMAIL_SHAPE.test(email);
}
