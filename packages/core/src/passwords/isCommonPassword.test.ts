import { describe, expect, it } from 'vitest';
import { isCommonPassword, loadCommonPasswords } from './isCommonPassword.ts';

describe('the common-password blocklist', () => {
  it('holds at least 100,000 normalised, lower-case entries of 8 characters or more', async () => {
    const blocklist = await loadCommonPasswords();
    expect(blocklist.size).toBeGreaterThanOrEqual(100_000);
    for (const entry of blocklist) {
      if (entry !== entry.normalize('NFKC').toLowerCase() || [...entry].length < 8) throw new Error(`bad entry ${JSON.stringify(entry)}`);
    }
  });

  it('is loaded once and shared', async () => {
    const [a, b] = await Promise.all([loadCommonPasswords(), loadCommonPasswords()]);
    expect(a).toBe(b);
    expect(await loadCommonPasswords()).toBe(a);
  });

  it('answers hits and misses, case-insensitively', async () => {
    await expect(isCommonPassword('password123')).resolves.toBe(true);
    await expect(isCommonPassword('PassWord123')).resolves.toBe(true);
    await expect(isCommonPassword('iloveyouforever')).resolves.toBe(true);
    await expect(isCommonPassword('passwordpassword')).resolves.toBe(true);
    await expect(isCommonPassword('correct horse battery staple')).resolves.toBe(false);
    await expect(isCommonPassword('violet monsoon over glass tigers')).resolves.toBe(false);
  });
});
