import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createBff } from '../createBff.ts';
import { SESSION_COOKIE } from '../http/cookies.ts';
import { hashToken } from '../storage/createSessionStore.ts';
import { startTestStack, TestBrowser, type TestStack } from '../testing/startTestStack.ts';

const PASSWORD = 'correct horse battery staple';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real upstream on 127.0.0.1 that records what reached it. */
async function startUpstream(): Promise<{ server: Server; port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (req.url?.startsWith('/v1/slow')) {
        setTimeout(() => res.end('late'), 1500).unref();
        return;
      }
      res.setHeader('set-cookie', 'upstream=1; Path=/');
      res.setHeader('x-upstream', 'yes');
      res.setHeader('content-type', 'application/json');
      res.statusCode = req.method === 'POST' ? 201 : 200;
      res.end(JSON.stringify({ path: req.url }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, received };
}

/** A port nothing listens on: one that was free a moment ago. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the BFF API proxy', () => {
  let stack: TestStack;
  let upstream: Awaited<ReturnType<typeof startUpstream>>;

  beforeAll(async () => {
    upstream = await startUpstream();
    const down = await closedPort();
    stack = await startTestStack({
      sessionCacheMs: 0,
      apiProxy: {
        routes: [
          { prefix: '/api/orders', target: `http://127.0.0.1:${upstream.port}/v1`, stripPrefix: true, timeoutMs: 300 },
          { prefix: '/api/down', target: `http://127.0.0.1:${down}` },
        ],
        allowedHosts: [`127.0.0.1:${upstream.port}`, `127.0.0.1:${down}`],
        bodyLimitBytes: 1024,
      },
    });
  });
  afterAll(async () => {
    await stack?.close();
    upstream?.server.close();
  });

  async function signedIn(): Promise<TestBrowser> {
    const browser = new TestBrowser(stack);
    expect((await browser.signUp(`proxy-${randomUUID()}@example.com`, PASSWORD)).status).toBe(200);
    return browser;
  }

  async function sessionAccessToken(browser: TestBrowser): Promise<string> {
    const cookie = browser.cookies.get(SESSION_COOKIE) ?? '';
    const { rows } = await sql<{ data: { tokens: { accessToken: string } } }>`select data from latch_bff_sessions where id_hash = ${hashToken(cookie)}`.execute(stack.core.db);
    return rows[0]?.data.tokens.accessToken ?? '';
  }

  const last = () => upstream.received.at(-1);

  it('answers 401 without a session and never reaches the upstream', async () => {
    const before = upstream.received.length;
    const response = await new TestBrowser(stack).request('GET', '/api/orders/7');
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ error: { code: 'unauthenticated' } });
    expect(upstream.received.length).toBe(before);
  });

  it('forwards method, path and query with the session’s bearer token, never the browser’s cookie or credentials', async () => {
    const browser = await signedIn();
    const response = await browser.request('GET', '/api/orders/7?expand=lines&x=%20y', { headers: { authorization: 'Basic c3RvbGVuOmNyZWRz', 'x-request-id': 'req-1', 'x-secret-header': 'no' } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ path: '/v1/7?expand=lines&x=%20y' });
    expect(response.headers.get('x-upstream')).toBe('yes');
    // The upstream's cookie would land on the app's origin: dropped.
    expect(response.setCookies.some((line) => line.startsWith('upstream='))).toBe(false);
    const got = last();
    expect(got?.method).toBe('GET');
    expect(got?.headers.cookie).toBeUndefined();
    expect(got?.headers.authorization).toBe(`Bearer ${await sessionAccessToken(browser)}`);
    expect(got?.headers['x-request-id']).toBe('req-1');
    expect(got?.headers['x-secret-header']).toBeUndefined();
  });

  it('sends the organization-scoped token after a switch', async () => {
    const browser = await signedIn();
    const slug = `proxy-${randomUUID().slice(0, 8)}`;
    const org = (await browser.request('POST', '/auth/organizations', { json: { name: 'Proxy Co', slug } })).body as { id: string };
    expect((await browser.request('PUT', '/auth/organizations/active', { json: { organizationId: org.id } })).status).toBe(200);
    expect((await browser.request('GET', '/api/orders')).status).toBe(200);
    const bearer = String(last()?.headers.authorization).replace(/^Bearer /u, '');
    expect((await stack.core.provider.AccessToken.find(bearer))?.extra).toMatchObject({ org_id: org.id, org_slug: slug, org_role: 'owner' });
  });

  it('checks CSRF on state-changing methods and forwards the body of those that pass', async () => {
    const browser = await signedIn();
    const before = upstream.received.length;
    const refused = await browser.request('POST', '/api/orders', { json: { item: 'tea' }, csrf: false });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: 'csrf_header_missing' } });
    const foreign = await browser.request('DELETE', '/api/orders/7', { headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(upstream.received.length).toBe(before);

    const created = await browser.request('POST', '/api/orders', { json: { item: 'tea' } });
    expect(created.status).toBe(201);
    expect(last()).toMatchObject({ method: 'POST', url: '/v1', body: '{"item":"tea"}' });
    expect(last()?.headers['content-type']).toBe('application/json');
    expect(last()?.headers['x-latch-csrf']).toBeUndefined();
  });

  it('refuses a body over the limit, and maps an unreachable or slow upstream to stable codes', async () => {
    const browser = await signedIn();
    const large = await browser.request('POST', '/api/orders', { rawBody: 'x'.repeat(2048), contentType: 'text/plain' });
    expect(large.status).toBe(413);
    expect(large.body).toMatchObject({ error: { code: 'payload_too_large' } });
    const down = await browser.request('GET', '/api/down/anything');
    expect(down.status).toBe(502);
    expect(down.body).toMatchObject({ error: { code: 'upstream_unreachable' } });
    const slow = await browser.request('GET', '/api/orders/slow');
    expect(slow.status).toBe(504);
    expect(slow.body).toMatchObject({ error: { code: 'upstream_timeout' } });
  });

  it('leaves paths outside its prefixes to the app', async () => {
    const browser = await signedIn();
    expect((await browser.request('GET', '/api/me')).body).toEqual({ ok: true });
    // A prefix matches whole segments only.
    expect((await browser.request('GET', '/api/ordersx')).status).toBe(404);
  });
});

describe('createBff({ apiProxy }) validation', () => {
  const base = {
    issuer: 'http://localhost:3000/oidc',
    coreApiUrl: 'http://localhost:3000/core',
    clientId: 'app',
    clientSecret: 'x'.repeat(32),
    appOrigin: 'http://localhost:3000',
    allowInsecureRequests: true,
    redisUrl: 'redis://127.0.0.1:6379',
  };

  it('refuses a target whose host is not allow-listed, and plain http beyond loopback', () => {
    expect(() => createBff({ ...base, apiProxy: { routes: [{ prefix: '/api/x', target: 'https://api.example.com' }], allowedHosts: ['other.example.com'] } })).toThrow(
      /not in apiProxy\.allowedHosts/u,
    );
    expect(() => createBff({ ...base, apiProxy: { routes: [{ prefix: '/api/x', target: 'http://10.0.0.5:8080' }], allowedHosts: ['10.0.0.5:8080'] } })).toThrow(/plain http is allowed only for loopback/u);
    expect(() => createBff({ ...base, apiProxy: { routes: [{ prefix: '/api/x/', target: 'https://api.example.com' }], allowedHosts: ['api.example.com'] } })).toThrow(/no trailing slash/u);
    expect(() => createBff({ ...base, apiProxy: { routes: [{ prefix: '/api/x', target: 'https://api.example.com' }], allowedHosts: ['api.example.com'], timeout: 5 } as never })).toThrow(/unknown|timeout/u);
  });

  it('accepts https targets that are allow-listed, and http on a private network when opted in', async () => {
    const https = createBff({ ...base, apiProxy: { routes: [{ prefix: '/api/x', target: 'https://api.example.com/v1' }], allowedHosts: ['api.example.com'] } });
    const http = createBff({ ...base, apiProxy: { routes: [{ prefix: '/api/x', target: 'http://10.0.0.5:8080' }], allowedHosts: ['10.0.0.5:8080'], allowInsecureHttp: true } });
    await Promise.all([https.close(), http.close()]);
  });
});
