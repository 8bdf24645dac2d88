import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, TestBrowser, type TestStack } from '../testing/startTestStack.ts';

const OLD_PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'purple elephant tango sunrise';
const REDIS_URL = process.env.LATCH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const newEmail = () => `reset-${randomUUID()}@example.com`;

interface Flow {
  id: string;
  state: string;
  step: { name: string } | null;
}

describe.each([
  ['PGlite', async () => ({ stack: await startTestStack(), cleanup: async () => undefined })],
  [
    'PGlite with sessions in Redis',
    async () => {
      const redisKeyPrefix = `latch-test-${randomUUID()}`;
      const stack = await startTestStack({ redisUrl: REDIS_URL, redisKeyPrefix });
      return {
        stack,
        async cleanup() {
          const redis = new Redis(REDIS_URL);
          const keys = await redis.keys(`${redisKeyPrefix}:*`);
          if (keys.length > 0) await redis.del(...keys);
          await redis.quit();
        },
      };
    },
  ],
] as const)('password reset through the BFF on %s', (_name, start) => {
  let stack: TestStack;
  let cleanup: () => Promise<unknown>;
  beforeAll(async () => {
    ({ stack, cleanup } = await start());
  });
  afterAll(async () => {
    await stack?.close();
    await cleanup?.();
  });

  /** Asks for a reset in `browser` and answers the emailed code; returns the flow at `new-password`. */
  async function requestAndAnswer(browser: TestBrowser, email: string): Promise<Flow> {
    const created = await browser.request('POST', '/auth/flows/recovery');
    expect(created.status).toBe(201);
    const flow = created.body as Flow;
    expect(flow.step?.name).toBe('recovery-identifier');
    const asked = await browser.request('POST', `/auth/flows/${flow.id}/submit`, { json: { step: 'recovery-identifier', action: 'submit', values: { email } } });
    expect(asked.body).toMatchObject({ step: { name: 'recovery-email-code' } });
    const mail = (await browser.newestMail(email))!;
    expect(mail.subject).toBe('Reset your Latch password');
    const answered = await browser.request('POST', `/auth/flows/${flow.id}/submit`, { json: { step: 'recovery-email-code', action: 'submit', values: { code: mail.code } } });
    expect(answered.body).toMatchObject({ step: { name: 'new-password' } });
    return flow;
  }

  it('signs the user out everywhere, notifies them, and signs the resetting browser in with a new session', async () => {
    const email = newEmail();
    const first = new TestBrowser(stack);
    await first.signUp(email, OLD_PASSWORD);
    const second = new TestBrowser(stack);
    await second.signIn(email, OLD_PASSWORD);
    for (const browser of [first, second]) expect((await browser.request('GET', '/auth/session')).body).toMatchObject({ authenticated: true, user: { email } });
    const userId = ((await first.request('GET', '/auth/session')).body as { user: { id: string } }).user.id;

    const third = new TestBrowser(stack);
    const flow = await requestAndAnswer(third, email);
    const done = await third.request('POST', `/auth/flows/${flow.id}/submit`, { json: { step: 'new-password', action: 'submit', values: { password: NEW_PASSWORD } } });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ state: 'complete', step: null });
    expect(done.setCookies.some((line) => line.startsWith('__Host-latch='))).toBe(true);

    // Both older browsers are signed out, despite the session cache.
    for (const browser of [first, second]) expect((await browser.request('GET', '/auth/session')).body).toEqual({ authenticated: false });
    expect((await first.request('GET', '/account')).status).toBe(303);
    // The resetting browser is signed in with a session of its own.
    expect((await third.request('GET', '/auth/session')).body).toMatchObject({ authenticated: true, user: { id: userId, email } });

    // At the core, only the new login's records remain.
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from latch_oidc_payloads
      where type in ('Session', 'RefreshToken') and payload->>'accountId' = ${userId}`.execute(stack.core.db);
    expect(rows[0]!.n).toBe(2);

    expect((await third.newestMail(email))?.subject).toBe('Your Latch password was changed');

    const oldPassword = await new TestBrowser(stack).signIn(email, OLD_PASSWORD);
    expect(oldPassword.status).toBe(422);
    expect(oldPassword.body).toMatchObject({ error: { code: 'invalid_credentials' } });
    const newPassword = await new TestBrowser(stack).signIn(email, NEW_PASSWORD);
    expect(newPassword.body).toMatchObject({ state: 'complete' });

    const { events } = await stack.core.audit.list({ userId, types: ['recovery.requested', 'recovery.completed'] });
    expect(events.map((event) => event.type)).toEqual(['recovery.completed', 'recovery.requested']);
  });

  it('answers an unknown address exactly like a known one, and mails nothing', async () => {
    const email = newEmail();
    await new TestBrowser(stack).signUp(email, OLD_PASSWORD);
    const ask = async (address: string) => {
      const browser = new TestBrowser(stack);
      const flow = (await browser.request('POST', '/auth/flows/recovery')).body as Flow;
      return browser.request('POST', `/auth/flows/${flow.id}/submit`, { json: { step: 'recovery-identifier', action: 'submit', values: { email: address } } });
    };
    const unknownEmail = newEmail();
    const known = await ask(email);
    const unknown = await ask(unknownEmail);
    expect(unknown.status).toBe(known.status);
    const shape = (body: unknown) => JSON.stringify(body).replaceAll(email, 'x').replaceAll(unknownEmail, 'x').replace(/"(id|expiresAt)":"[^"]+"/gu, '');
    expect(shape(unknown.body)).toBe(shape(known.body));
    expect(await new TestBrowser(stack).newestMail(unknownEmail)).toBeUndefined();
  });

  it('the emailed link moves the flow on in the asking browser only, and lands on the reset page', async () => {
    const email = newEmail();
    await new TestBrowser(stack).signUp(email, OLD_PASSWORD);
    const browser = new TestBrowser(stack);
    const flow = (await browser.request('POST', '/auth/flows/recovery')).body as Flow;
    await browser.request('POST', `/auth/flows/${flow.id}/submit`, { json: { step: 'recovery-identifier', action: 'submit', values: { email } } });
    const { link } = (await browser.newestMail(email))!;
    expect(link).toContain(`${stack.url}/auth/reset-password?flow=${flow.id}&token=`);
    const path = new URL(link!).pathname + new URL(link!).search;

    const elsewhere = new TestBrowser(stack);
    expect((await elsewhere.request('GET', path)).headers.get('location')).toBe('/?email_link=other_browser');
    expect((await browser.request('GET', `/auth/flows/${flow.id}`)).body).toMatchObject({ step: { name: 'recovery-email-code' } });

    const opened = await browser.request('GET', path);
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe(`/reset-password?flow=${flow.id}`);
    expect((await browser.request('GET', `/auth/flows/${flow.id}`)).body).toMatchObject({ step: { name: 'new-password' } });
    // Opened again (or by a mail scanner): still lands on the page, the flow is where it was.
    expect((await browser.request('GET', path)).headers.get('location')).toBe(`/reset-password?flow=${flow.id}`);
  });

  it('refuses a wrong code and a weak new password with the usual codes', async () => {
    const email = newEmail();
    await new TestBrowser(stack).signUp(email, OLD_PASSWORD);
    const browser = new TestBrowser(stack);
    const flow = (await browser.request('POST', '/auth/flows/recovery')).body as Flow;
    await browser.request('POST', `/auth/flows/${flow.id}/submit`, { json: { step: 'recovery-identifier', action: 'submit', values: { email } } });
    const { code } = (await browser.newestMail(email))!;
    const wrong = await browser.request('POST', `/auth/flows/${flow.id}/submit`, {
      json: { step: 'recovery-email-code', action: 'submit', values: { code: code === '000000' ? '111111' : '000000' } },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({ error: { code: 'invalid_code' }, flow: { step: { name: 'recovery-email-code' } } });
    await browser.request('POST', `/auth/flows/${flow.id}/submit`, { json: { step: 'recovery-email-code', action: 'submit', values: { code } } });
    const weak = await browser.request('POST', `/auth/flows/${flow.id}/submit`, { json: { step: 'new-password', action: 'submit', values: { password: 'password' } } });
    expect(weak.status).toBe(422);
    expect(weak.body).toMatchObject({ error: { code: 'password_too_short' } });
  });
});
