import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * Recovery codes: shown once, stored only as HMAC-SHA-256 digests under a
 * per-deployment key (like emailed codes), so a leaked table cannot be
 * brute-forced offline without the key too.
 *
 * The alphabet has no 0, o, 1 or l (and codes are shown in lower case, so no
 * capital I): 32 symbols, 5 bits each, 50 bits per 10-character code. Also
 * dropping `i` would leave 31 symbols and 49.5 bits.
 */
export const RECOVERY_CODE_ALPHABET = '23456789abcdefghijkmnpqrstuvwxyz';
export const RECOVERY_CODE_LENGTH = 10;
export const RECOVERY_CODE_COUNT = 10;

/** Ten fresh codes, formatted `xxxxx-xxxxx`, all different. */
export function generateRecoveryCodes(): string[] {
  const codes = new Set<string>();
  while (codes.size < RECOVERY_CODE_COUNT) {
    let raw = '';
    for (let i = 0; i < RECOVERY_CODE_LENGTH; i++) raw += RECOVERY_CODE_ALPHABET[randomInt(RECOVERY_CODE_ALPHABET.length)];
    codes.add(`${raw.slice(0, 5)}-${raw.slice(5)}`);
  }
  return [...codes];
}

/** What people type: case, spaces and dashes do not matter. */
export function normalizeRecoveryCode(input: string): string {
  return input.normalize('NFKC').toLowerCase().replace(/[\s-]/gu, '');
}

/** The digest to store for `code` (base64url HMAC-SHA-256 of the normalised code). */
export function hashRecoveryCode({ code, key }: { code: string; key: string | Uint8Array }): string {
  if (key.length === 0) throw new TypeError('hashRecoveryCode: key must not be empty');
  return createHmac('sha256', key).update(normalizeRecoveryCode(code)).digest('base64url');
}

/**
 * The index in `storedHashes` of the digest `input` matches, or -1. Every
 * stored digest is compared in constant time and the loop never stops early,
 * so the answer's timing says nothing about which code (if any) matched.
 */
export function findRecoveryCode({
  input,
  storedHashes,
  key,
}: {
  input: string;
  storedHashes: readonly string[];
  key: string | Uint8Array;
}): number {
  const normalized = normalizeRecoveryCode(input);
  // Only the shape is checked before hashing; it is public anyway.
  if (normalized.length !== RECOVERY_CODE_LENGTH) return -1;
  const actual = Buffer.from(hashRecoveryCode({ code: normalized, key }), 'base64url');
  let found = -1;
  storedHashes.forEach((stored, index) => {
    const expected = Buffer.from(stored, 'base64url');
    if (expected.length === actual.length && timingSafeEqual(expected, actual) && found === -1) found = index;
  });
  return found;
}
