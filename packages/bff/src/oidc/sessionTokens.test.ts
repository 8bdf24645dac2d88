import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBff, type Bff } from '../createBff.ts';
import { startTestStack, TestBrowser, type TestStack } from '../testing/startTestStack.ts';

const PASSWORD = 'correct horse battery staple';
const REDIS_URL = process.env.LATCH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
// Short-lived tokens: the BFF refreshes them in the last half of their life (2 s here).
const ACCESS_TOKEN_TTL = 4;
const pastRefreshWindow = () => new Promise((resolve) => setTimeout(resolve, 2500));

describe.each([
  ['sessions in SQL (PGlite)', undefined],
  ['sessions in Redis', REDIS_URL],
] as const)('access-token refresh with %s', (_name, redisUrl) => {
  let stack: TestStack;
  let second: { bff: Bff; server: Server; url: string };
  const redisKeyPrefix = `latch-test-refresh-${randomUUID()}`;
  let refreshes = 0;

  beforeAll(async () => {
    stack = await startTestStack({ accessTokenTtlSeconds: ACCESS_TOKEN_TTL, ...(redisUrl ? { redisUrl, redisKeyPrefix } : {}) });
    stack.core.provider.on('grant.success', (ctx) => {
      if (ctx.oidc.params?.grant_type === 'refresh_token') refreshes += 1;
    });
    // A second BFF instance over the same session store, as in a multi-instance deployment.
    const credentials = stack.core.clients.find((client) => client.clientId === 'test-app')!;
    const bff = createBff({
      issuer: `${stack.url}/oidc`,
      coreApiUrl: `${stack.url}/core`,
      clientId: 'test-app',
      clientSecret: credentials.clientSecret,
      appOrigin: stack.url,
      allowInsecureRequests: true,
      ...(redisUrl ? { redisUrl, redisKeyPrefix } : {}),
      db: stack.core.db as never,
      logger: pino({ level: 'silent' }),
    });
    await bff.ready;
    const app = express().use(bff);
    const server: Server = await new Promise((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    second = { bff, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  });
  afterAll(async () => {
    second?.server.closeAllConnections();
    await new Promise((resolve) => second?.server.close(resolve));
    await second?.bff.close();
    await stack?.close();
    if (redisUrl) {
      const redis = new Redis(redisUrl);
      const keys = await redis.keys(`${redisKeyPrefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    }
  });

  async function signedIn(): Promise<TestBrowser> {
    const browser = new TestBrowser(stack);
    expect((await browser.signUp(`refresh-${randomUUID()}@example.com`, PASSWORD)).status).toBe(200);
    return browser;
  }

  it('refreshes an expired access token and answers the account call', async () => {
    const browser = await signedIn();
    const before = refreshes;
    expect((await browser.request('GET', '/auth/mfa')).status).toBe(200);
    // Fresh from the sign-in: no refresh.
    expect(refreshes).toBe(before);
    await new Promise((resolve) => setTimeout(resolve, (ACCESS_TOKEN_TTL + 1) * 1000));
    const response = await browser.request('GET', '/auth/mfa');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ factors: [], recoveryCodes: { remaining: 0 } });
    expect(refreshes - before).toBe(1);
  });

  it('shares one refresh among 10 concurrent requests', async () => {
    const browser = await signedIn();
    expect((await browser.request('GET', '/auth/mfa')).status).toBe(200);
    await pastRefreshWindow();
    const before = refreshes;
    const responses = await Promise.all(Array.from({ length: 10 }, () => browser.request('GET', '/auth/mfa')));
    expect(responses.map((response) => response.status)).toEqual(Array.from({ length: 10 }, () => 200));
    expect(refreshes - before).toBe(1);
  });

  it('refreshes once when two instances race on one session', async () => {
    const browser = await signedIn();
    const cookie = `__Host-latch=${browser.cookies.get('__Host-latch')}`;
    await pastRefreshWindow();
    const before = refreshes;
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, index) => fetch(`${index % 2 ? second.url : stack.url}/auth/mfa`, { headers: { cookie, origin: stack.url } })),
    );
    expect(responses.map((response) => response.status)).toEqual(Array.from({ length: 10 }, () => 200));
    expect(refreshes - before).toBe(1);
    // The grant survived (no refresh-token reuse): both instances keep working.
    expect((await fetch(`${second.url}/auth/mfa`, { headers: { cookie } })).status).toBe(200);
    expect((await browser.request('GET', '/auth/mfa')).status).toBe(200);
  });

  it('ends the session with 401 unauthenticated once the grant is revoked', async () => {
    const browser = await signedIn();
    const session = (await browser.request('GET', '/auth/session')).body as { user: { id: string } };
    const cookie = `__Host-latch=${browser.cookies.get('__Host-latch')}`;
    expect((await browser.request('GET', '/auth/mfa')).status).toBe(200);
    // What "sign out everywhere" does at the core: the grant and every token of the account go.
    await sql`delete from latch_oidc_payloads where payload->>'accountId' = ${session.user.id} and type != 'Interaction'`.execute(stack.core.db);
    const response = await browser.request('GET', '/auth/mfa');
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ error: { code: 'unauthenticated' } });
    expect(response.setCookies.some((line) => /^__Host-latch=;/u.test(line))).toBe(true);
    // The session is gone on the server too, not only in this browser.
    const again = await fetch(`${second.url}/auth/session`, { headers: { cookie } });
    expect(await again.json()).toEqual({ authenticated: false });
  });
});
