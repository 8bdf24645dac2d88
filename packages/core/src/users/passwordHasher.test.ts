import { describe, expect, it } from 'vitest';
import { TEST_ARGON2 } from '../testing/startTestCore.ts';
import { createPasswordHasher, normalizePassword, owaspArgon2id } from './passwordHasher.ts';

describe('createPasswordHasher', () => {
  const hasher = createPasswordHasher(TEST_ARGON2);

  it('hashes with argon2id in PHC format and verifies the same password', async () => {
    const encoded = await hasher.hash('correct horse battery staple');
    expect(encoded).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/u);
    expect(encoded).not.toContain('correct horse');
    await expect(hasher.verify(encoded, 'correct horse battery staple')).resolves.toBe(true);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hasher.hash('same password'), hasher.hash('same password')]);
    expect(a).not.toBe(b);
  });

  it('answers false for a wrong password', async () => {
    const encoded = await hasher.hash('correct horse battery staple');
    await expect(hasher.verify(encoded, 'correct horse battery stapler')).resolves.toBe(false);
    await expect(hasher.verify(encoded, '')).resolves.toBe(false);
  });

  it('answers false, not an exception, for a corrupt stored hash', async () => {
    await expect(hasher.verify('not-a-phc-string', 'anything')).resolves.toBe(false);
  });

  it('normalises to NFKC, so composed and decomposed input are the same password', async () => {
    const composed = 'caf\u00e9 \u2460'; // é as one code point, circled digit one
    const decomposed = 'cafe\u0301 1'; // e + combining acute, plain 1
    expect(normalizePassword(composed)).toBe(normalizePassword(decomposed));
    const encoded = await hasher.hash(composed);
    await expect(hasher.verify(encoded, decomposed)).resolves.toBe(true);
  });

  it('spends a real verification on an unknown user and still answers false', async () => {
    await expect(hasher.verify(null, 'whatever')).resolves.toBe(false);
    await expect(hasher.verify(null, 'latch-timing-equaliser')).resolves.toBe(false);
  });

  it('verifies hashes made with other parameters (they travel in the hash)', async () => {
    const stronger = createPasswordHasher({ memoryCost: 2048, timeCost: 2, parallelism: 1 });
    const encoded = await stronger.hash('pa55word-pa55word');
    await expect(hasher.verify(encoded, 'pa55word-pa55word')).resolves.toBe(true);
  });

  it("defaults to OWASP's first argon2id recommendation", () => {
    expect(owaspArgon2id).toEqual({ memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  });
});
