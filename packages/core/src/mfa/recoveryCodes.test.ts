import { describe, expect, it } from 'vitest';
import { findRecoveryCode, generateRecoveryCodes, hashRecoveryCode, RECOVERY_CODE_ALPHABET } from './recoveryCodes.ts';

const KEY = 'test-recovery-key-0123456789abcdef0123';

describe('generateRecoveryCodes', () => {
  it('makes ten unique codes shaped xxxxx-xxxxx from the unambiguous alphabet', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[23456789abcdefghijkmnpqrstuvwxyz]{5}-[23456789abcdefghijkmnpqrstuvwxyz]{5}$/u);
  });

  it('uses an alphabet without 0, O, 1, l or I that gives at least 50 bits per code', () => {
    expect(RECOVERY_CODE_ALPHABET).not.toMatch(/[0Oo1lI]/u);
    expect(new Set(RECOVERY_CODE_ALPHABET).size).toBe(RECOVERY_CODE_ALPHABET.length);
    expect(10 * Math.log2(RECOVERY_CODE_ALPHABET.length)).toBeGreaterThanOrEqual(50);
  });

  it('draws new codes each time', () => {
    const first = new Set(generateRecoveryCodes());
    expect(generateRecoveryCodes().some((code) => first.has(code))).toBe(false);
  });
});

describe('hashRecoveryCode and findRecoveryCode', () => {
  const codes = generateRecoveryCodes();
  const stored = codes.map((code) => hashRecoveryCode({ code, key: KEY }));

  it('stores digests, not the codes', () => {
    for (const [i, digest] of stored.entries()) {
      expect(digest).toMatch(/^[A-Za-z0-9_-]{43}$/u);
      expect(digest).not.toContain(codes[i]!.replace('-', ''));
    }
  });

  it('finds each code at its index', () => {
    codes.forEach((code, index) => expect(findRecoveryCode({ input: code, storedHashes: stored, key: KEY })).toBe(index));
  });

  it('accepts upper case, spaces and a missing dash', () => {
    const code = codes[3]!;
    expect(findRecoveryCode({ input: code.toUpperCase(), storedHashes: stored, key: KEY })).toBe(3);
    expect(findRecoveryCode({ input: ` ${code.replace('-', ' ')} `, storedHashes: stored, key: KEY })).toBe(3);
    expect(findRecoveryCode({ input: code.replace('-', ''), storedHashes: stored, key: KEY })).toBe(3);
    expect(hashRecoveryCode({ code: code.toUpperCase().replace('-', ' '), key: KEY })).toBe(stored[3]);
  });

  it('answers -1 for a wrong code, a malformed one, or the right code under another key', () => {
    const wrong = codes[0]!.startsWith('a') ? `b${codes[0]!.slice(1)}` : `a${codes[0]!.slice(1)}`;
    expect(findRecoveryCode({ input: wrong, storedHashes: stored, key: KEY })).toBe(-1);
    expect(findRecoveryCode({ input: '', storedHashes: stored, key: KEY })).toBe(-1);
    expect(findRecoveryCode({ input: `${codes[0]}x`, storedHashes: stored, key: KEY })).toBe(-1);
    expect(findRecoveryCode({ input: codes[0]!, storedHashes: stored, key: 'another-key-0123456789abcdef0123456789' })).toBe(-1);
    expect(findRecoveryCode({ input: codes[0]!, storedHashes: [], key: KEY })).toBe(-1);
  });

  it('refuses an empty key', () => {
    expect(() => hashRecoveryCode({ code: codes[0]!, key: '' })).toThrow(/key/u);
  });
});
