import { pipeline } from 'node:stream/promises';
import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { BffError } from '../http/BffError.ts';
import { SESSION_COOKIE, readCookie } from '../http/cookies.ts';
import type { SessionTokens } from '../oidc/sessionTokens.ts';
import { SessionEndedError } from '../oidc/sessionTokens.ts';
import type { SessionStore } from '../storage/createSessionStore.ts';
import type { ApiProxyOptions } from './apiProxyOptions.ts';

/** Request headers the upstream gets by default; everything else (above all `cookie` and `authorization`) stays behind. */
const DEFAULT_FORWARDED = [
  'accept',
  'accept-language',
  'content-type',
  'content-language',
  'if-match',
  'if-none-match',
  'if-modified-since',
  'if-unmodified-since',
  'range',
  'x-request-id',
];

/** Never forwarded in either direction, whatever the configuration says (RFC 9110 §7.6.1 hop-by-hop, and our own credentials). */
const NEVER_FORWARDED = new Set(['cookie', 'set-cookie', 'authorization', 'proxy-authorization', 'host', 'connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'content-length']);

/**
 * Response headers dropped on the way back: hop-by-hop ones, cookies (the
 * browser holds one cookie, ours), and what `fetch` already undid (it decodes
 * the body, so `content-encoding` and the encoded `content-length` no longer
 * hold; the length is relayed only for an unencoded body).
 */
const RESPONSE_DROPPED = new Set([...NEVER_FORWARDED, 'content-encoding', 'www-authenticate']);

const BODYLESS = new Set(['GET', 'HEAD']);

/** Why an exchange was cut short; the first one wins and decides the answer. */
type Failure = 'too_large' | 'browser_idle' | 'upstream_idle' | 'headers_timeout' | 'download_idle' | 'browser_gone' | 'upstream_broke';

/**
 * `/api/*` → the product's API with the session's access token:
 * `Authorization: Bearer <token>` (the organization-scoped one after a
 * switch; refreshed through `SessionTokens`, single-flight), the method, the
 * path after the prefix, the query, the body (at most `bodyLimitBytes`) and
 * an allow-list of headers. The browser's `Cookie` and `Authorization` never
 * leave, nor hop-by-hop headers; the upstream's `Set-Cookie` never reaches the
 * browser. State-changing methods must pass `csrf` (mounted in front by
 * `createBff`). Errors: 401 `unauthenticated` (no session), 413
 * `payload_too_large`, 408 `request_timeout`, 502 `upstream_unreachable`,
 * 504 `upstream_timeout`.
 *
 * Both bodies stream: the request body goes upstream as it arrives (counted
 * against the limit on the way), the response body goes to the browser as it
 * arrives, with backpressure both ways so memory stays bounded. Once the
 * response has started, a failure can no longer become an error answer: the
 * browser's response is aborted instead, so it never looks complete. A
 * browser that goes away aborts the upstream request.
 */
export function apiProxy(deps: { options: ApiProxyOptions; sessions: SessionStore; tokens: SessionTokens; csrf: RequestHandler; logger: Logger }): RequestHandler {
  const { options, sessions, tokens, csrf, logger } = deps;
  const forwarded = [...new Set([...DEFAULT_FORWARDED, ...options.forwardHeaders])].filter((name) => !NEVER_FORWARDED.has(name));
  const routes = options.routes.map((route) => ({ ...route, base: new URL(route.target.endsWith('/') ? route.target.slice(0, -1) : route.target) }));
  const limit = options.bodyLimitBytes;
  const tooLarge = () => new BffError({ status: 413, code: 'payload_too_large', message: `The request body is larger than ${limit} bytes.` });

  return async function latchApiProxy(req, res, next) {
    const route = routes.find((candidate) => req.path === candidate.prefix || req.path.startsWith(`${candidate.prefix}/`));
    if (!route) return next();

    // One switch cuts everything: the upstream request, its body, the relay.
    const abort = new AbortController();
    let failure: Failure | undefined;
    const fail = (why: Failure) => {
      if (failure) return;
      failure = why;
      abort.abort(new Error(`API proxy: ${why}`));
    };
    const requestIdle = watchdog();
    const headersClock = watchdog();
    const responseIdle = watchdog();
    res.once('close', () => {
      requestIdle.clear();
      headersClock.clear();
      responseIdle.clear();
      if (!res.writableFinished) fail('browser_gone');
    });

    try {
      await new Promise<void>((resolve, reject) => csrf(req, res, (error?: unknown) => (error ? reject(error) : resolve())));
      const sessionId = readCookie(req, SESSION_COOKIE);
      if (!sessionId || !(await sessions.find(sessionId))) throw new SessionEndedError();
      const accessToken = await tokens.accessToken(sessionId);

      const declared = req.get('content-length');
      const bodyAllowed = !BODYLESS.has(req.method);
      if (bodyAllowed && declared !== undefined && Number(declared) > limit) {
        req.resume(); // discard what the browser still sends, so it reads the 413 rather than a reset
        throw tooLarge();
      }
      const hasBody = bodyAllowed && (req.get('transfer-encoding') !== undefined || Number(declared ?? '0') > 0);

      const rest = route.stripPrefix ? req.path.slice(route.prefix.length) : req.path;
      const url = new URL(`${route.base.pathname.replace(/\/$/u, '')}${rest}`, route.base);
      url.search = new URL(req.originalUrl, 'http://app.invalid').search;
      const headers = new Headers();
      for (const name of forwarded) {
        const value = req.get(name);
        if (value !== undefined) headers.set(name, value);
      }
      // Node has checked the body against a declared length, so it can be passed on (some upstreams refuse chunked uploads).
      if (hasBody && declared !== undefined && req.get('transfer-encoding') === undefined) headers.set('content-length', declared);
      headers.set('authorization', `Bearer ${accessToken}`);
      if (req.ip) headers.set('x-forwarded-for', req.ip);

      const startHeadersClock = () => headersClock.arm(route.timeoutMs, () => fail('headers_timeout'));
      let body: ReadableStream<Uint8Array> | undefined;
      if (hasBody) {
        body = streamRequestBody(req, {
          limit,
          onTooLarge: () => fail('too_large'),
          onBrowserGone: () => fail('browser_gone'),
          // Waiting on the browser for the next chunk, or on the upstream to take the last one.
          onWait: (on) => requestIdle.arm(route.idleTimeoutMs, () => fail(on === 'browser' ? 'browser_idle' : 'upstream_idle')),
          onEnd: () => {
            requestIdle.clear();
            startHeadersClock();
          },
        });
      } else {
        startHeadersClock();
      }

      let upstream: Response;
      try {
        upstream = await fetch(url, {
          method: req.method,
          headers,
          ...(body ? { body, duplex: 'half' as const } : {}),
          redirect: 'manual',
          signal: abort.signal,
        });
      } catch (error) {
        if (failure === 'browser_gone') return; // nobody to answer
        if (failure === 'too_large') {
          req.resume();
          throw tooLarge();
        }
        if (failure === 'browser_idle') {
          // The browser stalled mid-upload: answer and close rather than wait on it.
          throw new BffError({ status: 408, code: 'request_timeout', message: 'The request body stopped arriving.', headers: { connection: 'close' } });
        }
        logger.warn({ err: error, upstream: url.origin, prefix: route.prefix, failure }, 'API proxy: upstream request failed');
        throw failure === 'headers_timeout' || failure === 'upstream_idle'
          ? new BffError({ status: 504, code: 'upstream_timeout', message: 'The service did not answer in time.' })
          : new BffError({ status: 502, code: 'upstream_unreachable', message: 'The service could not be reached.' });
      } finally {
        headersClock.clear();
      }

      res.status(upstream.status);
      upstream.headers.forEach((value, name) => {
        if (!RESPONSE_DROPPED.has(name)) res.setHeader(name, value);
      });
      const length = upstream.headers.get('content-length');
      if (length !== null && !upstream.headers.has('content-encoding')) res.setHeader('content-length', length);
      if (!upstream.body || req.method === 'HEAD') {
        res.end();
        await upstream.body?.cancel().catch(() => undefined);
        return;
      }
      // Headers now, not with the first chunk: an event stream is "open" before its first event.
      res.flushHeaders();
      const responseBody = upstream.body;
      // Re-armed per chunk read; the browser not reading stalls the reads too, so either side standing still trips it.
      const kick = () => responseIdle.arm(route.idleTimeoutMs, () => fail('download_idle'));
      kick();
      try {
        // pipeline() waits for the browser to drain before reading on, and on
        // any failure destroys `res`: the browser sees an aborted response,
        // never a short one that looks complete.
        await pipeline(async function* relay() {
          try {
            for await (const chunk of responseBody) {
              kick();
              yield chunk;
            }
          } catch (error) {
            fail('upstream_broke'); // unless something else already cut it (the browser left, the idle limit)
            throw error;
          }
        }, res);
      } catch (error) {
        if (failure !== 'browser_gone') logger.warn({ err: error, upstream: url.origin, prefix: route.prefix, failure }, 'API proxy: response aborted mid-body');
        abort.abort(); // whichever side broke, the other one ends with it
      }
    } catch (error) {
      if (failure === 'browser_gone') return;
      next(error);
    }
  };
}

/** A restartable timer; `arm` replaces whatever was pending. */
function watchdog(): { arm(ms: number, onFire: () => void): void; clear(): void } {
  let timer: NodeJS.Timeout | undefined;
  return {
    arm(ms, onFire) {
      clearTimeout(timer);
      timer = setTimeout(onFire, ms);
    },
    clear() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}

/**
 * The browser's body as a pull stream for `fetch`: a chunk is read from the
 * browser only when the upstream wants the next one (backpressure), and the
 * stream fails as soon as the running total crosses `limit`, whether or not
 * the browser declared a length. `req` is never destroyed here, so the
 * browser can still be answered (413, 408) on the same connection.
 */
function streamRequestBody(
  req: Request,
  hooks: { limit: number; onTooLarge(): void; onBrowserGone(): void; onWait(on: 'browser' | 'upstream'): void; onEnd(): void },
): ReadableStream<Uint8Array> {
  const chunks = req.iterator({ destroyOnReturn: false }) as AsyncIterator<Buffer>;
  let size = 0;
  hooks.onWait('upstream'); // until the upstream connection takes the first chunk
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        hooks.onWait('browser');
        let step: IteratorResult<Buffer>;
        try {
          step = await chunks.next();
        } catch (error) {
          hooks.onBrowserGone(); // the browser's connection broke mid-upload
          throw error;
        }
        const { done, value } = step;
        if (done) {
          hooks.onEnd();
          controller.close();
          return;
        }
        size += value.length;
        if (size > hooks.limit) {
          hooks.onTooLarge();
          await chunks.return?.();
          controller.error(new Error('request body over the limit'));
          return;
        }
        hooks.onWait('upstream');
        controller.enqueue(value);
      },
      async cancel() {
        await chunks.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}
