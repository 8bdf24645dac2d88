import { describe, expect, it } from 'vitest';
import { TEST_ARGON2 } from '../testing/startTestCore.ts';
import { createPasswordHasher, normalizePassword, owaspArgon2id, parseArgon2Hash } from './passwordHasher.ts';

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

describe('parseArgon2Hash', () => {
  it('reads the algorithm, version and cost of a PHC string', async () => {
    const encoded = await createPasswordHasher({ memoryCost: 2048, timeCost: 3, parallelism: 2 }).hash('violet monsoon over glass tigers');
    expect(parseArgon2Hash(encoded)).toEqual({ algorithm: 'argon2id', version: 19, memoryCost: 2048, timeCost: 3, parallelism: 2 });
    expect(parseArgon2Hash('$argon2i$v=16$m=4096,t=3,p=1$c29tZXNhbHQ$aGFzaA')).toEqual({
      algorithm: 'argon2i',
      version: 16,
      memoryCost: 4096,
      timeCost: 3,
      parallelism: 1,
    });
  });

  it.each(['', 'not-a-phc-string', '$2b$12$abcdefghijklmnopqrstuu', '$argon2id$v=19$m=1024,t=1$c2FsdA$aGFzaA', '$argon2id$v=19$m=1024,t=1,p=1$c2FsdA'])(
    'answers undefined for %j',
    (encoded) => {
      expect(parseArgon2Hash(encoded)).toBeUndefined();
    },
  );
});

describe('needsRehash', () => {
  const hasher = createPasswordHasher(TEST_ARGON2);

  it('is false for a hash made with the current parameters', async () => {
    expect(hasher.needsRehash(await hasher.hash('violet monsoon over glass tigers'))).toBe(false);
  });

  it('is true when any parameter, the version or the algorithm differs, or the hash is not argon2', async () => {
    for (const other of [
      { ...TEST_ARGON2, memoryCost: 2048 },
      { ...TEST_ARGON2, timeCost: 2 },
      { ...TEST_ARGON2, parallelism: 2 },
    ]) {
      expect(hasher.needsRehash(await createPasswordHasher(other).hash('violet monsoon over glass tigers')), JSON.stringify(other)).toBe(true);
    }
    const encoded = await hasher.hash('violet monsoon over glass tigers');
    expect(hasher.needsRehash(encoded.replace('$v=19$', '$v=16$'))).toBe(true);
    expect(hasher.needsRehash(encoded.replace('$argon2id$', '$argon2i$'))).toBe(true);
    expect(hasher.needsRehash('$2b$12$abcdefghijklmnopqrstuu')).toBe(true);
  });

  it('compares with the OWASP defaults when no parameters are given', async () => {
    const defaults = createPasswordHasher();
    expect(defaults.needsRehash(await hasher.hash('x'))).toBe(true);
    expect(defaults.needsRehash(await createPasswordHasher(owaspArgon2id).hash('x'))).toBe(false);
  });
});
