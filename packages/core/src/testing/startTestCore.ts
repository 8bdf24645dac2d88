import { createHash, randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import { createCore, type Core } from '../createCore.ts';
import type { CoreOptions } from '../config.ts';
import type { TxtResolver } from '../organizations/createOrganizationService.ts';
import { createTestSchema } from './testDatabases.ts';

/** Cheap argon2id for tests only; production keeps OWASP's parameters. */
export const TEST_ARGON2 = { memoryCost: 1024, timeCost: 1, parallelism: 1 } as const;

export const TEST_CLIENT_ID = 'test-app';
/** A second registered relying party, for "not your interaction" cases. */
export const OTHER_CLIENT_ID = 'other-app';

export interface TestInteraction {
  uid: string;
  /** Cookies the provider set on the "browser" (name → value; paths ignored). */
  cookies: Record<string, string>;
  codeVerifier: string;
  state: string;
  redirectUri: string;
}

export interface TestCore {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly core: Core;
  readonly redirectUri: string;
  /** `Basic …` for the registered test client. */
  readonly authorization: string;
  /** `Basic …` for any registered client. */
  authorizationFor(clientId: string): string;
  /**
   * Calls the API mounted at `/core`. Without `authorization`, account API paths
   * (`/users/<id>/...`) carry a fresh bearer access token of that user
   * (`accessTokenFor`), every other path the test client's Basic credentials;
   * `authorization: null` sends none.
   */
  api(method: string, path: string, options?: { json?: unknown; body?: string; headers?: Record<string, string>; authorization?: string | null }): Promise<{ status: number; headers: Headers; body: unknown }>;
  /** `Bearer …`: an access token the provider issues for `userId` to `clientId` (a new grant), as after a sign-in. */
  accessTokenFor(userId: string, options?: { clientId?: string; expiresIn?: number }): Promise<string>;
  /** Sends a real authorization request (code + PKCE S256) and returns the interaction it opened. */
  startInteraction(): Promise<TestInteraction>;
  /** Follows the resume URL of a completed interaction to the redirect URI and redeems the code. */
  finishInteraction(interaction: TestInteraction, redirectTo: string): Promise<{ idTokenClaims: Record<string, unknown>; accessToken: string; refreshToken?: string }>;
  close(): Promise<void>;
}

/**
 * The core mounted the way bundled mode mounts it (provider at `/oidc`, flow
 * API at `/core`) on 127.0.0.1 and an ephemeral port.
 */
export async function startTestCore(
  options: Partial<Pick<CoreOptions, 'dataDir' | 'databaseUrl' | 'bodyLimit' | 'flowTtlSeconds' | 'accessTokenTtlSeconds' | 'mail' | 'organizations' | 'consent'>> & { resolveTxt?: TxtResolver } = {},
): Promise<TestCore> {
  const app = express();
  app.disable('x-powered-by');
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    listening.once('error', reject);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const redirectUri = `${url}/callback`;
  let core: Core;
  try {
    core = await createCore({
      issuer: `${url}/oidc`,
      dataDir: options.dataDir ?? 'memory://',
      ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
      ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
      ...(options.flowTtlSeconds ? { flowTtlSeconds: options.flowTtlSeconds } : {}),
      ...(options.accessTokenTtlSeconds ? { accessTokenTtlSeconds: options.accessTokenTtlSeconds } : {}),
      ...(options.mail ? { mail: options.mail } : {}),
      ...(options.organizations ? { organizations: options.organizations } : {}),
      ...(options.resolveTxt ? { resolveTxt: options.resolveTxt } : {}),
      ...(options.consent ? { consent: options.consent } : {}),
      clients: [
        { clientId: TEST_CLIENT_ID, redirectUris: [redirectUri] },
        { clientId: OTHER_CLIENT_ID, redirectUris: [`${url}/other/callback`] },
      ],
      argon2: TEST_ARGON2,
      logger: pino({ level: 'silent' }),
    });
  } catch (error) {
    await closeServer(server);
    throw error;
  }
  app.use(core.issuerPath, core.oidc);
  app.use('/core', core.api);

  const authorizationFor = (clientId: string): string => {
    const secret = core.clients.find((client) => client.clientId === clientId)?.clientSecret;
    if (!secret) throw new Error(`no client ${clientId}`);
    return `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;
  };
  const authorization = authorizationFor(TEST_CLIENT_ID);

  async function accessTokenFor(userId: string, { clientId = TEST_CLIENT_ID, expiresIn }: { clientId?: string; expiresIn?: number } = {}): Promise<string> {
    const grant = new core.provider.Grant({ accountId: userId, clientId });
    grant.addOIDCScope('openid email offline_access');
    const grantId = await grant.save();
    const client = await core.provider.Client.find(clientId);
    if (!client) throw new Error(`no client ${clientId}`);
    const token = new core.provider.AccessToken({ accountId: userId, client, grantId, scope: 'openid email', gty: 'authorization_code', ...(expiresIn ? { expiresIn } : {}) });
    return `Bearer ${await token.save()}`;
  }
  const accountUser = (path: string): string | undefined => {
    const segment = /^\/users\/([^/?#]+)\//u.exec(path)?.[1];
    return segment === undefined ? undefined : decodeURIComponent(segment);
  };

  return {
    url,
    core,
    redirectUri,
    authorization,
    authorizationFor,
    accessTokenFor,

    async api(method, path, { json, body, headers = {}, authorization: given } = {}) {
      const user = accountUser(path);
      const auth = given !== undefined ? given : user === undefined ? authorization : await accessTokenFor(user);
      const response = await fetch(`${url}/core${path}`, {
        method,
        headers: {
          ...(auth === null ? {} : { authorization: auth }),
          ...(json === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(json === undefined ? {} : { body: JSON.stringify(json) }),
        ...(body === undefined ? {} : { body }),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // left as text
      }
      return { status: response.status, headers: response.headers, body: parsed };
    },

    async startInteraction() {
      const codeVerifier = randomBytes(32).toString('base64url');
      const state = randomBytes(16).toString('base64url');
      const authUrl = new URL(`${url}/oidc/auth`);
      authUrl.search = new URLSearchParams({
        client_id: TEST_CLIENT_ID,
        redirect_uri: redirectUri,
        response_type: 'code',
        scope: 'openid email',
        code_challenge: createHash('sha256').update(codeVerifier).digest('base64url'),
        code_challenge_method: 'S256',
        state,
        nonce: randomBytes(16).toString('base64url'),
      }).toString();
      const response = await fetch(authUrl, { redirect: 'manual' });
      const location = response.headers.get('location');
      if (response.status !== 303 || !location) throw new Error(`authorization request answered ${response.status}: ${await response.text()}`);
      const uid = new URL(location, url).pathname.split('/').at(-1) ?? '';
      const cookies: Record<string, string> = {};
      storeCookies(cookies, response.headers.getSetCookie());
      return { uid, cookies, codeVerifier, state, redirectUri };
    },

    async finishInteraction(interaction, redirectTo) {
      let next = new URL(redirectTo, url);
      for (let hop = 0; hop < 5 && !next.href.startsWith(redirectUri); hop += 1) {
        const cookie = Object.entries(interaction.cookies)
          .map(([name, value]) => `${name}=${value}`)
          .join('; ');
        const response = await fetch(next, { redirect: 'manual', headers: { cookie } });
        storeCookies(interaction.cookies, response.headers.getSetCookie());
        const location = response.headers.get('location');
        if (!location) throw new Error(`resuming the interaction answered ${response.status}: ${await response.text()}`);
        next = new URL(location, url);
      }
      if (next.searchParams.get('state') !== interaction.state) throw new Error(`unexpected redirect ${next.href}`);
      const code = next.searchParams.get('code');
      if (!code) throw new Error(`no code in ${next.href}`);
      const token = await fetch(`${url}/oidc/token`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: interaction.codeVerifier }),
      });
      const tokens = (await token.json()) as { id_token?: string; access_token?: string; refresh_token?: string; error?: string };
      if (!tokens.id_token || !tokens.access_token) throw new Error(`token endpoint answered ${token.status}: ${JSON.stringify(tokens)}`);
      const idTokenClaims = JSON.parse(Buffer.from(tokens.id_token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
      return { idTokenClaims, accessToken: tokens.access_token, ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}) };
    },

    async close() {
      await closeServer(server);
      await core.close();
    },
  };
}

function storeCookies(jar: Record<string, string>, lines: readonly string[]): void {
  for (const line of lines) {
    const [pair = ''] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq > 0) jar[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/**
 * The two storage back ends every HTTP-level core test runs on, for
 * `describe.each`: a core on in-memory PGlite, and one on PostgreSQL in a
 * schema of its own. `close()` stops the core and drops the schema.
 */
export const testCores = [
  [
    'PGlite',
    async (): Promise<{ t: TestCore; close(): Promise<void> }> => {
      const t = await startTestCore();
      return { t, close: () => t.close() };
    },
  ],
  [
    'PostgreSQL',
    async (): Promise<{ t: TestCore; close(): Promise<void> }> => {
      const schema = await createTestSchema();
      const t = await startTestCore({ databaseUrl: schema.databaseUrl }).catch(async (error: unknown) => {
        await schema.drop();
        throw error;
      });
      return {
        t,
        async close() {
          await t.close();
          await schema.drop();
        },
      };
    },
  ],
] as const;
