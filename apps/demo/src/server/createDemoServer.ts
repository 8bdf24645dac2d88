import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createBff } from '@latch/bff';
import { createCore, type Core } from '@latch/core';
import { demoProfile } from './demoProfile.ts';
import express from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { devMailRoutes } from './devMailRoutes.ts';
import { demoConsentPurposes } from './demoConsentPurposes.ts';
import { startDemoApi, type DemoApi } from './startDemoApi.ts';

export interface DemoServerOptions {
  /** Port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** PGlite files; ignored when `databaseUrl` is set. */
  dataDir?: string;
  databaseUrl?: string;
  /** Redis for sessions and rate-limit counters; unset keeps them in the database. */
  redisUrl?: string;
  /** The built web app (`vite build` output). */
  webRoot: string;
  /**
   * Serve the development outbox at `GET /dev/outbox` (JSON) and `GET /dev/mail`
   * (a page); both answer 404 when off. Default off: `main.ts` turns it on
   * outside production (see `readDemoEnv`).
   */
  devMail?: boolean;
  /** Send mail through this SMTP server; unset keeps it in the database outbox. */
  smtp?: { url: string; from: string };
  /** How recent a sign-in must be to remove the authenticator app or regenerate recovery codes (BFF `stepUpMaxAgeSeconds`). */
  stepUpMaxAgeSeconds?: number;
  /** Progressive-profiling prompts during sign-in (default on); see `demoProfile`. */
  profilePrompts?: boolean;
  /** How long an emailed code or link works (the core's `emailCodes.ttlSeconds`). */
  emailCodeTtlSeconds?: number;
  /** Version of the required terms of service (`LATCH_TERMS_VERSION`, 1 by default). */
  termsVersion?: number;
  logger?: Logger;
}

export interface DemoServer {
  readonly url: string;
  readonly core: Core;
  close(): Promise<void>;
}

const CLIENT_ID = 'latch-demo';

/**
 * One Express process: the product site, the BFF at `/auth`, and the bundled
 * identity core (OIDC at `/oidc`, back-channel flow API at `/core`).
 */
export async function createDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  if (!existsSync(path.join(options.webRoot, 'index.html'))) {
    throw new Error(`The web app is not built: ${options.webRoot}/index.html is missing. Run "pnpm --filter @latch/demo build" first.`);
  }
  const app = express();
  app.disable('x-powered-by');
  // The listening port is only known after listen(); the issuer must name it.
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(options.port, '127.0.0.1', () => resolve(listening));
    listening.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://localhost:${port}`;

  let core: Core;
  try {
    core = await createCore({
      issuer: `${origin}/oidc`,
      ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
      ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}),
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.emailCodeTtlSeconds === undefined ? {} : { emailCodes: { ttlSeconds: options.emailCodeTtlSeconds } }),
      consent: { purposes: demoConsentPurposes(options.termsVersion ?? 1) },
      mail: { ...(options.smtp ? { transport: 'smtp', ...options.smtp } : { transport: 'outbox' }), theme: { brandName: 'Acme Notes' } },
      clients: [
        {
          clientId: CLIENT_ID,
          redirectUris: [`${origin}/auth/callback`],
          postLogoutRedirectUris: [`${origin}/`],
          // Emailed verification and sign-in links default to the BFF's /auth routes on this origin.
          links: { signIn: `${origin}/sign-in`, passwordReset: `${origin}/reset-password` },
        },
      ],
      // Passkeys are bound to the host name: http://localhost is a secure context, so WebAuthn works there.
      webauthn: { rpId: new URL(origin).hostname, origins: [origin] },
      profile: demoProfile({ signInPrompts: options.profilePrompts ?? true }),
      ...(options.logger ? { logger: options.logger } : {}),
    });
  } catch (error) {
    server.close();
    throw error;
  }
  const credentials = core.clients.find((client) => client.clientId === CLIENT_ID);
  if (!credentials) throw new Error(`the core did not register the ${CLIENT_ID} client`);
  // Where a real product would stop marketing at once (or use the `consent.webhook` option from another service).
  core.consent.onChange((event) => {
    options.logger?.info({ userId: event.userId, source: event.source, changes: event.changes }, 'consent changed');
  });
  // The product's API as its own service, reached through the BFF's proxy at /api/demo/*.
  let api: DemoApi;
  try {
    api = await startDemoApi({ introspectionUrl: `${origin}/oidc/token/introspection`, clientId: credentials.clientId, clientSecret: credentials.clientSecret });
  } catch (error) {
    server.close();
    await core.close();
    throw error;
  }
  const bff = createBff({
    issuer: `${origin}/oidc`,
    coreApiUrl: `${origin}/core`,
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    appOrigin: origin,
    // Where emailed links land: signed in, or a page explaining what happened.
    signedInPath: '/account',
    emailLinkPath: '/email-link',
    // The demo runs on http://localhost; production issuers are https.
    allowInsecureRequests: true,
    // The demo's phone field is released under the `phone` scope.
    scopes: ['phone'],
    ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}),
    ...(options.stepUpMaxAgeSeconds === undefined ? {} : { stepUpMaxAgeSeconds: options.stepUpMaxAgeSeconds }),
    apiProxy: {
      routes: [{ prefix: '/api/demo', target: api.url, stripPrefix: true, timeoutMs: 5000 }],
      allowedHosts: [new URL(api.url).host],
    },
    db: core.db as never,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  await bff.ready;

  app.use(core.issuerPath, core.oidc);
  app.use('/core', core.api);
  app.use(bff);
  app.use(
    helmet({
      contentSecurityPolicy: { directives: { 'script-src': ["'self'"], 'style-src': ["'self'", "'unsafe-inline'"] } },
    }),
  );
  if (options.devMail) app.use(devMailRoutes({ db: core.db }));
  app.get(['/account', '/checkout'], bff.requireSession({ redirectTo: '/sign-in' }));
  // The product's own API, guarded by the role in the session's active organization:
  // 403 `org_role_required` for members, `org_required` for a personal account.
  app.get('/api/org-report', bff.requireOrgRole('admin'), (_req, res) => {
    const { latchOrganization } = res.locals as { latchOrganization: { name: string; slug: string; role: string } };
    res.set('cache-control', 'no-store').json({ organization: latchOrganization.slug, role: latchOrganization.role, report: `Admin report for ${latchOrganization.name}` });
  });
  app.use(express.static(options.webRoot, { index: false, maxAge: '1h', setHeaders: noCacheHtml }));
  // The product's pages are client-side routes of one HTML document.
  app.get(['/', '/sign-in', '/sign-up', '/account', '/checkout', '/email-link', '/reset-password', '/organization', '/invitation'], (_req, res) => {
    res.set('cache-control', 'no-cache').sendFile(path.join(options.webRoot, 'index.html'));
  });
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Not found');
  });

  return {
    url: origin,
    core,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await bff.close();
      await api.close();
      await core.close();
    },
  };
}

function noCacheHtml(res: express.Response, filePath: string): void {
  if (filePath.endsWith('.html')) res.set('cache-control', 'no-cache');
}
