import { estimatePasswordStrength } from '@latch/elements';
import { describe, expect, it } from 'vitest';

const level = (password: string, options?: Parameters<typeof estimatePasswordStrength>[1]) => estimatePasswordStrength(password, options).level;

describe('estimatePasswordStrength', () => {
  it('is empty for nothing typed', () => {
    expect(estimatePasswordStrength('')).toEqual({ score: 0, level: 'empty', bits: 0 });
  });

  it('rates common passwords, runs, sequences and keyboard rows weak, also in l33t and capitals', () => {
    for (const weak of ['password', 'P@ssw0rdP@ssw0rd', 'iloveyouforever', 'qwertyuiopasdfghjkl', 'aaaaaaaaaaaaaaaa', 'abcdefghijklmnop', '123456789012345', 'abcabcabcabcabc', 'Password1234567!']) {
      expect(level(weak), weak).toBe('weak');
    }
  });

  it('rates long or random passwords higher', () => {
    expect(level('xkqzvjmwhrtplbn')).toBe('strong');
    expect(level('xkqzvjmwhrtplbnfgsdq')).toBe('very-strong');
    expect(level('correct horse battery staple')).toBe('very-strong');
    expect(level('w7(A@%Gdn|[u(Qua')).toBe('very-strong');
  });

  it('rates anything under the server minimum weak, counting characters rather than UTF-16 units', () => {
    expect(level('w7(A@%Gdn|[u(', { minLength: 15 })).toBe('weak');
    expect(level('w7(A@%Gdn|[u(Qua', { minLength: 15 })).toBe('very-strong');
    // Seven emoji: fourteen UTF-16 units, seven characters.
    expect(level('🦊🐙🦀🐢🦉🐝🦋', { minLength: 8 })).toBe('weak');
    expect(level('🦊🐙🦀🐢🦉🐝🦋🐌🦔🐿🦦🦥🦨🦡🐇', { minLength: 15 })).toBe('very-strong');
  });

  it('discounts what the user typed elsewhere (their email)', () => {
    const alone = estimatePasswordStrength('gracehopper1906x');
    const withEmail = estimatePasswordStrength('gracehopper1906x', { userInputs: ['grace.hopper@example.com'] });
    expect(withEmail.bits).toBeLessThan(alone.bits - 30);
    expect(withEmail.level).toBe('weak');
  });

  it('grows with length and never decreases when a random character is added', () => {
    const random = 'Kq7#vM2p!Zr9@Lx4$Nw6';
    let previous = 0;
    for (let length = 1; length <= random.length; length += 1) {
      const { bits } = estimatePasswordStrength(random.slice(0, length));
      expect(bits).toBeGreaterThanOrEqual(previous);
      previous = bits;
    }
  });
});
