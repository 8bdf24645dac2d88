import { Secret, TOTP, URI } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { createTotpEnrollment, verifyTotp } from './totp.ts';

// RFC 6238 appendix B's SHA-1 key, "12345678901234567890", in base32.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const STEP_MS = 30_000;
// Mid-step, so ±1 step is unambiguous.
const NOW = new Date('2030-01-01T00:00:15Z');
const STEP = Math.floor(NOW.getTime() / STEP_MS);

// What an authenticator app shows `steps` steps from NOW.
const codeAt = (secret: string, steps: number) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: NOW.getTime() + steps * STEP_MS });

describe('createTotpEnrollment', () => {
  it('creates a 160-bit base32 secret and a key URI naming issuer and account, URL-encoded', async () => {
    const enrollment = await createTotpEnrollment({ issuer: 'Acme Co & Sons', accountName: 'ada+mfa@example.com' });
    expect(enrollment.secret).toMatch(/^[A-Z2-7]{32}$/u);
    const uri = new URL(enrollment.uri);
    expect(uri.protocol).toBe('otpauth:');
    expect(enrollment.uri).toContain('/Acme%20Co%20%26%20Sons:ada%2Bmfa%40example.com?');
    expect(uri.searchParams.get('issuer')).toBe('Acme Co & Sons');
    expect(uri.searchParams.get('secret')).toBe(enrollment.secret);
    expect(uri.searchParams.get('algorithm')).toBe('SHA1');
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');
  });

  it('draws a different secret each time', async () => {
    const a = await createTotpEnrollment({ issuer: 'Acme', accountName: 'ada@example.com' });
    const b = await createTotpEnrollment({ issuer: 'Acme', accountName: 'ada@example.com' });
    expect(a.secret).not.toBe(b.secret);
  });

  it('renders the QR code as a self-contained SVG', async () => {
    const { qrSvg } = await createTotpEnrollment({ issuer: 'Acme', accountName: 'ada@example.com' });
    expect(qrSvg.trimStart()).toMatch(/^<svg[\s>]/u);
    expect(qrSvg.trimEnd()).toMatch(/<\/svg>$/u);
    // The SVG namespace is an identifier, not something fetched; nothing else may point outside.
    const withoutNamespace = qrSvg.replace('xmlns="http://www.w3.org/2000/svg"', '');
    expect(withoutNamespace).not.toMatch(/http/iu);
    expect(qrSvg).not.toMatch(/href|url\(|<image|<script/iu);
  });

  it('refuses an empty issuer or account name, or one with a colon', async () => {
    await expect(createTotpEnrollment({ issuer: '', accountName: 'ada@example.com' })).rejects.toThrow(/issuer/u);
    await expect(createTotpEnrollment({ issuer: 'Acme', accountName: ' ' })).rejects.toThrow(/accountName/u);
    await expect(createTotpEnrollment({ issuer: 'Acme:Corp', accountName: 'ada@example.com' })).rejects.toThrow(/":"/u);
  });

  it('produces codes an authenticator computing from the URI would show', async () => {
    const { uri, secret } = await createTotpEnrollment({ issuer: 'Acme', accountName: 'ada@example.com' });
    const app = URI.parse(uri);
    expect(verifyTotp({ secret, code: app.generate({ timestamp: NOW.getTime() }), now: NOW })).toEqual({ ok: true, step: STEP });
  });
});

describe('verifyTotp', () => {
  it('matches RFC 6238 test vector (T = 59 s, truncated to six digits)', () => {
    expect(verifyTotp({ secret: RFC_SECRET, code: '287082', now: new Date(59_000) })).toEqual({ ok: true, step: 1 });
  });

  it('accepts the current code and answers its step', () => {
    expect(verifyTotp({ secret: RFC_SECRET, code: codeAt(RFC_SECRET, 0), now: NOW })).toEqual({ ok: true, step: STEP });
  });

  it('accepts the codes one step either side (drift)', () => {
    expect(verifyTotp({ secret: RFC_SECRET, code: codeAt(RFC_SECRET, -1), now: NOW })).toEqual({ ok: true, step: STEP - 1 });
    expect(verifyTotp({ secret: RFC_SECRET, code: codeAt(RFC_SECRET, 1), now: NOW })).toEqual({ ok: true, step: STEP + 1 });
  });

  it('refuses codes two steps away', () => {
    expect(verifyTotp({ secret: RFC_SECRET, code: codeAt(RFC_SECRET, -2), now: NOW })).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyTotp({ secret: RFC_SECRET, code: codeAt(RFC_SECRET, 2), now: NOW })).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a wrong code', () => {
    const right = codeAt(RFC_SECRET, 0);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    expect(verifyTotp({ secret: RFC_SECRET, code: wrong, now: NOW })).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a replay of the same step, and a code from an earlier step', () => {
    const first = verifyTotp({ secret: RFC_SECRET, code: codeAt(RFC_SECRET, 0), now: NOW });
    expect(first).toEqual({ ok: true, step: STEP });
    const lastUsedStep = STEP;
    expect(verifyTotp({ secret: RFC_SECRET, code: codeAt(RFC_SECRET, 0), now: NOW, lastUsedStep })).toEqual({ ok: false, reason: 'replayed' });
    expect(verifyTotp({ secret: RFC_SECRET, code: codeAt(RFC_SECRET, -1), now: NOW, lastUsedStep })).toEqual({ ok: false, reason: 'replayed' });
    // Still replayed 20 s later, within the drift window of the next step.
    const later = new Date(NOW.getTime() + 20_000);
    expect(verifyTotp({ secret: RFC_SECRET, code: codeAt(RFC_SECRET, 0), now: later, lastUsedStep })).toEqual({ ok: false, reason: 'replayed' });
    expect(verifyTotp({ secret: RFC_SECRET, code: codeAt(RFC_SECRET, 1), now: later, lastUsedStep })).toEqual({ ok: true, step: STEP + 1 });
  });

  it('accepts spaces inside and around the code', () => {
    const code = codeAt(RFC_SECRET, 0);
    expect(verifyTotp({ secret: RFC_SECRET, code: ` ${code.slice(0, 3)} ${code.slice(3)}\t`, now: NOW })).toEqual({ ok: true, step: STEP });
  });

  it.each(['', '12345', '1234567', '12a456', '123-45', 'abcdef', '１２３４５'])('refuses malformed input %j', (code) => {
    expect(verifyTotp({ secret: RFC_SECRET, code, now: NOW })).toEqual({ ok: false, reason: 'malformed' });
  });
});
