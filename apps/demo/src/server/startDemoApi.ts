import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';

export interface DemoApi {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  close(): Promise<void>;
}

interface Introspection {
  active: boolean;
  sub?: string;
  client_id?: string;
  org_id?: string;
  org_slug?: string;
  org_role?: string;
  org_permissions?: string[];
}

/**
 * The product's own API, as a separate service on 127.0.0.1 that the browser
 * reaches only through the BFF's proxy (`/api/demo/*`). It trusts nothing the
 * request says about the user: it validates the bearer token with the core
 * (token introspection; the core's access tokens are opaque, not JWTs) and
 * answers what the token carries, the organization claims included.
 *   GET /whoami → { subject, organization: { id, slug, role, permissions } | null }
 */
export async function startDemoApi(options: { introspectionUrl: string; clientId: string; clientSecret: string }): Promise<DemoApi> {
  const basic = `Basic ${Buffer.from(`${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`).toString('base64')}`;
  const app = express();
  app.disable('x-powered-by');

  app.get('/whoami', async function whoami(req, res) {
    const token = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/u.exec(req.get('authorization') ?? '')?.[1];
    if (!token) {
      res.status(401).json({ error: { code: 'invalid_token', message: 'Send a bearer token.' } });
      return;
    }
    const response = await fetch(options.introspectionUrl, {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, token_type_hint: 'access_token' }),
    });
    const claims = (await response.json()) as Introspection;
    if (!response.ok || !claims.active) {
      res.status(401).json({ error: { code: 'invalid_token', message: 'The token is not active.' } });
      return;
    }
    res.set('cache-control', 'no-store').json({
      subject: claims.sub,
      // What arrived with the request, so the demo can show the browser's cookie never does.
      receivedCookie: req.get('cookie') !== undefined,
      organization: claims.org_id ? { id: claims.org_id, slug: claims.org_slug, role: claims.org_role, permissions: claims.org_permissions ?? [] } : null,
    });
  });

  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    listening.once('error', reject);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
