import { describe, expect, it, vi } from 'vitest';
import { checkNewPassword, passwordLength } from './checkNewPassword.ts';
import { passwordPolicyDefaults } from './passwordPolicyDefaults.ts';

const policy = passwordPolicyDefaults;
const check = (password: string, email?: string) => checkNewPassword({ password, policy, ...(email ? { email } : {}) });

describe('passwordLength', () => {
  it('counts code points after NFKC, not UTF-16 units', () => {
    expect(passwordLength('😀'.repeat(8))).toBe(8); // 16 UTF-16 units
    expect(passwordLength('e\u0301')).toBe(1); // e + combining acute composes to é
    expect(passwordLength('\u00e9')).toBe(1);
    expect(passwordLength('\u2460')).toBe(1); // circled digit one → "1"
    expect(passwordLength('\ufb03')).toBe(3); // the "ffi" ligature decomposes to three letters
    // A combining mark with no precomposed form stays its own code point, as NIST counts it.
    expect(passwordLength('q\u0307')).toBe(2);
    // A family emoji is five code points joined by ZWJ: five characters, one glyph.
    expect(passwordLength('👨‍👩‍👧')).toBe(5);
  });
});

describe('checkNewPassword', () => {
  it(`defaults to ${passwordPolicyDefaults.minLength} characters, the NIST minimum for a single factor`, async () => {
    expect(passwordPolicyDefaults).toEqual({ minLength: 15, maxLength: 256 });
    await expect(check('x7#kq'.repeat(3).slice(0, 14))).resolves.toEqual({ code: 'password_too_short', min: 15 });
    await expect(check('x7#kq'.repeat(3))).resolves.toBeUndefined();
  });

  it('counts the normalised password: decomposed accents do not pad the length', async () => {
    // 15 UTF-16 units, but 10 characters once e + U+0301 is composed.
    const decomposed = 'cafe\u0301'.repeat(3);
    expect(decomposed).toHaveLength(15);
    await expect(check(decomposed)).resolves.toEqual({ code: 'password_too_short', min: 15 });
    // Seven emoji are 14 UTF-16 units and seven characters; fifteen are enough.
    await expect(check('🦊'.repeat(7))).resolves.toMatchObject({ code: 'password_too_short' });
    await expect(check('🦊🐙🦀🐢🦉🐝🦋🐌🦔🐿🦦🦥🦨🦡🐇')).resolves.toBeUndefined();
  });

  it('accepts 64 characters and more, up to the configured maximum', async () => {
    const long = 'glass tiger under a violet monsoon, humming '.repeat(6);
    expect(passwordLength(long)).toBeGreaterThan(64);
    await expect(check(long.slice(0, 64))).resolves.toBeUndefined();
    await expect(check(long.slice(0, 256))).resolves.toBeUndefined();
    await expect(check(`${long.slice(0, 256)}!`)).resolves.toEqual({ code: 'password_too_long', max: 256 });
    await expect(checkNewPassword({ password: 'y'.repeat(1024), policy: { minLength: 8, maxLength: 1024 } })).resolves.toBeUndefined();
  });

  it('imposes no composition rules', async () => {
    await expect(check('lowercase words only here')).resolves.toBeUndefined();
    await expect(check('958274610385729461')).resolves.toBeUndefined();
  });

  it('refuses blocklisted passwords, case-insensitively and after normalisation', async () => {
    for (const common of ['iloveyouforever', 'qwertyuiopasdfghjkl', 'ILoveYouForever', 'QWERTYUIOPasdfghjkl', '１２３４５６７８９０１２３４５']) {
      await expect(check(common), common).resolves.toEqual({ code: 'password_too_common' });
    }
    const shortPolicy = { minLength: 8, maxLength: 64 };
    for (const common of ['password123', 'Password123', '1q2w3e4r5t', 'PASSWORDPASSWORD']) {
      await expect(checkNewPassword({ password: common, policy: shortPolicy }), common).resolves.toEqual({ code: 'password_too_common' });
    }
  });

  it('lets uncommon passwords through', async () => {
    for (const uncommon of ['correct horse battery staple', 'violet monsoon over glass tigers', 'iloveyouforever and a day']) {
      await expect(check(uncommon), uncommon).resolves.toBeUndefined();
    }
  });

  it('refuses the email address, or its local part, as the password', async () => {
    const email = 'Grace.Hopper.Navy@example.com';
    await expect(check('grace.hopper.navy@example.com', email)).resolves.toEqual({ code: 'password_contains_email' });
    await expect(check('my login is GRACE.HOPPER.NAVY@EXAMPLE.COM', email)).resolves.toEqual({ code: 'password_contains_email' });
    await expect(check('Grace.Hopper.Navy', email)).resolves.toEqual({ code: 'password_contains_email' });
    // The local part inside a longer passphrase is fine: short local parts would refuse too much.
    await expect(check('grace.hopper.navy sails the cobol sea', email)).resolves.toBeUndefined();
    await expect(check('grace.hopper.navy@example.com', 'someone@else.example')).resolves.toBeUndefined();
  });

  it('checks the cheap rules before the blocklist', async () => {
    const isCommon = vi.fn(async () => true);
    await expect(checkNewPassword({ password: 'short', policy, isCommon })).resolves.toMatchObject({ code: 'password_too_short' });
    expect(isCommon).not.toHaveBeenCalled();
    await expect(checkNewPassword({ password: 'long enough but listed', policy, isCommon })).resolves.toEqual({ code: 'password_too_common' });
    expect(isCommon).toHaveBeenCalledWith('long enough but listed');
  });
});
