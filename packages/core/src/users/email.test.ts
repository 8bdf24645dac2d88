import { describe, expect, it } from 'vitest';
import { EMAIL_MAX_LENGTH, isEmailShaped, normalizeEmail } from './email.ts';

describe('normalizeEmail', () => {
  it('trims, lower-cases and composes to NFC', () => {
    expect(normalizeEmail('  Ada@Example.COM ')).toBe('ada@example.com');
    expect(normalizeEmail('Jose\u0301@example.com')).toBe('jos\u00e9@example.com');
  });
});

describe('isEmailShaped', () => {
  it.each(['a@b.co', 'first.last+tag@sub.example.org'])('accepts %s', (email) => {
    expect(isEmailShaped(email)).toBe(true);
  });

  it.each(['', 'plain', 'a@b', '@example.com', 'a b@example.com', 'a@@example.com'])('refuses %j', (email) => {
    expect(isEmailShaped(email)).toBe(false);
  });

  it(`refuses addresses longer than ${EMAIL_MAX_LENGTH} characters`, () => {
    const local = 'a'.repeat(EMAIL_MAX_LENGTH);
    expect(isEmailShaped(`${local}@example.com`)).toBe(false);
  });
});
