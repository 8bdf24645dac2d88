import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, END_USER_IP_HEADER, listOutbox, type Flow } from '@latch/core';
import { signInLimits } from './flows/signInSteps.ts';
import { OTHER_CLIENT_ID, startTestCore, type TestCore } from './testing/startTestCore.ts';
import { createTestSchema, type TestSchema } from './testing/testDatabases.ts';

const PASSWORD = 'correct horse battery staple';

interface ErrorBody {
  error: { code: string; message: string };
  flow?: Flow;
}

let emailCounter = 0;
const uniqueEmail = () => `http${(emailCounter += 1)}.${randomUUID().slice(0, 8)}@example.com`;

/** Answers the verify-email step with the newest code mailed to `email`. */
async function verifyOn(t: TestCore, flowId: string, email: string) {
  const mail = (await listOutbox(t.core.db, { limit: 200 })).find((message) => message.to === email);
  const code = /\b(\d{6})\b/u.exec(mail?.text ?? '')?.[1];
  expect(code).toBeDefined();
  return t.api('POST', `/flows/${flowId}/submit`, { json: { step: 'verify-email', action: 'submit', values: { code } } });
}

const backends: { name: string; start(): Promise<{ core: TestCore; cleanup(): Promise<void> }> }[] = [
  {
    name: 'PGlite (memory://)',
    async start() {
      const core = await startTestCore();
      return { core, cleanup: () => core.close() };
    },
  },
  {
    name: 'PostgreSQL',
    async start() {
      const schema: TestSchema = await createTestSchema();
      const core = await startTestCore({ databaseUrl: schema.databaseUrl }).catch(async (error: unknown) => {
        await schema.drop();
        throw error;
      });
      return {
        core,
        async cleanup() {
          await core.close();
          await schema.drop();
        },
      };
    },
  },
];

describe.each(backends)('sign-up and sign-in over HTTP on $name', ({ start }) => {
  let t: TestCore;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ core: t, cleanup } = await start());
  });
  afterAll(async () => {
    await cleanup?.();
  });

  async function createFlow(type: 'sign-in' | 'sign-up') {
    const interaction = await t.startInteraction();
    const created = await t.api('POST', '/flows', { json: { type, interaction: interaction.uid } });
    expect(created.status).toBe(201);
    return { interaction, flow: created.body as Flow };
  }

  const verify = (flowId: string, email: string) => verifyOn(t, flowId, email);

  it('signs a new user up and the relying party redeems a code for them', async () => {
    const email = uniqueEmail();
    const { interaction, flow } = await createFlow('sign-up');
    expect(flow.step?.name).toBe('credentials');

    const credentials = await t.api('POST', `/flows/${flow.id}/submit`, { json: { step: 'credentials', action: 'submit', values: { email, password: PASSWORD } } });
    expect(credentials.body).toMatchObject({ state: 'active', step: { name: 'verify-email' } });
    await expect(t.core.users.findByEmail(email)).resolves.toBeUndefined();
    const done = await verify(flow.id, email);
    expect(done.status).toBe(200);
    const body = done.body as Flow & { redirectTo: string };
    expect(body).toMatchObject({ id: flow.id, state: 'complete', step: null });
    expect(body.redirectTo).toBe(`${t.url}/oidc/auth/${interaction.uid}`);

    const { idTokenClaims } = await t.finishInteraction(interaction, body.redirectTo);
    const user = await t.core.users.findByEmail(email);
    expect(idTokenClaims).toMatchObject({ sub: user!.id, email, email_verified: true, iss: `${t.url}/oidc`, aud: 'test-app' });
  });

  it('signs an existing user in: identifier, password, code', async () => {
    const email = uniqueEmail();
    const signUp = await createFlow('sign-up');
    await t.api('POST', `/flows/${signUp.flow.id}/submit`, { json: { step: 'credentials', action: 'submit', values: { email, password: PASSWORD } } });
    await verify(signUp.flow.id, email);

    const { interaction, flow } = await createFlow('sign-in');
    const identified = await t.api('POST', `/flows/${flow.id}/submit`, { json: { step: 'identifier', action: 'submit', values: { email } } });
    expect(identified.body).toMatchObject({ state: 'active', step: { name: 'password' } });
    expect((await t.api('GET', `/flows/${flow.id}`)).body).toMatchObject({ step: { name: 'password' } });

    const done = await t.api('POST', `/flows/${flow.id}/submit`, { json: { step: 'password', action: 'submit', values: { password: PASSWORD } } });
    expect(done.status).toBe(200);
    const { idTokenClaims } = await t.finishInteraction(interaction, (done.body as { redirectTo: string }).redirectTo);
    expect(idTokenClaims.email).toBe(email);
  });

  it('answers a refused submission with 422, the stable code and the flow to render again', async () => {
    const { flow } = await createFlow('sign-up');
    const refused = await t.api('POST', `/flows/${flow.id}/submit`, { json: { step: 'credentials', action: 'submit', values: { email: 'nope', password: 'short' } } });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    const body = refused.body as ErrorBody;
    expect(body.error).toEqual({ code: 'invalid_email', message: 'Enter a valid email address.' });
    expect(body.flow?.step?.fields.map((field) => [field.name, field.messages.map((message) => message.code)])).toEqual([
      ['email', ['invalid_email']],
      ['password', ['password_too_short']],
    ]);
  });

  it('rate-limits password guesses per account with 429 and Retry-After, by the end user the BFF names', async () => {
    const email = uniqueEmail();
    const { flow } = await createFlow('sign-in');
    await t.api('POST', `/flows/${flow.id}/submit`, { json: { step: 'identifier', action: 'submit', values: { email } } });
    const guess = (attempt: number) =>
      t.api('POST', `/flows/${flow.id}/submit`, {
        json: { step: 'password', action: 'submit', values: { password: `guess-${attempt}` } },
        headers: { [END_USER_IP_HEADER]: `203.0.113.${attempt}` },
      });
    for (let attempt = 0; attempt < signInLimits.perAccount.points; attempt += 1) {
      expect((await guess(attempt)).status).toBe(422);
    }
    const limited = await guess(99);
    expect(limited.status).toBe(429);
    expect((limited.body as ErrorBody).error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('flow API edges', () => {
  let t: TestCore;
  beforeAll(async () => {
    t = await startTestCore({ bodyLimit: '2kb' });
  });
  afterAll(async () => {
    await t?.close();
  });

  async function newFlow(type: 'sign-in' | 'sign-up' = 'sign-up'): Promise<Flow> {
    const interaction = await t.startInteraction();
    return (await t.api('POST', '/flows', { json: { type, interaction: interaction.uid } })).body as Flow;
  }

  function expectError(response: { status: number; headers: Headers; body: unknown }, status: number, code: string): void {
    expect({ status: response.status, code: (response.body as ErrorBody).error?.code }).toEqual({ status, code });
    expect(typeof (response.body as ErrorBody).error.message).toBe('string');
    expect(response.headers.get('cache-control')).toBe('no-store');
  }

  it.each([
    ['no Authorization header', null],
    ['another scheme', 'Bearer abc'],
    ['an unknown client', `Basic ${Buffer.from('nobody:secret-secret-secret-secret-secret').toString('base64')}`],
    ['a wrong secret', `Basic ${Buffer.from('test-app:not-the-secret').toString('base64')}`],
    ['no colon', `Basic ${Buffer.from('test-app').toString('base64')}`],
    ['broken percent-encoding', `Basic ${Buffer.from('test-app:%E0%A4%A').toString('base64')}`],
  ])('answers 401 invalid_client for %s', async (_name, authorization) => {
    const response = await t.api('GET', '/flows/flow_AAAAAAAAAAAAAAAAAAAAAAAA', { authorization });
    expectError(response, 401, 'invalid_client');
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="latch-core"');
  });

  it('authenticates before anything else: an unknown route without credentials is 401, with them 404 not_found', async () => {
    expectError(await t.api('GET', '/nowhere', { authorization: null }), 401, 'invalid_client');
    expectError(await t.api('GET', '/nowhere'), 404, 'not_found');
  });

  it('accepts the Basic scheme in any case', async () => {
    const flow = await newFlow();
    const response = await t.api('GET', `/flows/${flow.id}`, { authorization: t.authorization.replace(/^Basic/u, 'basic') });
    expect(response.status).toBe(200);
  });

  it('answers 400 invalid_json for a malformed body', async () => {
    const flow = await newFlow();
    const response = await t.api('POST', `/flows/${flow.id}/submit`, { body: '{"step": "credentials",', headers: { 'content-type': 'application/json' } });
    expectError(response, 400, 'invalid_json');
  });

  it('answers 413 payload_too_large for a body over the limit, before parsing it', async () => {
    const flow = await newFlow();
    const response = await t.api('POST', `/flows/${flow.id}/submit`, {
      json: { step: 'credentials', action: 'submit', values: { email: 'a@example.com', password: 'x'.repeat(4096) } },
    });
    expectError(response, 413, 'payload_too_large');
  });

  it('answers 415 unsupported_media_type for a body that is not JSON', async () => {
    const response = await t.api('POST', '/flows', { body: 'type=sign-up', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expectError(response, 415, 'unsupported_media_type');
  });

  it.each([
    ['an unknown flow type', { type: 'magic', interaction: 'x' }],
    ['a missing interaction', { type: 'sign-up' }],
    ['an extra property', { type: 'sign-up', interaction: 'x', admin: true }],
    ['a JSON array', ['sign-up']],
  ])('answers 400 invalid_request for %s', async (_name, json) => {
    expectError(await t.api('POST', '/flows', { json }), 400, 'invalid_request');
  });

  it('answers 400 invalid_request for a submission with non-string values', async () => {
    const flow = await newFlow();
    const response = await t.api('POST', `/flows/${flow.id}/submit`, { json: { step: 'credentials', action: 'submit', values: { email: 42 } } });
    expectError(response, 400, 'invalid_request');
    expect((response.body as ErrorBody).error.message).toContain('values.email');
  });

  it('answers 400 interaction_not_found for an unknown interaction and for another client’s', async () => {
    expectError(await t.api('POST', '/flows', { json: { type: 'sign-up', interaction: 'no-such-interaction' } }), 400, 'interaction_not_found');
    const interaction = await t.startInteraction();
    const response = await t.api('POST', '/flows', { json: { type: 'sign-up', interaction: interaction.uid }, authorization: t.authorizationFor(OTHER_CLIENT_ID) });
    expectError(response, 400, 'interaction_not_found');
  });

  it.each(['flow_AAAAAAAAAAAAAAAAAAAAAAAA', 'not-a-uuid', '123', 'flow_%27%3B--', 'x'.repeat(300)])('answers 404 flow_not_found for %s', async (id) => {
    expectError(await t.api('GET', `/flows/${id}`), 404, 'flow_not_found');
    expectError(await t.api('POST', `/flows/${id}/submit`, { json: { step: 'credentials', action: 'submit', values: {} } }), 404, 'flow_not_found');
  });

  it('answers 410 flow_expired for a flow past its expiry', async () => {
    const flow = await newFlow();
    await t.core.db.updateTable('latch_flows').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', flow.id).execute();
    expectError(await t.api('GET', `/flows/${flow.id}`), 410, 'flow_expired');
  });

  it('answers 409 step_mismatch and 400 unknown_action / unknown_field', async () => {
    const flow = await newFlow('sign-in');
    expectError(await t.api('POST', `/flows/${flow.id}/submit`, { json: { step: 'password', action: 'submit', values: {} } }), 409, 'step_mismatch');
    expectError(await t.api('POST', `/flows/${flow.id}/submit`, { json: { step: 'identifier', action: 'jump', values: {} } }), 400, 'unknown_action');
    expectError(
      await t.api('POST', `/flows/${flow.id}/submit`, { json: { step: 'identifier', action: 'submit', values: { email: 'a@example.com', role: 'admin' } } }),
      400,
      'unknown_field',
    );
  });

  it('answers 410 flow_expired, not 500, when the OIDC interaction expired before the flow completed', async () => {
    const interaction = await t.startInteraction();
    const flow = (await t.api('POST', '/flows', { json: { type: 'sign-up', interaction: interaction.uid } })).body as Flow;
    const email = uniqueEmail();
    await t.api('POST', `/flows/${flow.id}/submit`, { json: { step: 'credentials', action: 'submit', values: { email, password: PASSWORD } } });
    await t.core.db.deleteFrom('latch_oidc_payloads').where('type', '=', 'Interaction').where('id', '=', interaction.uid).execute();
    expectError(await verifyOn(t, flow.id, email), 410, 'flow_expired');
  });

  it('answers 409 flow_completed for a flow that already finished', async () => {
    const flow = await newFlow();
    const email = uniqueEmail();
    await t.api('POST', `/flows/${flow.id}/submit`, { json: { step: 'credentials', action: 'submit', values: { email, password: PASSWORD } } });
    expect((await verifyOn(t, flow.id, email)).status).toBe(200);
    expectError(await verifyOn(t, flow.id, email), 409, 'flow_completed');
  });
});

describe('OIDC provider', () => {
  let dataDir: string;
  let t: TestCore;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'latch-core-oidc-'));
    t = await startTestCore({ dataDir });
  });
  afterAll(async () => {
    await t?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('publishes only the authorization code flow with PKCE S256', async () => {
    const discovery = (await (await fetch(`${t.url}/oidc/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({
      issuer: `${t.url}/oidc`,
      jwks_uri: `${t.url}/oidc/jwks`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      id_token_signing_alg_values_supported: ['RS256'],
    });
  });

  it('publishes public signing keys only', async () => {
    const { keys } = (await (await fetch(`${t.url}/oidc/jwks`)).json()) as { keys: Record<string, unknown>[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String), n: expect.any(String), e: 'AQAB' });
    for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(keys[0]).not.toHaveProperty(member);
  });

  it('refuses an authorization request without PKCE', async () => {
    const url = new URL(`${t.url}/oidc/auth`);
    url.search = new URLSearchParams({ client_id: 'test-app', redirect_uri: t.redirectUri, response_type: 'code', scope: 'openid', state: 's' }).toString();
    const response = await fetch(url, { redirect: 'manual' });
    const location = new URL(response.headers.get('location')!, t.url);
    expect(location.href.startsWith(t.redirectUri)).toBe(true);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/PKCE/u);
  });

  it('keeps its signing key, generated client secrets and users across a restart on the same data directory', async () => {
    const before = (await (await fetch(`${t.url}/oidc/jwks`)).json()) as { keys: { kid: string }[] };
    const secretBefore = t.core.clients[0]!.clientSecret;
    const user = await t.core.users.create({ email: 'restart@example.com', passwordHash: 'x' });
    await t.close();

    t = await startTestCore({ dataDir });
    const after = (await (await fetch(`${t.url}/oidc/jwks`)).json()) as { keys: { kid: string }[] };
    expect(after.keys.map((key) => key.kid)).toEqual(before.keys.map((key) => key.kid));
    expect(t.core.clients[0]!.clientSecret).toBe(secretBefore);
    await expect(t.core.users.findByEmail('restart@example.com')).resolves.toEqual(user);
  });
});

describe('createCore options', () => {
  it('refuses invalid options at start-up, naming each problem', async () => {
    const error = await createCore({
      issuer: 'ftp://example.com/oidc',
      clients: [{ clientId: 'x', clientSecret: 'too-short', redirectUris: [] }],
      // @ts-expect-error a typo the schema must catch
      flowTtl: 60,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    const message = (error as Error).message;
    expect(message).toContain('createCore(): invalid options');
    for (const path of ['issuer', 'clients.0.clientSecret', 'clients.0.redirectUris', '(root)']) expect(message).toContain(`- ${path}:`);
  });

  it('fails to start, without leaking a pool, when PostgreSQL is unreachable', async () => {
    const error = await createCore({
      issuer: 'http://127.0.0.1:1/oidc',
      databaseUrl: 'postgres://postgres@127.0.0.1:1/none',
      clients: [{ clientId: 'x', redirectUris: ['http://127.0.0.1:1/cb'] }],
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  });
});
