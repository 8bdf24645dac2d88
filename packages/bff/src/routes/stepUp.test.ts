import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, TestBrowser, type TestStack } from '../testing/startTestStack.ts';

const PASSWORD = 'correct horse battery staple';
const totpCode = (secret: string, steps = 0) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: Date.now() + steps * 30_000 });

interface FlowBody {
  id: string;
  state: string;
  step: { name: string; fields: { name: string; value?: string; readOnly?: boolean }[] } | null;
}

describe('step-up: requireAuth and re-authentication', () => {
  let stack: TestStack;

  beforeAll(async () => {
    // No session cache, so a session row aged in the database is seen at once.
    stack = await startTestStack({ sessionCacheMs: 0 });
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function signedUp(): Promise<{ browser: TestBrowser; email: string; userId: string }> {
    const browser = new TestBrowser(stack);
    const email = `step-up-${randomUUID()}@example.com`;
    expect((await browser.signUp(email, PASSWORD)).status).toBe(200);
    const session = (await browser.request('GET', '/auth/session')).body as { user: { id: string } };
    return { browser, email, userId: session.user.id };
  }

  /** Pretends the user signed in `seconds` ago, by editing the stored session's `auth_time`. */
  async function age(userId: string, seconds: number): Promise<void> {
    const db = stack.core.db as never as Kysely<{ latch_bff_sessions: { user_id: string; data: unknown } }>;
    const rows = await db.selectFrom('latch_bff_sessions').select(['data']).where('user_id', '=', userId).execute();
    expect(rows).toHaveLength(1);
    const data = (typeof rows[0]?.data === 'string' ? JSON.parse(rows[0].data) : rows[0]?.data) as { claims: Record<string, unknown> };
    data.claims.auth_time = Math.floor(Date.now() / 1000) - seconds;
    await db
      .updateTable('latch_bff_sessions')
      .set({ data: sql`${JSON.stringify(data)}::jsonb` })
      .where('user_id', '=', userId)
      .execute();
  }

  async function reauthenticate(browser: TestBrowser, password = PASSWORD): Promise<{ status: number; body: unknown; flow: FlowBody }> {
    const started = await browser.request('POST', '/auth/flows/sign-in?reauth=1');
    expect(started.status).toBe(201);
    const flow = started.body as FlowBody;
    const done = await browser.request('POST', `/auth/flows/${flow.id}/submit`, { json: { step: 'password', action: 'submit', values: { password } } });
    return { status: done.status, body: done.body, flow };
  }

  it('puts auth_time and amr in the session claims', async () => {
    const { browser } = await signedUp();
    const session = (await browser.request('GET', '/auth/session')).body as { user: { claims: { auth_time?: number; amr?: string[] } } };
    expect(session.user.claims.amr).toEqual(['pwd']);
    expect(Math.abs((session.user.claims.auth_time ?? 0) - Date.now() / 1000)).toBeLessThan(60);
  });

  it('answers 401 unauthenticated without a session, and redirects pages', async () => {
    const browser = new TestBrowser(stack);
    const api = await browser.request('GET', '/api/recent');
    expect(api.status).toBe(401);
    expect(api.body).toMatchObject({ error: { code: 'unauthenticated' } });
    const page = await browser.request('GET', '/settings');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/sign-in?return_to=%2Fsettings');
  });

  it('refuses an old sign-in with reauthentication_required; re-authentication replaces the session', async () => {
    const { browser, userId } = await signedUp();
    expect((await browser.request('GET', '/api/recent')).status).toBe(200);
    await age(userId, 301);
    const refused = await browser.request('GET', '/api/recent');
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual({ error: { code: 'reauthentication_required', message: expect.any(String), maxAge: 300 } });
    const page = await browser.request('GET', '/settings');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/sign-in?return_to=%2Fsettings&reauth=1');

    const before = browser.cookies.get('__Host-latch');
    const { status, flow } = await reauthenticate(browser);
    // The flow starts at the password step with the signed-in address, read-only.
    expect(flow.step?.name).toBe('password');
    expect(flow.step?.fields.find((field) => field.name === 'email')).toMatchObject({ readOnly: true });
    expect(status).toBe(200);
    const after = browser.cookies.get('__Host-latch');
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    expect((await browser.request('GET', '/api/recent')).status).toBe(200);
    const session = (await browser.request('GET', '/auth/session')).body as { user: { id: string } };
    expect(session.user.id).toBe(userId);
  });

  it('needs a session to start a re-authentication, and a wrong password leaves the old session alone', async () => {
    expect((await new TestBrowser(stack).request('POST', '/auth/flows/sign-in?reauth=1')).status).toBe(401);
    const { browser, userId } = await signedUp();
    await age(userId, 301);
    const wrong = await reauthenticate(browser, 'not the password at all');
    expect(wrong.status).toBe(422);
    expect((await browser.request('GET', '/api/recent')).body).toMatchObject({ error: { code: 'reauthentication_required' } });
    expect((await browser.request('GET', '/auth/session')).body).toMatchObject({ authenticated: true });
  });

  it('refuses a re-authentication that ends as another account, keeping the current session', async () => {
    const { browser, userId } = await signedUp();
    const other = await signedUp();
    const started = await browser.request('POST', '/auth/flows/sign-in?reauth=1');
    const flow = started.body as FlowBody;
    const back = await browser.request('POST', `/auth/flows/${flow.id}/submit`, { json: { step: 'password', action: 'back', values: {} } });
    expect((back.body as FlowBody).step?.name).toBe('identifier');
    await browser.request('POST', `/auth/flows/${flow.id}/submit`, { json: { step: 'identifier', action: 'submit', values: { email: other.email } } });
    const done = await browser.request('POST', `/auth/flows/${flow.id}/submit`, { json: { step: 'password', action: 'submit', values: { password: PASSWORD } } });
    expect(done.status).toBe(403);
    expect(done.body).toMatchObject({ error: { code: 'reauthentication_account_mismatch' } });
    const session = (await browser.request('GET', '/auth/session')).body as { user: { id: string } };
    expect(session.user.id).toBe(userId);
  });

  it('asks for MFA: 403 mfa_not_enrolled without a factor, 401 mfa_required after a password-only sign-in, passes after TOTP', async () => {
    const { browser } = await signedUp();
    const notEnrolled = await browser.request('GET', '/api/mfa-only');
    expect(notEnrolled.status).toBe(403);
    expect(notEnrolled.body).toMatchObject({ error: { code: 'mfa_not_enrolled' } });

    const started = (await browser.request('POST', '/auth/mfa/totp')).body as { enrollmentId: string; secret: string };
    expect((await browser.request('POST', '/auth/mfa/totp/confirm', { json: { enrollmentId: started.enrollmentId, code: totpCode(started.secret) } })).status).toBe(200);
    const required = await browser.request('GET', '/api/mfa-only');
    expect(required.status).toBe(401);
    expect(required.body).toMatchObject({ error: { code: 'mfa_required' } });

    // Re-authentication asks for the app's code after the password, like any sign-in.
    const { status, body } = await reauthenticate(browser);
    expect(status).toBe(200);
    const totp = body as FlowBody;
    expect(totp.step?.name).toBe('totp');
    const done = await browser.request('POST', `/auth/flows/${totp.id}/submit`, { json: { step: 'totp', action: 'submit', values: { code: totpCode(started.secret, 1) } } });
    expect(done.status).toBe(200);
    expect((await browser.request('GET', '/api/mfa-only')).status).toBe(200);
  });

  it('guards removing the authenticator app and regenerating codes with a recent sign-in', async () => {
    const { browser, userId } = await signedUp();
    const started = (await browser.request('POST', '/auth/mfa/totp')).body as { enrollmentId: string; secret: string };
    await browser.request('POST', '/auth/mfa/totp/confirm', { json: { enrollmentId: started.enrollmentId, code: totpCode(started.secret) } });
    await age(userId, 601);
    const regenerate = await browser.request('POST', '/auth/mfa/recovery-codes');
    expect(regenerate.status).toBe(401);
    expect(regenerate.body).toMatchObject({ error: { code: 'reauthentication_required', maxAge: 600 } });
    const remove = await browser.request('DELETE', '/auth/mfa/totp');
    expect(remove.body).toMatchObject({ error: { code: 'reauthentication_required' } });
    expect(((await browser.request('GET', '/auth/mfa')).body as { factors: unknown[] }).factors).toHaveLength(1);
  });

  it('guards adding and removing passkeys with a recent sign-in', async () => {
    const { browser, userId } = await signedUp();
    await age(userId, 601);
    const options = await browser.request('POST', '/auth/passkeys/registration-options');
    expect(options.status).toBe(401);
    expect(options.body).toMatchObject({ error: { code: 'reauthentication_required', maxAge: 600 } });
    const add = await browser.request('POST', '/auth/passkeys', { json: { response: {} } });
    expect(add.body).toMatchObject({ error: { code: 'reauthentication_required' } });
    const remove = await browser.request('DELETE', '/auth/passkeys/pk_AAAAAAAAAAAA');
    expect(remove.body).toMatchObject({ error: { code: 'reauthentication_required' } });
    // Listing is not sensitive.
    expect((await browser.request('GET', '/auth/passkeys')).status).toBe(200);

    expect((await reauthenticate(browser)).status).toBe(200);
    expect((await browser.request('POST', '/auth/passkeys/registration-options')).status).toBe(200);
  });

  it('validates its options when created', () => {
    expect(() => stack.bff.requireAuth({ maxage: 5 } as never)).toThrow(/did you mean "maxAge"/u);
    expect(() => stack.bff.requireAuth({ maxAge: -1 })).toThrow(/maxAge/u);
    expect(() => stack.bff.requireAuth({ redirectTo: 'https://evil.example' })).toThrow(/redirectTo/u);
  });
});
