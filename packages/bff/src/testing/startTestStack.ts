import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCore, listOutbox, type Core, type CoreOptions } from '@latch/core';
import express from 'express';
import { pino } from 'pino';
import type { BffOptions } from '../config.ts';
import { createBff, type Bff } from '../createBff.ts';

export interface TestStack {
  readonly url: string;
  readonly core: Core;
  readonly bff: Bff;
  close(): Promise<void>;
}

/**
 * The bundled deployment the demo uses (core at /oidc and /core, BFF at
 * /auth, one guarded page at /account) on 127.0.0.1 and a port of the test's
 * choosing (0: any free one).
 */
export async function startTestStack(
  options: {
    port?: number;
    dataDir?: string;
    databaseUrl?: string;
    redisUrl?: string;
    redisKeyPrefix?: string;
    sessionCacheMs?: number;
    accessTokenTtlSeconds?: number;
    organizationRecheckSeconds?: number;
    /** Declared profile fields and rules (the core's `profile` option), the core's clock, and the extra scopes the BFF asks for. */
    profile?: CoreOptions['profile'];
    now?: () => Date;
    scopes?: string[];
    /** Consent purposes and webhook (the core's `consent` option). */
    consent?: CoreOptions['consent'];
    /** The test client's branding (core config) and the BFF's host → organization map. */
    clientBranding?: NonNullable<CoreOptions['clients']>[number]['branding'];
    brandingHosts?: Record<string, string>;
    /** The BFF's API proxy (`createBff({ apiProxy })`). */
    apiProxy?: BffOptions['apiProxy'];
  } = {},
): Promise<TestStack> {
  const app = express();
  app.disable('x-powered-by');
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(options.port ?? 0, '127.0.0.1', () => resolve(listening));
    listening.once('error', reject);
  });
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  const logger = pino({ level: 'silent' });
  const core = await createCore({
    issuer: `${origin}/oidc`,
    dataDir: options.dataDir ?? 'memory://',
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}),
    ...(options.redisKeyPrefix ? { redisKeyPrefix: options.redisKeyPrefix } : {}),
    ...(options.accessTokenTtlSeconds ? { accessTokenTtlSeconds: options.accessTokenTtlSeconds } : {}),
    ...(options.consent ? { consent: options.consent } : {}),
    clients: [{ clientId: 'test-app', redirectUris: [`${origin}/auth/callback`], ...(options.clientBranding ? { branding: options.clientBranding } : {}) }],
    // Cheaper hashing keeps the suite quick; production uses the OWASP defaults.
    argon2: { memoryCost: 1024, timeCost: 1, parallelism: 1 },
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.now ? { now: options.now } : {}),
    logger,
  });
  const credentials = core.clients.find((client) => client.clientId === 'test-app');
  if (!credentials) throw new Error('the core did not register the test client');
  const bff = createBff({
    issuer: `${origin}/oidc`,
    coreApiUrl: `${origin}/core`,
    clientId: 'test-app',
    clientSecret: credentials.clientSecret,
    appOrigin: origin,
    allowInsecureRequests: true,
    ...(options.sessionCacheMs === undefined ? {} : { sessionCacheMs: options.sessionCacheMs }),
    ...(options.organizationRecheckSeconds === undefined ? {} : { organizationRecheckSeconds: options.organizationRecheckSeconds }),
    ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}),
    ...(options.redisKeyPrefix ? { redisKeyPrefix: options.redisKeyPrefix } : {}),
    ...(options.scopes ? { scopes: options.scopes } : {}),
    ...(options.brandingHosts ? { brandingHosts: options.brandingHosts } : {}),
    ...(options.apiProxy ? { apiProxy: options.apiProxy } : {}),
    db: core.db as never,
    logger,
  });
  await bff.ready;
  app.use(core.issuerPath, core.oidc);
  app.use('/core', core.api);
  app.use(bff);
  app.get('/account', bff.requireSession({ redirectTo: '/sign-in' }), (_req, res) => {
    res.json({ userId: (res.locals as { latchSession: { userId: string } }).latchSession.userId });
  });
  app.get('/api/me', bff.requireSession(), (_req, res) => {
    res.json({ ok: true });
  });
  // Step-up guards (requireAuth): a recent sign-in, a second factor, and a page that redirects.
  app.get('/api/recent', bff.requireAuth({ maxAge: 300 }), (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/api/mfa-only', bff.requireAuth({ mfa: true }), (_req, res) => {
    res.json({ ok: true });
  });
  // Organization guards: the active organization's admins (and owners), and a permission.
  app.get('/api/org-admin', bff.requireOrgRole('admin'), (_req, res) => {
    res.json({ organization: (res.locals as { latchOrganization: { slug: string } }).latchOrganization.slug });
  });
  app.get('/api/org-members', bff.requirePermission('org:members:manage'), (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/settings', bff.requireAuth({ maxAge: 300, redirectTo: '/sign-in' }), (_req, res) => {
    res.json({ ok: true });
  });
  return {
    url: origin,
    core,
    bff,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await bff.close();
      await core.close();
    },
  };
}

export interface BrowserResponse {
  status: number;
  headers: Headers;
  body: unknown;
  setCookies: string[];
}

/** A browser-like caller: keeps cookies, sends Origin and the CSRF header unless told not to. */
export class TestBrowser {
  readonly cookies = new Map<string, string>();
  readonly origin: string;
  private readonly core: Core | undefined;
  /** Given the stack (not only its URL), `signUp` also reads the emailed code and verifies the address. */
  constructor(target: string | TestStack) {
    this.origin = typeof target === 'string' ? target : target.url;
    this.core = typeof target === 'string' ? undefined : target.core;
  }

  /** The newest mail to `to` in the core's outbox, with the six-digit code and the link it carries, if any. */
  async newestMail(to: string): Promise<{ subject: string; text: string; code: string | undefined; link: string | undefined } | undefined> {
    if (!this.core) throw new Error('TestBrowser: construct it with the stack to read mail');
    const mail = (await listOutbox(this.core.db, { limit: 200 })).find((message) => message.to === to.toLowerCase());
    if (!mail) return undefined;
    return { subject: mail.subject, text: mail.text, code: /\b(\d{6})\b/u.exec(mail.text)?.[1], link: /(https?:\/\/\S+\?flow=\S+)/u.exec(mail.text)?.[1] };
  }

  async request(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    options: { json?: unknown; rawBody?: string; contentType?: string; headers?: Record<string, string>; csrf?: boolean } = {},
  ): Promise<BrowserResponse> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (method !== 'GET') {
      headers.origin ??= this.origin;
      if (options.csrf !== false) headers['x-latch-csrf'] = '1';
    }
    let body: string | undefined;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] = 'application/json';
    } else if (options.rawBody !== undefined) {
      body = options.rawBody;
      headers['content-type'] = options.contentType ?? 'application/json';
    }
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(`${this.origin}${path}`, { method, headers, body, redirect: 'manual' });
    const setCookies = response.headers.getSetCookie();
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((attribute) => /^\s*expires=Thu, 01 Jan 1970/iu.test(attribute)) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed, setCookies };
  }

  /**
   * Runs sign-up to completion: credentials, then (when the browser knows the
   * stack and the core asks for it) the code from the verification email.
   * Returns the final response.
   */
  async signUp(email: string, password: string, extraValues: Record<string, string> = {}): Promise<BrowserResponse> {
    const created = await this.request('POST', '/auth/flows/sign-up');
    const flow = created.body as { id: string };
    const answered = await this.request('POST', `/auth/flows/${flow.id}/submit`, {
      json: { step: 'credentials', action: 'submit', values: { email, password, ...extraValues } },
    });
    if ((answered.body as { step?: { name?: string } | null }).step?.name !== 'verify-email' || !this.core) return answered;
    const code = (await this.newestMail(email))?.code ?? '000000';
    return this.request('POST', `/auth/flows/${flow.id}/submit`, { json: { step: 'verify-email', action: 'submit', values: { code } } });
  }

  /** Runs sign-in (identifier, then password); returns the password step's response. */
  async signIn(email: string, password: string): Promise<BrowserResponse> {
    const created = await this.request('POST', '/auth/flows/sign-in');
    const flow = created.body as { id: string };
    await this.request('POST', `/auth/flows/${flow.id}/submit`, { json: { step: 'identifier', action: 'submit', values: { email } } });
    return this.request('POST', `/auth/flows/${flow.id}/submit`, {
      json: { step: 'password', action: 'submit', values: { email, password } },
    });
  }
}
