import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, TestBrowser, type TestStack } from '../testing/startTestStack.ts';

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'another long and fine passphrase';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

interface SessionItem {
  id: string;
  current: boolean;
  browser: string | null;
  os: string | null;
  device: string;
  ipArea: string | null;
  lastSeenAt: string;
}

/** A browser that always sends the same User-Agent. */
class DeviceBrowser extends TestBrowser {
  private readonly userAgent: string;
  constructor(stack: TestStack, userAgent: string) {
    super(stack);
    this.userAgent = userAgent;
  }
  override request(method: 'GET' | 'POST' | 'DELETE', path: string, options: Parameters<TestBrowser['request']>[2] = {}) {
    return super.request(method, path, { ...options, headers: { 'user-agent': this.userAgent, ...options.headers } });
  }
}

describe('self-service account routes of the BFF', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ sessionCacheMs: 0 });
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function signedUp(userAgent = CHROME): Promise<{ browser: TestBrowser; email: string; userId: string }> {
    const browser = new DeviceBrowser(stack, userAgent);
    const email = `account-${randomUUID()}@example.com`;
    expect((await browser.signUp(email, PASSWORD)).status).toBe(200);
    const session = (await browser.request('GET', '/auth/session')).body as { user: { id: string } };
    return { browser, email, userId: session.user.id };
  }

  async function signedIn(email: string, userAgent = IPHONE, password = PASSWORD): Promise<TestBrowser> {
    const browser = new DeviceBrowser(stack, userAgent);
    expect((await browser.signIn(email, password)).status).toBe(200);
    return browser;
  }

  /** Pretends the user signed in `seconds` ago, by editing the stored sessions' `auth_time`. */
  async function age(userId: string, seconds: number): Promise<void> {
    const db = stack.core.db as never as Kysely<{ latch_bff_sessions: { user_id: string; data: unknown } }>;
    await db
      .updateTable('latch_bff_sessions')
      .set({ data: sql`jsonb_set(data, '{claims,auth_time}', to_jsonb(${Math.floor(Date.now() / 1000) - seconds}::int))` })
      .where('user_id', '=', userId)
      .execute();
  }

  const authed = async (browser: TestBrowser) => ((await browser.request('GET', '/auth/session')).body as { authenticated: boolean }).authenticated;

  it('answers 401 unauthenticated without a session and 403 without the CSRF header', async () => {
    const browser = new TestBrowser(stack);
    for (const [method, path] of [
      ['GET', '/auth/account'],
      ['POST', '/auth/account/email'],
      ['POST', '/auth/account/email/confirm'],
      ['POST', '/auth/account/password'],
      ['GET', '/auth/account/sessions'],
      ['DELETE', '/auth/account/sessions/abcdefghijklmnopqrstuv'],
      ['POST', '/auth/account/sessions/sign-out-others'],
      ['POST', '/auth/account/sessions/sign-out-all'],
      ['GET', '/auth/account/export'],
      ['DELETE', '/auth/account'],
    ] as const) {
      const response = await browser.request(method, path, method === 'POST' ? { json: {} } : {});
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(response.body).toMatchObject({ error: { code: 'unauthenticated' } });
    }
    const { browser: signedIn } = await signedUp();
    for (const [method, path] of [
      ['DELETE', '/auth/account'],
      ['POST', '/auth/account/password'],
      ['POST', '/auth/account/sessions/sign-out-all'],
    ] as const) {
      expect((await signedIn.request(method, path, { csrf: false })).body).toMatchObject({ error: { code: 'csrf_header_missing' } });
    }
    expect(await authed(signedIn)).toBe(true);
  });

  it('changes the email address with the code sent to the new one; the session shows it; the old one is told', async () => {
    const { browser, email, userId } = await signedUp();
    const next = `moved-${randomUUID()}@example.com`;
    expect((await browser.request('POST', '/auth/account/email', { json: { email: 'nope' } })).body).toMatchObject({ error: { code: 'invalid_email' } });
    expect((await browser.request('POST', '/auth/account/email', { json: { email: next, more: 1 } })).body).toMatchObject({ error: { code: 'invalid_request' } });
    const requested = await browser.request('POST', '/auth/account/email', { json: { email: next } });
    expect(requested.status).toBe(202);
    const mail = await browser.newestMail(next);
    expect(mail?.code).toMatch(/^\d{6}$/u);
    const wrong = await browser.request('POST', '/auth/account/email/confirm', { json: { code: mail!.code === '000000' ? '111111' : '000000' } });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({ error: { code: 'invalid_code' } });
    const confirmed = await browser.request('POST', '/auth/account/email/confirm', { json: { code: mail!.code } });
    expect(confirmed.body).toEqual({ email: next });
    const session = (await browser.request('GET', '/auth/session')).body as { user: { email: string; claims: { email: string } } };
    expect(session.user.email).toBe(next);
    expect(session.user.claims.email).toBe(next);
    expect((await browser.request('GET', '/auth/account')).body).toMatchObject({ id: userId, email: next, pendingEmail: null });
    expect((await browser.newestMail(email))?.subject).toMatch(/email address of your .* account was changed/u);
    // The new address signs in; the old one is an unknown account.
    expect((await new TestBrowser(stack).signIn(next, PASSWORD)).status).toBe(200);
    expect((await new TestBrowser(stack).signIn(email, PASSWORD)).status).toBe(422);
  });

  it('confirms by the emailed link only in a signed-in browser of that account; a taken address answers the same', async () => {
    const { browser, email: ownerEmail } = await signedUp();
    const { browser: other } = await signedUp();
    const same = await other.request('POST', '/auth/account/email', { json: { email: ownerEmail } });
    expect(same.status).toBe(202);
    expect((await browser.newestMail(ownerEmail))?.subject).toMatch(/Someone tried to use this address/u);

    const next = `link-${randomUUID()}@example.com`;
    await browser.request('POST', '/auth/account/email', { json: { email: next } });
    const link = /(https?:\/\/\S+\/auth\/account\/email\/confirm\?token=\S+)/u.exec((await browser.newestMail(next))!.text)?.[1];
    expect(link).toBeDefined();
    const path = new URL(link!).pathname + new URL(link!).search;
    const elsewhere = await new TestBrowser(stack).request('GET', path);
    expect(elsewhere.status).toBe(303);
    expect(elsewhere.headers.get('location')).toBe('/?email_link=signed_out');
    const opened = await browser.request('GET', path);
    expect(opened.headers.get('location')).toBe('/?email_link=email_changed');
    expect(((await browser.request('GET', '/auth/session')).body as { user: { email: string } }).user.email).toBe(next);
    expect((await browser.request('GET', path)).headers.get('location')).toBe('/?email_link=expired');
    expect((await browser.request('GET', '/auth/account/email/confirm?token=bad')).headers.get('location')).toBe('/?email_link=invalid');
  });

  it('needs a recent sign-in to change the address or delete the account, and to change the password without the current one', async () => {
    const { browser, userId } = await signedUp();
    await age(userId, 3600);
    for (const [method, path, json] of [
      ['POST', '/auth/account/email', { email: `x-${randomUUID()}@example.com` }],
      ['DELETE', '/auth/account', undefined],
      ['POST', '/auth/account/password', { newPassword: NEW_PASSWORD }],
    ] as const) {
      const refused = await browser.request(method, path, json === undefined ? {} : { json });
      expect(refused.status, path).toBe(401);
      expect(refused.body).toMatchObject({ error: { code: 'reauthentication_required' } });
    }
    expect(await authed(browser)).toBe(true);
    // With the current password, an old sign-in is enough.
    expect((await browser.request('POST', '/auth/account/password', { json: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } })).status).toBe(204);
  });

  it('changes the password: wrong current one refused; others signed out, this browser kept; a notice is mailed', async () => {
    const { browser, email } = await signedUp();
    const phone = await signedIn(email);
    const wrong = await browser.request('POST', '/auth/account/password', { json: { currentPassword: 'not the password at all', newPassword: NEW_PASSWORD } });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({ error: { code: 'invalid_current_password' } });
    const weak = await browser.request('POST', '/auth/account/password', { json: { currentPassword: PASSWORD, newPassword: 'short' } });
    expect(weak.body).toMatchObject({ error: { code: 'password_too_short' } });
    expect(await authed(phone)).toBe(true);

    expect((await browser.request('POST', '/auth/account/password', { json: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } })).status).toBe(204);
    expect(await authed(browser)).toBe(true);
    expect(await authed(phone)).toBe(false);
    expect((await browser.newestMail(email))?.subject).toMatch(/password was changed/u);
    expect((await new TestBrowser(stack).signIn(email, PASSWORD)).status).toBe(422);
    expect((await new TestBrowser(stack).signIn(email, NEW_PASSWORD)).status).toBe(200);
  });

  it('lists sessions with device, browser, IP area and the current one; revokes one by its public id; never another user’s', async () => {
    const { browser, email } = await signedUp(CHROME);
    const phone = await signedIn(email, IPHONE);
    const listed = (await browser.request('GET', '/auth/account/sessions')).body as { sessions: SessionItem[] };
    expect(listed.sessions).toHaveLength(2);
    const mine = listed.sessions.find((item) => item.current);
    const theirs = listed.sessions.find((item) => !item.current);
    expect(mine).toMatchObject({ browser: 'Chrome 131', os: 'Windows', device: 'desktop', ipArea: '127.0.0.0/24' });
    expect(theirs).toMatchObject({ browser: 'Safari 18', os: 'iOS', device: 'mobile' });
    // The public id is neither the cookie nor its hash.
    const cookie = browser.cookies.get('__Host-latch')!;
    for (const item of listed.sessions) expect(cookie).not.toContain(item.id);
    expect(JSON.stringify(listed)).not.toMatch(/idHash|id_hash|accessToken/u);

    const stranger = await signedUp();
    const foreign = await stranger.browser.request('DELETE', `/auth/account/sessions/${theirs!.id}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toMatchObject({ error: { code: 'session_not_found' } });
    expect((await stranger.browser.request('DELETE', '/auth/account/sessions/not!valid')).status).toBe(404);
    expect(await authed(phone)).toBe(true);

    expect((await browser.request('DELETE', `/auth/account/sessions/${theirs!.id}`)).status).toBe(204);
    expect(await authed(phone)).toBe(false);
    expect(await authed(browser)).toBe(true);
    expect((await browser.request('DELETE', `/auth/account/sessions/${theirs!.id}`)).status).toBe(404);
    expect(((await browser.request('GET', '/auth/account/sessions')).body as { sessions: SessionItem[] }).sessions).toHaveLength(1);
  });

  it('signs out everywhere else, then everywhere', async () => {
    const { browser, email } = await signedUp();
    const phones = [await signedIn(email), await signedIn(email)];
    const others = await browser.request('POST', '/auth/account/sessions/sign-out-others');
    expect(others.body).toEqual({ revoked: 2 });
    for (const phone of phones) expect(await authed(phone)).toBe(false);
    expect(await authed(browser)).toBe(true);
    const laptop = await signedIn(email, CHROME);
    const all = await laptop.request('POST', '/auth/account/sessions/sign-out-all');
    expect(all.status).toBe(204);
    expect(all.setCookies.some((line) => line.startsWith('__Host-latch=;'))).toBe(true);
    expect(await authed(browser)).toBe(false);
    expect(await authed(laptop)).toBe(false);
  });

  it('updates last seen at most every few minutes, not per request', async () => {
    const { browser, userId } = await signedUp();
    const db = stack.core.db as never as Kysely<{ latch_bff_sessions: { user_id: string; last_seen_at: Date } }>;
    const old = new Date(Date.now() - 10 * 60 * 1000);
    await db.updateTable('latch_bff_sessions').set({ last_seen_at: old }).where('user_id', '=', userId).execute();
    await browser.request('GET', '/auth/session');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const first = await db.selectFrom('latch_bff_sessions').select('last_seen_at').where('user_id', '=', userId).executeTakeFirstOrThrow();
    expect(new Date(first.last_seen_at).getTime()).toBeGreaterThan(Date.now() - 5000);
    const recent = new Date(Date.now() - 60 * 1000);
    await db.updateTable('latch_bff_sessions').set({ last_seen_at: recent }).where('user_id', '=', userId).execute();
    await browser.request('GET', '/auth/session');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = await db.selectFrom('latch_bff_sessions').select('last_seen_at').where('user_id', '=', userId).executeTakeFirstOrThrow();
    expect(new Date(second.last_seen_at).getTime()).toBe(recent.getTime());
  });

  it('downloads everything about the user as a JSON attachment, with no secret in it', async () => {
    const { browser, email, userId } = await signedUp();
    await signedIn(email);
    await browser.request('POST', '/auth/mfa/totp');
    const response = await browser.request('GET', '/auth/account/export');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="account-data-\d{4}-\d{2}-\d{2}\.json"$/u);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = response.body as { userId: string; sections: Record<string, unknown> };
    expect(body.userId).toBe(userId);
    expect(body.sections.account).toMatchObject({ email, hasPassword: true });
    expect(body.sections.sessions).toHaveLength(2);
    expect((body.sections.auditEvents as { events: { type: string }[] }).events.map((event) => event.type)).toContain('sign_in.succeeded');
    const text = JSON.stringify(body);
    const cookie = browser.cookies.get('__Host-latch')!;
    expect(text).not.toContain(cookie);
    expect(text).not.toMatch(/argon2|accessToken|refreshToken|idToken|codeDigest|"secret"/u);
  });

  it('deletes the account: sessions end, the old password fails like an unknown account, the export is refused, the address is free', async () => {
    const { browser, email, userId } = await signedUp();
    const phone = await signedIn(email);
    const deleted = await browser.request('DELETE', '/auth/account');
    expect(deleted.status).toBe(204);
    expect(await authed(browser)).toBe(false);
    expect(await authed(phone)).toBe(false);
    expect((await phone.request('GET', '/auth/account/export')).body).toMatchObject({ error: { code: 'unauthenticated' } });
    // The core refuses the export of a deleted user with a stable code.
    await expect(stack.core.account.exportData(userId)).rejects.toMatchObject({ status: 410, code: 'account_deleted' });
    const oldPassword = await new TestBrowser(stack).signIn(email, PASSWORD);
    const unknown = await new TestBrowser(stack).signIn(`nobody-${randomUUID()}@example.com`, PASSWORD);
    expect(oldPassword.status).toBe(unknown.status);
    expect((oldPassword.body as { error: { code: string } }).error.code).toBe((unknown.body as { error: { code: string } }).error.code);
    expect((await new TestBrowser(stack).signUp(email, PASSWORD)).status).toBe(200);
  });
});
