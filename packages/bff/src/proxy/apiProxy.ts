import type { Request, RequestHandler, Response } from 'express';
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

/** Response headers dropped on the way back: hop-by-hop ones, cookies (the browser holds one cookie, ours), and what `fetch` already undid. */
const RESPONSE_DROPPED = new Set([...NEVER_FORWARDED, 'content-encoding', 'www-authenticate']);

const BODYLESS = new Set(['GET', 'HEAD']);

/**
 * `/api/*` → the product's API with the session's access token:
 * `Authorization: Bearer <token>` (the organization-scoped one after a
 * switch; refreshed through `SessionTokens`, single-flight), the method, the
 * path after the prefix, the query, the body (at most `bodyLimitBytes`) and
 * an allow-list of headers. The browser's `Cookie` and `Authorization` never
 * leave, nor hop-by-hop headers; the upstream's `Set-Cookie` never reaches the
 * browser. State-changing methods must pass `csrf` (mounted in front by
 * `createBff`). Errors: 401 `unauthenticated` (no session), 413
 * `payload_too_large`, 502 `upstream_unreachable`, 504 `upstream_timeout`.
 */
export function apiProxy(deps: { options: ApiProxyOptions; sessions: SessionStore; tokens: SessionTokens; csrf: RequestHandler; logger: Logger }): RequestHandler {
  const { options, sessions, tokens, csrf, logger } = deps;
  const forwarded = [...new Set([...DEFAULT_FORWARDED, ...options.forwardHeaders])].filter((name) => !NEVER_FORWARDED.has(name));
  const routes = options.routes.map((route) => ({ ...route, base: new URL(route.target.endsWith('/') ? route.target.slice(0, -1) : route.target) }));

  return async function latchApiProxy(req, res, next) {
    const route = routes.find((candidate) => req.path === candidate.prefix || req.path.startsWith(`${candidate.prefix}/`));
    if (!route) return next();
    try {
      await new Promise<void>((resolve, reject) => csrf(req, res, (error?: unknown) => (error ? reject(error) : resolve())));
      const sessionId = readCookie(req, SESSION_COOKIE);
      if (!sessionId || !(await sessions.find(sessionId))) throw new SessionEndedError();
      const accessToken = await tokens.accessToken(sessionId);
      const body = BODYLESS.has(req.method) ? undefined : await readBody(req, options.bodyLimitBytes);

      const rest = route.stripPrefix ? req.path.slice(route.prefix.length) : req.path;
      const url = new URL(`${route.base.pathname.replace(/\/$/u, '')}${rest}`, route.base);
      url.search = new URL(req.originalUrl, 'http://app.invalid').search;
      const headers = new Headers();
      for (const name of forwarded) {
        const value = req.get(name);
        if (value !== undefined) headers.set(name, value);
      }
      headers.set('authorization', `Bearer ${accessToken}`);
      if (req.ip) headers.set('x-forwarded-for', req.ip);

      let upstream: globalThis.Response;
      try {
        upstream = await fetch(url, {
          method: req.method,
          headers,
          ...(body && body.length > 0 ? { body: new Uint8Array(body) } : {}),
          redirect: 'manual',
          signal: AbortSignal.timeout(route.timeoutMs),
        });
      } catch (error) {
        const timedOut = error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError');
        logger.warn({ err: error, upstream: url.origin, prefix: route.prefix }, 'API proxy: upstream request failed');
        throw timedOut
          ? new BffError({ status: 504, code: 'upstream_timeout', message: 'The service did not answer in time.' })
          : new BffError({ status: 502, code: 'upstream_unreachable', message: 'The service could not be reached.' });
      }
      await relay(upstream, res, req.method === 'HEAD');
    } catch (error) {
      next(error);
    }
  };
}

async function relay(upstream: globalThis.Response, res: Response, head: boolean): Promise<void> {
  res.status(upstream.status);
  upstream.headers.forEach((value, name) => {
    if (!RESPONSE_DROPPED.has(name)) res.setHeader(name, value);
  });
  const payload = head ? Buffer.alloc(0) : Buffer.from(await upstream.arrayBuffer());
  res.end(payload);
}

/** The raw body, refused past `limit` bytes (by `Content-Length` up front, else while reading). */
async function readBody(req: Request, limit: number): Promise<Buffer> {
  const tooLarge = () => new BffError({ status: 413, code: 'payload_too_large', message: `The request body is larger than ${limit} bytes.` });
  const declared = Number(req.get('content-length') ?? '0');
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
