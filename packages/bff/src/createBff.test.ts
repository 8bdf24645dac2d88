import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestSchema } from '@latch/core/testing';
import express from 'express';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBff } from './createBff.ts';
import { createSessionStore } from './storage/createSessionStore.ts';
import { startTestStack, TestBrowser, type TestStack } from './testing/startTestStack.ts';

const PASSWORD = 'correct horse battery staple';
const REDIS_URL = process.env.LATCH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const newEmail = () => `user-${randomUUID()}@example.com`;

interface Flow {
  id: string;
  state: string;
  step: { name: string } | null;
  messages: { code: string }[];
}

async function countRows(stack: TestStack, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(stack.core.db);
  return rows[0]!.n;
}

interface SessionBackend {
  /** How many sessions the backend holds, and whether it holds one under this key (the cookie's hash). */
  countSessions(): Promise<number>;
  hasSessionKey(key: string): Promise<boolean>;
}

function sqlSessions(stack: () => TestStack): SessionBackend {
  return {
    countSessions: () => countRows(stack(), 'latch_bff_sessions'),
    async hasSessionKey(key) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from latch_bff_sessions where id_hash = ${key}`.execute(stack().core.db);
      return rows[0]!.n > 0;
    },
  };
}

function redisSessions(prefix: string): SessionBackend & { close(): Promise<void> } {
  const redis = new Redis(REDIS_URL);
  return {
    countSessions: async () => (await redis.keys(`${prefix}:bff:session:*`)).length,
    hasSessionKey: async (key) => (await redis.exists(`${prefix}:bff:session:${key}`)) === 1,
    async close() {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    },
  };
}

describe.each([
  [
    'PGlite',
    async () => {
      const stack = await startTestStack();
      return { stack, sessions: sqlSessions(() => stack), cleanup: async () => undefined };
    },
  ],
  [
    'PostgreSQL',
    async () => {
      const schema = await createTestSchema('latch_bff_test');
      const stack = await startTestStack({ databaseUrl: schema.databaseUrl });
      return { stack, sessions: sqlSessions(() => stack), cleanup: () => schema.drop() };
    },
  ],
  [
    'PGlite with sessions and rate limits in Redis',
    async () => {
      // A key prefix of this run's own, so parallel runs never share sessions or counters.
      const redisKeyPrefix = `latch-test-${randomUUID()}`;
      const stack = await startTestStack({ redisUrl: REDIS_URL, redisKeyPrefix });
      const sessions = redisSessions(redisKeyPrefix);
      return { stack, sessions, cleanup: () => sessions.close() };
    },
  ],
] as const)('sign-up, sign-in and sign-out through the BFF on %s', (_name, start) => {
  let stack: TestStack;
  let sessions: SessionBackend;
  let cleanup: () => Promise<unknown>;
  beforeAll(async () => {
    ({ stack, sessions, cleanup } = await start());
  });
  afterAll(async () => {
    await stack?.close();
    await cleanup?.();
  });

  it('signs a new user up and answers the session with their email', async () => {
    const browser = new TestBrowser(stack);
    const email = newEmail();
    const done = await browser.signUp(email, PASSWORD);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ state: 'complete', step: null });
    expect(done.body).not.toHaveProperty('redirectTo');

    const session = await browser.request('GET', '/auth/session');
    expect(session.body).toMatchObject({ authenticated: true, user: { email, claims: { email } } });
    expect((session.body as { user: { id: string } }).user.id).toMatch(/\S/u);
  });

  it('sets one httpOnly, Secure, SameSite=Lax __Host- cookie that names a hashed server-side session', async () => {
    const browser = new TestBrowser(stack);
    const done = await browser.signUp(newEmail(), PASSWORD);
    const cookie = done.setCookies.find((line) => line.startsWith('__Host-latch='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/; HttpOnly/iu);
    expect(cookie).toMatch(/; Secure/iu);
    expect(cookie).toMatch(/; SameSite=Lax/iu);
    expect(cookie).toMatch(/; Path=\//iu);
    expect(cookie).not.toMatch(/Domain=/iu);
    // Tokens stay server-side: the cookie is an opaque id, and the table holds only its hash.
    const value = browser.cookies.get('__Host-latch')!;
    expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/u);
    expect(await sessions.hasSessionKey(value)).toBe(false);
    expect(await sessions.hasSessionKey(createHash('sha256').update(value).digest('base64url'))).toBe(true);
  });

  it('starts a new session id at every sign-in and ends the previous one', async () => {
    const browser = new TestBrowser(stack);
    const email = newEmail();
    await browser.signUp(email, PASSWORD);
    const first = browser.cookies.get('__Host-latch')!;
    const again = await browser.signIn(email, PASSWORD);
    expect(again.body).toMatchObject({ state: 'complete' });
    const second = browser.cookies.get('__Host-latch')!;
    expect(second).not.toBe(first);

    const stale = new TestBrowser(stack);
    stale.cookies.set('__Host-latch', first);
    expect((await stale.request('GET', '/auth/session')).body).toEqual({ authenticated: false });
  });

  it('refuses a wrong password without signing in, then accepts the right one in the same flow', async () => {
    const browser = new TestBrowser(stack);
    const email = newEmail();
    await new TestBrowser(stack).signUp(email, PASSWORD);

    const created = await browser.request('POST', '/auth/flows/sign-in');
    const flow = created.body as Flow;
    await browser.request('POST', `/auth/flows/${flow.id}/submit`, { json: { step: 'identifier', action: 'submit', values: { email } } });
    const wrong = await browser.request('POST', `/auth/flows/${flow.id}/submit`, {
      json: { step: 'password', action: 'submit', values: { email, password: 'not the password' } },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({ error: { code: 'invalid_credentials' }, flow: { step: { name: 'password' } } });
    expect(browser.cookies.has('__Host-latch')).toBe(false);

    const right = await browser.request('POST', `/auth/flows/${flow.id}/submit`, {
      json: { step: 'password', action: 'submit', values: { email, password: PASSWORD } },
    });
    expect(right.body).toMatchObject({ state: 'complete' });
    expect((await browser.request('GET', '/auth/session')).body).toMatchObject({ authenticated: true, user: { email } });
  });

  it('answers an unknown email exactly like a wrong password', async () => {
    const browser = new TestBrowser(stack);
    const response = await browser.signIn(newEmail(), PASSWORD);
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ error: { code: 'invalid_credentials' } });
  });

  it('logs out: the BFF session, the refresh token and the core login session all end', async () => {
    const browser = new TestBrowser(stack);
    await browser.signUp(newEmail(), PASSWORD);
    const cookie = browser.cookies.get('__Host-latch')!;
    const userId = ((await browser.request('GET', '/auth/session')).body as { user: { id: string } }).user.id;
    const coreRecords = async (type: string) =>
      (
        await sql<{ n: number }>`select count(*)::int as n from latch_oidc_payloads
          where type = ${type} and payload->>'accountId' = ${userId}`.execute(stack.core.db)
      ).rows[0]!.n;
    expect(await coreRecords('Session')).toBe(1);
    expect(await coreRecords('RefreshToken')).toBe(1);
    const sessionsBefore = await sessions.countSessions();

    const out = await browser.request('POST', '/auth/logout');
    expect(out.status).toBe(204);
    expect(out.setCookies.some((line) => line.startsWith('__Host-latch=;'))).toBe(true);
    expect((await browser.request('GET', '/auth/session')).body).toEqual({ authenticated: false });
    expect(await sessions.countSessions()).toBe(sessionsBefore - 1);
    // The core's login session is gone and the refresh token is revoked.
    expect(await coreRecords('Session')).toBe(0);
    expect(await coreRecords('RefreshToken')).toBe(0);

    const replay = new TestBrowser(stack);
    replay.cookies.set('__Host-latch', cookie);
    expect((await replay.request('GET', '/auth/session')).body).toEqual({ authenticated: false });
  });

  it('answers a sign-up for a taken address like a new one, and mails the owner instead of a code', async () => {
    const email = newEmail();
    await new TestBrowser(stack).signUp(email, PASSWORD);
    const usersBefore = await countRows(stack, 'latch_users');
    const attacker = new TestBrowser(stack);
    const flow = (await attacker.request('POST', '/auth/flows/sign-up')).body as { id: string };
    const answered = await attacker.request('POST', `/auth/flows/${flow.id}/submit`, {
      json: { step: 'credentials', action: 'submit', values: { email: email.toUpperCase(), password: PASSWORD } },
    });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ state: 'active', step: { name: 'verify-email' } });
    const mail = await attacker.newestMail(email);
    expect(mail).toMatchObject({ subject: 'You already have an account at Latch', code: undefined });
    const guess = await attacker.request('POST', `/auth/flows/${flow.id}/submit`, { json: { step: 'verify-email', action: 'submit', values: { code: '123456' } } });
    expect(guess.status).toBe(422);
    expect(guess.body).toMatchObject({ error: { code: 'invalid_code' } });
    expect(await countRows(stack, 'latch_users')).toBe(usersBefore);
  });

  it('verifies an address by code: wrong code 422 invalid_code, then the right one signs in with email_verified', async () => {
    const browser = new TestBrowser(stack);
    const email = newEmail();
    const flow = (await browser.request('POST', '/auth/flows/sign-up')).body as { id: string };
    await browser.request('POST', `/auth/flows/${flow.id}/submit`, { json: { step: 'credentials', action: 'submit', values: { email, password: PASSWORD } } });
    const { code } = (await browser.newestMail(email))!;
    const wrong = await browser.request('POST', `/auth/flows/${flow.id}/submit`, {
      json: { step: 'verify-email', action: 'submit', values: { code: code === '000000' ? '999999' : '000000' } },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({ error: { code: 'invalid_code' }, flow: { step: { name: 'verify-email' } } });
    expect((await browser.request('GET', '/auth/session')).body).toEqual({ authenticated: false });
    const done = await browser.request('POST', `/auth/flows/${flow.id}/submit`, { json: { step: 'verify-email', action: 'submit', values: { code } } });
    expect(done.body).toMatchObject({ state: 'complete' });
    expect((await browser.request('GET', '/auth/session')).body).toMatchObject({ authenticated: true, user: { email, claims: { email_verified: true } } });
    const replay = await browser.request('POST', `/auth/flows/${flow.id}/submit`, { json: { step: 'verify-email', action: 'submit', values: { code } } });
    expect(replay.status).toBe(404); // the flow's binding ends with it
  });

  it('verifies by link in the same browser: 303 to signedInPath, signed in; the link is single-use', async () => {
    const browser = new TestBrowser(stack);
    const email = newEmail();
    const flow = (await browser.request('POST', '/auth/flows/sign-up')).body as { id: string };
    await browser.request('POST', `/auth/flows/${flow.id}/submit`, { json: { step: 'credentials', action: 'submit', values: { email, password: PASSWORD } } });
    const { link } = (await browser.newestMail(email))!;
    expect(link).toContain(`${stack.url}/auth/verify-email?flow=${flow.id}&token=`);
    const opened = await browser.request('GET', new URL(link!).pathname + new URL(link!).search);
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe('/');
    expect((await browser.request('GET', '/auth/session')).body).toMatchObject({ authenticated: true, user: { email } });
    const again = await new TestBrowser(stack).request('GET', new URL(link!).pathname + new URL(link!).search);
    expect(again.headers.get('location')).toBe('/?email_link=expired');
  });

  it('verifies by link in another browser without signing it in; the first tab then finishes', async () => {
    const browser = new TestBrowser(stack);
    const email = newEmail();
    const flow = (await browser.request('POST', '/auth/flows/sign-up')).body as { id: string };
    await browser.request('POST', `/auth/flows/${flow.id}/submit`, { json: { step: 'credentials', action: 'submit', values: { email, password: PASSWORD } } });
    const { link } = (await browser.newestMail(email))!;
    const elsewhere = new TestBrowser(stack);
    const opened = await elsewhere.request('GET', new URL(link!).pathname + new URL(link!).search);
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe('/?email_link=verified');
    expect((await elsewhere.request('GET', '/auth/session')).body).toEqual({ authenticated: false });
    const waiting = await browser.request('GET', `/auth/flows/${flow.id}`);
    expect(waiting.body).toMatchObject({ step: { name: 'email-verified' } });
    const done = await browser.request('POST', `/auth/flows/${flow.id}/submit`, { json: { step: 'email-verified', action: 'submit', values: {} } });
    expect(done.body).toMatchObject({ state: 'complete' });
    expect((await browser.request('GET', '/auth/session')).body).toMatchObject({ authenticated: true, user: { email } });
  });

  it('refuses a malformed or wrong link with a redirect, never an error page', async () => {
    const browser = new TestBrowser(stack);
    expect((await browser.request('GET', '/auth/verify-email?flow=nope&token=x')).headers.get('location')).toBe('/?email_link=invalid');
    const flow = (await browser.request('POST', '/auth/flows/sign-up')).body as { id: string };
    await browser.request('POST', `/auth/flows/${flow.id}/submit`, { json: { step: 'credentials', action: 'submit', values: { email: newEmail(), password: PASSWORD } } });
    const wrong = await browser.request('GET', `/auth/verify-email?flow=${flow.id}&token=${'A'.repeat(43)}`);
    expect(wrong.headers.get('location')).toBe('/?email_link=invalid');
  });

  it('signs in with an emailed code, answering an unknown address identically', async () => {
    const email = newEmail();
    await new TestBrowser(stack).signUp(email, PASSWORD);
    const ask = async (browser: TestBrowser, address: string) => {
      const flow = (await browser.request('POST', '/auth/flows/sign-in')).body as { id: string };
      const answered = await browser.request('POST', `/auth/flows/${flow.id}/submit`, { json: { step: 'identifier', action: 'email-code', values: { email: address } } });
      return { flow, answered };
    };
    const browser = new TestBrowser(stack);
    const known = await ask(browser, email);
    const unknown = await ask(new TestBrowser(stack), newEmail());
    expect(known.answered.status).toBe(unknown.answered.status);
    expect(known.answered.body).toMatchObject({ step: { name: 'sign-in-code' } });
    expect(unknown.answered.body).toMatchObject({ step: { name: 'sign-in-code' } });
    const mail = (await browser.newestMail(email))!;
    expect(mail.subject).toBe(`${mail.code} is your Latch sign-in code`);
    const done = await browser.request('POST', `/auth/flows/${known.flow.id}/submit`, { json: { step: 'sign-in-code', action: 'submit', values: { code: mail.code } } });
    expect(done.body).toMatchObject({ state: 'complete' });
    expect((await browser.request('GET', '/auth/session')).body).toMatchObject({ authenticated: true, user: { email } });
  });

  it('signs in with the magic link only in the browser that asked for it', async () => {
    const email = newEmail();
    await new TestBrowser(stack).signUp(email, PASSWORD);
    const browser = new TestBrowser(stack);
    const flow = (await browser.request('POST', '/auth/flows/sign-in')).body as { id: string };
    await browser.request('POST', `/auth/flows/${flow.id}/submit`, { json: { step: 'identifier', action: 'email-code', values: { email } } });
    const { link } = (await browser.newestMail(email))!;
    const path = new URL(link!).pathname + new URL(link!).search;
    const elsewhere = new TestBrowser(stack);
    expect((await elsewhere.request('GET', path)).headers.get('location')).toBe('/?email_link=other_browser');
    expect((await elsewhere.request('GET', '/auth/session')).body).toEqual({ authenticated: false });
    const opened = await browser.request('GET', path);
    expect(opened.headers.get('location')).toBe('/');
    expect((await browser.request('GET', '/auth/session')).body).toMatchObject({ authenticated: true, user: { email } });
  });
});

describe('the BFF at its edges', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('answers a signed-out visitor with authenticated: false, no-store and helmet headers', async () => {
    const response = await new TestBrowser(stack).request('GET', '/auth/session');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ authenticated: false });
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it.each([
    ['no CSRF header', { csrf: false }, 'csrf_header_missing'],
    ['another Origin', { headers: { origin: 'https://evil.example' } }, 'csrf_origin_mismatch'],
    ['a cross-site fetch without Origin', { headers: { origin: '', 'sec-fetch-site': 'cross-site' } }, 'csrf_origin_mismatch'],
  ] as const)('refuses a state-changing request with %s (403) and writes nothing', async (_label, options, code) => {
    const before = await countRows(stack, 'latch_bff_flow_bindings');
    const browser = new TestBrowser(stack);
    const headers: Record<string, string> = { ...('headers' in options ? options.headers : {}) };
    const response = await fetch(`${stack.url}/auth/flows/sign-up`, {
      method: 'POST',
      headers: {
        ...(headers.origin === '' ? {} : { origin: headers.origin ?? stack.url }),
        ...(headers['sec-fetch-site'] ? { 'sec-fetch-site': headers['sec-fetch-site'] } : {}),
        ...('csrf' in options ? {} : { 'x-latch-csrf': '1' }),
      },
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code } });
    expect(await countRows(stack, 'latch_bff_flow_bindings')).toBe(before);
    expect(browser.cookies.size).toBe(0);
  });

  it('refuses logout without the CSRF header, leaving the session intact', async () => {
    const browser = new TestBrowser(stack);
    await browser.signUp(newEmail(), PASSWORD);
    const refused = await browser.request('POST', '/auth/logout', { csrf: false });
    expect(refused.status).toBe(403);
    expect((await browser.request('GET', '/auth/session')).body).toMatchObject({ authenticated: true });
  });

  describe('bad input gets a 4xx JSON error with a stable code', () => {
    let browser: TestBrowser;
    let flow: Flow;
    beforeAll(async () => {
      browser = new TestBrowser(stack);
      flow = (await browser.request('POST', '/auth/flows/sign-up')).body as Flow;
    });

    it.each([
      ['malformed JSON', { rawBody: '{"step": ' }, 400, 'invalid_json'],
      ['a body over the limit', { rawBody: JSON.stringify({ step: 'credentials', action: 'submit', values: { email: 'x'.repeat(20_000) } }) }, 413, 'payload_too_large'],
      ['a form-encoded body', { rawBody: 'step=credentials', contentType: 'application/x-www-form-urlencoded' }, 415, 'unsupported_media_type'],
      ['wrong types', { json: { step: 'credentials', action: 'submit', values: { email: 42 } } }, 400, 'invalid_request'],
      ['missing fields', { json: { values: {} } }, 400, 'invalid_request'],
      ['an unknown key', { json: { step: 'credentials', action: 'submit', values: {}, admin: true } }, 400, 'invalid_request'],
      ['a JSON array', { json: [1, 2] }, 400, 'invalid_request'],
    ] as const)('%s', async (_label, options, status, code) => {
      const usersBefore = await countRows(stack, 'latch_users');
      const response = await browser.request('POST', `/auth/flows/${flow.id}/submit`, options);
      expect(response.status).toBe(status);
      expect(response.body).toMatchObject({ error: { code, message: expect.any(String) } });
      expect(response.headers.get('content-type')).toMatch(/application\/json/u);
      expect(await countRows(stack, 'latch_users')).toBe(usersBefore);
    });

    it('an unknown step (400 or 409, never a write)', async () => {
      const response = await browser.request('POST', `/auth/flows/${flow.id}/submit`, {
        json: { step: 'password', action: 'submit', values: { email: newEmail(), password: PASSWORD } },
      });
      expect([400, 409]).toContain(response.status);
      expect(response.body).toMatchObject({ error: { code: expect.stringMatching(/step/u) } });
      expect(browser.cookies.has('__Host-latch')).toBe(false);
    });

    it.each([
      ['an id that is not a flow', '/auth/flows/not-a-flow'],
      ['a well-formed id that does not exist', '/auth/flows/flow_AAAAAAAAAAAAAAAAAAAAAAAA'],
      ['a path traversal attempt', '/auth/flows/..%2F..%2Fcore%2Fflows'],
    ])('%s: 404 flow_not_found', async (_label, route) => {
      const read = await browser.request('GET', route);
      expect(read.status).toBe(404);
      expect(read.body).toMatchObject({ error: { code: 'flow_not_found' } });
    });

    it('an id that is not valid percent-encoding: 400 invalid_request, not a 500', async () => {
      const read = await browser.request('GET', '/auth/flows/%ZZ');
      expect(read.status).toBe(400);
      expect(read.body).toMatchObject({ error: { code: 'invalid_request' } });
      const submit = await browser.request('POST', '/auth/flows/%E0%A4%A/submit', { json: { step: 'x', action: 'y', values: {} } });
      expect(submit.status).toBe(400);
    });

    it('an unknown flow type: 404', async () => {
      const response = await browser.request('POST', '/auth/flows/reset-everything');
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ error: { code: 'unknown_flow_type' } });
    });

    it('a flow started by another browser: 404, as if it did not exist', async () => {
      const other = new TestBrowser(stack);
      const read = await other.request('GET', `/auth/flows/${flow.id}`);
      expect(read.status).toBe(404);
      const submit = await other.request('POST', `/auth/flows/${flow.id}/submit`, {
        json: { step: 'credentials', action: 'submit', values: { email: newEmail(), password: PASSWORD } },
      });
      expect(submit.status).toBe(404);
    });

    it('an unknown route under /auth: 404 JSON', async () => {
      const response = await browser.request('GET', '/auth/nothing-here');
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ error: { code: 'not_found' } });
    });
  });

  it('answers an expired flow with 410 flow_expired', async () => {
    const browser = new TestBrowser(stack);
    const flow = (await browser.request('POST', '/auth/flows/sign-in')).body as Flow;
    await sql`update latch_flows set expires_at = now() - interval '1 minute' where id = ${flow.id}`.execute(stack.core.db);
    const read = await browser.request('GET', `/auth/flows/${flow.id}`);
    expect(read.status).toBe(410);
    expect(read.body).toMatchObject({ error: { code: 'flow_expired' } });
    const submit = await browser.request('POST', `/auth/flows/${flow.id}/submit`, {
      json: { step: 'identifier', action: 'submit', values: { email: newEmail() } },
    });
    expect(submit.status).toBe(410);
  });

  it('requireSession redirects a signed-out page visitor to sign-in with return_to, and lets a signed-in one through', async () => {
    const browser = new TestBrowser(stack);
    const redirected = await browser.request('GET', '/account?tab=profile');
    expect(redirected.status).toBe(303);
    expect(redirected.headers.get('location')).toBe('/sign-in?return_to=%2Faccount%3Ftab%3Dprofile');

    const api = await browser.request('GET', '/api/me');
    expect(api.status).toBe(401);
    expect(api.body).toMatchObject({ error: { code: 'unauthenticated' } });

    await browser.signUp(newEmail(), PASSWORD);
    expect((await browser.request('GET', '/account')).status).toBe(200);
    expect((await browser.request('GET', '/api/me')).status).toBe(200);
  });
});

describe('sessions outlive the process', () => {
  it('keeps a signed-in browser signed in across a restart on the same data directory', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'latch-bff-restart-'));
    try {
      let stack = await startTestStack({ dataDir });
      const port = new URL(stack.url).port;
      const browser = new TestBrowser(stack);
      const email = newEmail();
      await browser.signUp(email, PASSWORD);
      await stack.close();

      stack = await startTestStack({ dataDir, port: Number(port) });
      try {
        expect((await browser.request('GET', '/auth/session')).body).toMatchObject({ authenticated: true, user: { email } });
        // And the core still knows the user and their password after the restart.
        const again = await new TestBrowser(stack).signIn(email, PASSWORD);
        expect(again.body).toMatchObject({ state: 'complete' });
      } finally {
        await stack.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('createBff options', () => {
  const base = {
    issuer: 'http://localhost:3000/oidc',
    coreApiUrl: 'http://localhost:3000/core',
    clientId: 'app',
    clientSecret: 's'.repeat(32),
    appOrigin: 'http://localhost:3000',
  };
  const db = { selectFrom: () => undefined } as never;

  it('refuses an unknown option and suggests the right spelling', () => {
    expect(() => createBff({ ...base, db, ClientID: 'x' } as never)).toThrow(/unknown option "ClientID"; did you mean "clientId"\?/u);
  });

  it('refuses a short client secret and a non-URL issuer', () => {
    expect(() => createBff({ ...base, db, clientSecret: 'short' })).toThrow(/clientSecret/u);
    expect(() => createBff({ ...base, db, issuer: 'not a url' })).toThrow(/issuer/u);
  });

  it('explains app.use(createBff) without options', () => {
    const app = express();
    expect(() => createBff(app as never)).toThrow(/must be called with its options/u);
  });
});

describe('expired rows', () => {
  it('prunes expired sessions and flow bindings, keeping live ones', async () => {
    const stack = await startTestStack();
    try {
      const live = new TestBrowser(stack);
      await live.signUp(newEmail(), PASSWORD);
      const stale = new TestBrowser(stack);
      await stale.signUp(newEmail(), PASSWORD);
      await new TestBrowser(stack).request('POST', '/auth/flows/sign-in');
      const staleHash = createHash('sha256').update(stale.cookies.get('__Host-latch')!).digest('base64url');
      await sql`update latch_bff_sessions set expires_at = now() - interval '1 second' where id_hash = ${staleHash}`.execute(stack.core.db);
      await sql`update latch_bff_flow_bindings set expires_at = now() - interval '1 second'`.execute(stack.core.db);

      const sessions = createSessionStore(stack.core.db as never);
      expect(await sessions.pruneExpired()).toEqual({ sessions: 1, flowBindings: 1 });
      expect((await live.request('GET', '/auth/session')).body).toMatchObject({ authenticated: true });
      expect((await stale.request('GET', '/auth/session')).body).toEqual({ authenticated: false });
    } finally {
      await stack.close();
    }
  });
});
