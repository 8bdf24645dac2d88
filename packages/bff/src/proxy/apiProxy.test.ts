import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
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

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A real upstream on 127.0.0.1 that records what reached it; `handlers` (by exact path) take over a request as it arrives, before its body. */
async function startUpstream(): Promise<{ server: Server; port: number; received: Received[]; handlers: Map<string, Handler> }> {
  const received: Received[] = [];
  const handlers = new Map<string, Handler>();
  const server = createServer((req, res) => {
    const handler = handlers.get(req.url ?? '');
    if (handler) return handler(req, res);
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
  return { server, port: (server.address() as AddressInfo).port, received, handlers };
}

/** A promise with its resolve, for one side of a test to wait on the other. */
function signal<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

/** Reads from `reader` until the text so far contains `expected`; what was read. */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, expected: string): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  while (!text.includes(expected)) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  return text;
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
          { prefix: '/api/idle', target: `http://127.0.0.1:${upstream.port}/v1`, stripPrefix: true, idleTimeoutMs: 300 },
          { prefix: '/api/down', target: `http://127.0.0.1:${down}` },
        ],
        allowedHosts: [`127.0.0.1:${upstream.port}`, `127.0.0.1:${down}`],
        bodyLimitBytes: 1024,
      },
    });
  });
  afterAll(async () => {
    await stack?.close();
    upstream?.server.closeAllConnections();
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

  /** A request as a browser's `fetch` makes it, with the session cookie and CSRF header, its body left unread. */
  function open(browser: TestBrowser, path: string, init: { method?: string; body?: ReadableStream<Uint8Array> | string; headers?: Record<string, string>; signal?: AbortSignal } = {}): Promise<Response> {
    const cookie = [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const { body, ...rest } = init;
    return fetch(`${stack.url}${path}`, {
      ...rest,
      headers: { cookie, origin: stack.url, 'x-latch-csrf': '1', ...init.headers },
      ...(body === undefined ? {} : { body, duplex: 'half' as const }),
    } as RequestInit);
  }

  /** A request body that sends `chunks`, then either ends or (with `hold`) stays open until `hold` settles. */
  function chunkedBody(chunks: string[], hold?: Promise<unknown>): ReadableStream<Uint8Array> {
    const queue = chunks.map((chunk) => new TextEncoder().encode(chunk));
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = queue.shift();
        if (next) return controller.enqueue(next);
        if (hold) await hold;
        controller.close();
      },
    });
  }

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
    expect(last()?.headers['content-length']).toBe('14');
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

  describe('streaming', () => {
    it('relays the response as it arrives: the browser reads the first event while the upstream is still writing', async () => {
      const browser = await signedIn();
      const seen = signal();
      let upstreamEnded = false;
      upstream.handlers.set('/v1/events', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'set-cookie': 'upstream=1; Path=/', connection: 'keep-alive' });
        res.write('data: first\n\n');
        void seen.promise.then(() => {
          upstreamEnded = true;
          res.end('data: second\n\n');
        });
      });
      const response = await open(browser, '/api/orders/events');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/event-stream');
      expect(response.headers.getSetCookie()).toEqual([]);
      const reader = response.body!.getReader();
      // A buffering proxy never gets here: the upstream only ends once this chunk was seen.
      expect(await readUntil(reader, 'first')).toBe('data: first\n\n');
      expect(upstreamEnded).toBe(false);
      seen.resolve();
      expect(await readUntil(reader, 'second')).toBe('data: second\n\n');
      expect((await reader.read()).done).toBe(true);
    });

    it('passes a large download through intact, with its length', async () => {
      const browser = await signedIn();
      const payload = randomBytes(8 * 1024 * 1024);
      upstream.handlers.set('/v1/download', (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(payload.length) });
        void (async () => {
          for (let offset = 0; offset < payload.length; offset += 64 * 1024) {
            if (!res.write(payload.subarray(offset, offset + 64 * 1024))) await once(res, 'drain');
          }
          res.end();
        })();
      });
      const response = await open(browser, '/api/orders/download');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-length')).toBe(String(payload.length));
      const received = Buffer.from(await response.arrayBuffer());
      expect(received.length).toBe(payload.length);
      expect(createHash('sha256').update(received).digest('hex')).toBe(createHash('sha256').update(payload).digest('hex'));
    });

    it('holds the upstream back while the browser does not read, instead of buffering the body', async () => {
      const browser = await signedIn();
      const total = 256 * 1024 * 1024;
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const stalled = signal<number>();
      const closed = signal();
      upstream.handlers.set('/v1/backpressure', (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.once('close', () => closed.resolve());
        void (async () => {
          let written = 0;
          while (written < total && !res.destroyed) {
            written += chunk.length;
            if (res.write(chunk)) continue;
            // No drain for a second while the browser reads nothing: the whole path is full. (A safety net, not a
            // measurement: a proxy that buffers drains at once and writes everything before it could get here.)
            const drained = once(res, 'drain').then(() => true, () => true);
            if (!(await Promise.race([drained, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1000))]))) break;
          }
          stalled.resolve(written);
        })();
      });
      const leave = new AbortController();
      const response = await open(browser, '/api/orders/backpressure', { signal: leave.signal });
      expect(response.status).toBe(200);
      // What sits in the socket buffers of both legs (kernel-bounded, some MB); a buffering proxy would have taken it all.
      expect(await stalled.promise).toBeLessThan(total / 2);
      leave.abort();
      await closed.promise;
    });

    it('streams a chunked request body upstream', async () => {
      const browser = await signedIn();
      const response = await open(browser, '/api/orders', { method: 'POST', body: chunkedBody(['{"item":', '"tea",', '"qty":2}']), headers: { 'content-type': 'application/json' } });
      expect(response.status).toBe(201);
      expect(last()).toMatchObject({ method: 'POST', url: '/v1', body: '{"item":"tea","qty":2}' });
      expect(last()?.headers['transfer-encoding']).toBe('chunked');
      expect(last()?.headers.cookie).toBeUndefined();
    });

    it('answers 413 as soon as a chunked body crosses the limit, while the browser is still sending', async () => {
      const browser = await signedIn();
      const hold = signal();
      const marker = `over-${randomUUID()}`;
      try {
        const response = await open(browser, '/api/orders', { method: 'POST', body: chunkedBody([marker, 'x'.repeat(600), 'x'.repeat(600)], hold.promise), headers: { 'content-type': 'text/plain' } });
        expect(response.status).toBe(413);
        expect(await response.json()).toMatchObject({ error: { code: 'payload_too_large' } });
      } finally {
        hold.resolve();
      }
      // The upstream never got a complete request with that body.
      expect(upstream.received.some((request) => request.body.includes(marker))).toBe(false);
      // And the proxy still works for the next request.
      expect((await browser.request('GET', '/api/orders/7')).status).toBe(200);
    });

    it('starts the answer clock once the body is sent: a slow but steady upload is not a timeout', async () => {
      const browser = await signedIn();
      const firstChunk = signal();
      upstream.handlers.set('/v1/upload', (req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          firstChunk.resolve();
        });
        req.on('end', () => res.writeHead(201).end(Buffer.concat(chunks)));
      });
      const parts = ['abc', 'def'];
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const next = parts.shift();
          if (next === undefined) return controller.close();
          // Past the route's 300 ms answer limit between chunks, well within its idle limit.
          if (next === 'def') await firstChunk.promise.then(() => new Promise((resolve) => setTimeout(resolve, 600)));
          controller.enqueue(new TextEncoder().encode(next));
        },
      });
      const response = await open(browser, '/api/orders/upload', { method: 'POST', body, headers: { 'content-type': 'text/plain' } });
      expect(response.status).toBe(201);
      expect(await response.text()).toBe('abcdef');
    });

    it.each([
      ['chunked', {}],
      ['with a Content-Length', { 'content-length': '1000' }],
    ])('aborts the browser’s response when the upstream dies mid-body (%s)', async (_name, headers) => {
      const browser = await signedIn();
      const seen = signal();
      upstream.handlers.set('/v1/dies', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain', ...headers });
        res.write('partial');
        void seen.promise.then(() => res.destroy());
      });
      const response = await open(browser, '/api/orders/dies');
      expect(response.status).toBe(200);
      const reader = response.body!.getReader();
      expect(await readUntil(reader, 'partial')).toBe('partial');
      seen.resolve();
      // Not a clean end: the browser must not take the partial body for the whole one.
      await expect(readUntil(reader, 'never sent')).rejects.toThrow();
    });

    it('aborts the upstream request when the browser goes away mid-download', async () => {
      const browser = await signedIn();
      const closed = signal<boolean>();
      upstream.handlers.set('/v1/forever', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('tick');
        res.once('close', () => closed.resolve(res.writableEnded));
      });
      const leave = new AbortController();
      const response = await open(browser, '/api/orders/forever', { signal: leave.signal });
      expect(await readUntil(response.body!.getReader(), 'tick')).toBe('tick');
      leave.abort();
      // The upstream's connection closes before it ever ended its response.
      expect(await closed.promise).toBe(false);
    });

    it('aborts the upstream request when the browser goes away mid-upload', async () => {
      const browser = await signedIn();
      const firstChunk = signal();
      const closed = signal<boolean>();
      upstream.handlers.set('/v1/upload-forever', (req) => {
        req.once('data', () => firstChunk.resolve());
        req.once('close', () => closed.resolve(req.complete));
      });
      const leave = new AbortController();
      const never = new Promise(() => undefined);
      const pending = open(browser, '/api/orders/upload-forever', { method: 'POST', body: chunkedBody(['abc'], never), headers: { 'content-type': 'text/plain' }, signal: leave.signal });
      await firstChunk.promise;
      leave.abort();
      await expect(pending).rejects.toThrow();
      expect(await closed.promise).toBe(false);
    });

    it('aborts a download that stands still longer than the idle limit', async () => {
      const browser = await signedIn();
      const closed = signal<boolean>();
      upstream.handlers.set('/v1/stalls', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('tick');
        res.once('close', () => closed.resolve(res.writableEnded));
      });
      const response = await open(browser, '/api/idle/stalls');
      const reader = response.body!.getReader();
      expect(await readUntil(reader, 'tick')).toBe('tick');
      await expect(readUntil(reader, 'never sent')).rejects.toThrow();
      expect(await closed.promise).toBe(false);
    });

    it('answers 408 when the browser’s upload stands still longer than the idle limit', async () => {
      const browser = await signedIn();
      const hold = signal();
      try {
        const response = await open(browser, '/api/idle/stuck-upload', { method: 'POST', body: chunkedBody(['abc'], hold.promise), headers: { 'content-type': 'text/plain' } });
        expect(response.status).toBe(408);
        expect(await response.json()).toMatchObject({ error: { code: 'request_timeout' } });
      } finally {
        hold.resolve();
      }
    });
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
