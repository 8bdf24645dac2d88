import { randomUUID } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, TestBrowser, type TestStack } from '../testing/startTestStack.ts';

const PASSWORD = 'correct horse battery staple';
const totpCode = (secret: string, steps = 0) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: Date.now() + steps * 30_000 });

describe('MFA routes of the BFF', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function signedIn(): Promise<{ browser: TestBrowser; email: string }> {
    const browser = new TestBrowser(stack);
    const email = `mfa-${randomUUID()}@example.com`;
    const done = await browser.signUp(email, PASSWORD);
    expect(done.status).toBe(200);
    return { browser, email };
  }

  it('answers 401 unauthenticated without a session, on every route', async () => {
    const browser = new TestBrowser(stack);
    for (const [method, path] of [
      ['GET', '/auth/mfa'],
      ['POST', '/auth/mfa/totp'],
      ['POST', '/auth/mfa/totp/confirm'],
      ['DELETE', '/auth/mfa/totp'],
      ['POST', '/auth/mfa/recovery-codes'],
    ] as const) {
      const response = await browser.request(method, path, method === 'POST' && path.endsWith('confirm') ? { json: { enrollmentId: 'x', code: '1' } } : {});
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(response.body).toMatchObject({ error: { code: 'unauthenticated' } });
    }
  });

  it('refuses state-changing requests without the CSRF header or from another origin', async () => {
    const { browser } = await signedIn();
    const noHeader = await browser.request('POST', '/auth/mfa/totp', { csrf: false });
    expect(noHeader.status).toBe(403);
    expect(noHeader.body).toMatchObject({ error: { code: 'csrf_header_missing' } });
    const foreign = await browser.request('DELETE', '/auth/mfa/totp', { headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatchObject({ error: { code: 'csrf_origin_mismatch' } });
    const regenerate = await browser.request('POST', '/auth/mfa/recovery-codes', { csrf: false });
    expect(regenerate.status).toBe(403);
  });

  it('enrolls the signed-in user, regenerates codes and removes the factor; the next sign-in asks for the code', async () => {
    const { browser, email } = await signedIn();
    expect((await browser.request('GET', '/auth/mfa')).body).toEqual({ factors: [], recoveryCodes: { remaining: 0 } });

    const started = await browser.request('POST', '/auth/mfa/totp');
    expect(started.status).toBe(201);
    const { enrollmentId, secret, qrSvg } = started.body as { enrollmentId: string; secret: string; qrSvg: string };
    expect(qrSvg).toMatch(/^<svg/u);

    const bad = await browser.request('POST', '/auth/mfa/totp/confirm', { json: { enrollmentId, code: 'abc', extra: true } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'invalid_request' } });
    const wrong = await browser.request('POST', '/auth/mfa/totp/confirm', { json: { enrollmentId, code: '99999' } });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({ error: { code: 'invalid_code' } });
    const confirmed = await browser.request('POST', '/auth/mfa/totp/confirm', { json: { enrollmentId, code: totpCode(secret) } });
    expect(confirmed.status).toBe(200);
    expect((confirmed.body as { recoveryCodes: string[] }).recoveryCodes).toHaveLength(10);

    const status = (await browser.request('GET', '/auth/mfa')).body as { factors: unknown[]; recoveryCodes: { remaining: number } };
    expect(status.factors).toHaveLength(1);
    expect(status.recoveryCodes.remaining).toBe(10);
    const regenerated = await browser.request('POST', '/auth/mfa/recovery-codes');
    expect((regenerated.body as { recoveryCodes: string[] }).recoveryCodes).toHaveLength(10);

    // Another user's session never reaches this user's factors.
    const other = await signedIn();
    expect((await other.browser.request('GET', '/auth/mfa')).body).toEqual({ factors: [], recoveryCodes: { remaining: 0 } });

    const next = new TestBrowser(stack);
    const challenged = await next.signIn(email, PASSWORD);
    const flow = challenged.body as { id: string; step: { name: string } };
    expect(flow.step.name).toBe('totp');
    expect(next.cookies.has('__Host-latch')).toBe(false);
    const done = await next.request('POST', `/auth/flows/${flow.id}/submit`, { json: { step: 'totp', action: 'submit', values: { code: totpCode(secret, 1) } } });
    expect(done.status).toBe(200);
    expect(next.cookies.has('__Host-latch')).toBe(true);
    const session = (await next.request('GET', '/auth/session')).body as { user: { claims: { amr?: string[] } } };
    expect(session.user.claims.amr).toEqual(['pwd', 'otp', 'mfa']);

    const removed = await browser.request('DELETE', '/auth/mfa/totp');
    expect(removed.status).toBe(204);
    const again = await browser.request('DELETE', '/auth/mfa/totp');
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ error: { code: 'totp_not_enrolled' } });
  });
});
