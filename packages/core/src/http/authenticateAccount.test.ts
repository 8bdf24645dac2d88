import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flow } from '@latch/core';
import { createAccountSessions } from '../oidc/revokeAccountSessions.ts';
import { testCores, TEST_ARGON2, OTHER_CLIENT_ID, type TestCore } from '../testing/startTestCore.ts';
import { createPasswordHasher } from '../users/passwordHasher.ts';
import { accountOf, authenticateAccount } from './authenticateAccount.ts';

const PASSWORD = 'correct horse battery staple';

describe.each(testCores)('account API bearer authentication on %s', (_name, start) => {
  let t: TestCore;
  let close: (() => Promise<void>) | undefined;
  let counter = 0;

  beforeAll(async () => {
    ({ t, close } = await start());
  });
  afterAll(async () => {
    await close?.();
  });

  async function newUser(): Promise<{ id: string; email: string }> {
    const email = `bearer-${++counter}-${Date.now()}@example.com`;
    const user = await t.core.users.create({ email, passwordHash: await createPasswordHasher(TEST_ARGON2).hash(PASSWORD) });
    return { id: user!.id, email };
  }

  /** A real sign-in through the flow API and the token endpoint. */
  async function signIn(email: string): Promise<string> {
    const interaction = await t.startInteraction();
    const flow = (await t.api('POST', '/flows', { json: { type: 'sign-in', interaction: interaction.uid } })).body as Flow;
    await t.api('POST', `/flows/${flow.id}/submit`, { json: { step: 'identifier', action: 'submit', values: { email } } });
    const done = (await t.api('POST', `/flows/${flow.id}/submit`, { json: { step: 'password', action: 'submit', values: { password: PASSWORD } } })).body as {
      redirectTo?: string;
    };
    expect(done.redirectTo).toBeTypeOf('string');
    return (await t.finishInteraction(interaction, done.redirectTo!)).accessToken;
  }

  const expectInvalidToken = (response: { status: number; headers: Headers; body: unknown }) => {
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ error: { code: 'invalid_token' } });
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /u);
  };

  it('serves the signed-in user with the access token from a real sign-in', async () => {
    const { id, email } = await newUser();
    const token = await signIn(email);
    const response = await t.api('GET', `/users/${id}/mfa`, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ factors: [], recoveryCodes: { remaining: 0 } });
  });

  it('answers 401 invalid_token without a token, with a garbage one, or with client credentials alone', async () => {
    const { id } = await newUser();
    const none = await t.api('GET', `/users/${id}/mfa`, { authorization: null });
    expectInvalidToken(none);
    // RFC 6750 §3.1: no error attribute when no credentials were sent.
    expect(none.headers.get('www-authenticate')).not.toContain('error=');
    const garbage = await t.api('GET', `/users/${id}/mfa`, { authorization: 'Bearer not-a-token-at-all' });
    expectInvalidToken(garbage);
    expect(garbage.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expectInvalidToken(await t.api('GET', `/users/${id}/mfa`, { authorization: 'Bearer ' }));
    // The client's Basic credentials used to be enough; they no longer reach account routes.
    expectInvalidToken(await t.api('GET', `/users/${id}/mfa`, { authorization: t.authorization }));
    expectInvalidToken(await t.api('POST', `/users/${id}/mfa/totp`, { authorization: t.authorization }));
    expectInvalidToken(await t.api('GET', `/users/${id}/passkeys`, { authorization: t.authorization }));
    // Even on paths no router serves: nothing below /users/:id is reachable without a token.
    expectInvalidToken(await t.api('GET', `/users/${id}/nothing-here`, { authorization: t.authorization }));
  });

  it('answers 401 for an expired token', async () => {
    const { id } = await newUser();
    const authorization = await t.accessTokenFor(id, { expiresIn: 1 });
    expect((await t.api('GET', `/users/${id}/mfa`, { authorization })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expectInvalidToken(await t.api('GET', `/users/${id}/mfa`, { authorization }));
  });

  it('answers 401 once the token is revoked, or the account signed out everywhere', async () => {
    const { id, email } = await newUser();
    const token = await signIn(email);
    const revocation = await fetch(`${t.url}/oidc/token/revocation`, {
      method: 'POST',
      headers: { authorization: t.authorization, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, token_type_hint: 'access_token' }),
    });
    expect(revocation.status).toBe(200);
    expectInvalidToken(await t.api('GET', `/users/${id}/mfa`, { authorization: `Bearer ${token}` }));

    const second = await signIn(email);
    expect((await t.api('GET', `/users/${id}/mfa`, { authorization: `Bearer ${second}` })).status).toBe(200);
    await createAccountSessions(t.core.db).revokeAll(id);
    expectInvalidToken(await t.api('GET', `/users/${id}/mfa`, { authorization: `Bearer ${second}` }));
  });

  it("answers 403 forbidden, with no data, for a token of another user", async () => {
    const alice = await newUser();
    const bob = await newUser();
    // Bob has something to leak.
    expect((await t.api('POST', `/users/${bob.id}/mfa/totp`)).status).toBe(201);
    const aliceToken = `Bearer ${await signIn(alice.email)}`;
    for (const [method, path] of [
      ['GET', `/users/${bob.id}/mfa`],
      ['POST', `/users/${bob.id}/mfa/totp`],
      ['DELETE', `/users/${bob.id}/mfa/totp`],
      ['GET', `/users/${bob.id}/passkeys`],
      ['GET', `/users/nobody/mfa`],
    ] as const) {
      const response = await t.api(method, path, { authorization: aliceToken });
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(response.body).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
    }
  });

  it('accepts a token of any registered client, and keeps Basic client authentication on the other routes', async () => {
    const { id } = await newUser();
    const other = await t.accessTokenFor(id, { clientId: OTHER_CLIENT_ID });
    expect((await t.api('GET', `/users/${id}/mfa`, { authorization: other })).status).toBe(200);
    // A bearer token is not a client credential.
    const flows = await t.api('POST', '/flows', { json: { type: 'sign-in' }, authorization: other });
    expect(flows.status).toBe(401);
    expect(flows.body).toMatchObject({ error: { code: 'invalid_client' } });
  });

  it('hands the caller to routes mounted behind it (accountOf)', async () => {
    const { id, email } = await newUser();
    const token = await signIn(email);
    const app = express();
    app.use(
      '/users/:userId',
      authenticateAccount({ provider: t.core.provider, clientIds: t.core.clients.map((client) => client.clientId) }),
      (_req: express.Request, res: express.Response) => {
        const caller = accountOf(res);
        res.json({ ...caller, scopes: [...caller.scopes].sort() });
      },
    );
    app.use((error: { status?: number; code?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(error.status ?? 500).json({ code: error.code });
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as { port: number };
      const response = await fetch(`http://127.0.0.1:${port}/users/${id}/anything`, { headers: { authorization: `Bearer ${token}` } });
      const body = (await response.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ accountId: id, clientId: 'test-app', grantId: expect.any(String), sessionUid: expect.any(String), scopes: ['email', 'openid'] });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
