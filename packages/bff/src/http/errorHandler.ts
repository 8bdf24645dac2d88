import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { SessionEndedError } from '../oidc/sessionTokens.ts';
import { BffError } from './BffError.ts';
import { SESSION_COOKIE, clearHostCookie } from './cookies.ts';

function fromBodyParser(error: unknown): BffError | undefined {
  const type = typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
  if (type === 'entity.parse.failed') return new BffError({ status: 400, code: 'invalid_json', message: 'The request body is not valid JSON.' });
  if (type === 'entity.too.large') return new BffError({ status: 413, code: 'payload_too_large', message: 'The request body is too large.' });
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new BffError({ status: 415, code: 'unsupported_encoding', message: 'The request body encoding is not supported.' });
  }
  // Other 4xx from Express itself, e.g. a path parameter that is not valid percent-encoding.
  const status = typeof error === 'object' && error !== null ? (error as { status?: unknown }).status : undefined;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new BffError({ status: 400, code: 'invalid_request', message: 'The request is malformed.' });
  }
  return undefined;
}

/** Every `/auth` error leaves as JSON with a stable code; unknown ones are logged, never shown. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return function latchBffErrorHandler(error, _req, res, next) {
    if (res.headersSent) return next(error);
    const known = error instanceof BffError ? error : fromBodyParser(error);
    if (!known || known.status >= 500) logger.error({ err: error }, 'BFF request failed');
    // The session is gone (e.g. its grant was revoked): the browser forgets the cookie too.
    if (error instanceof SessionEndedError) clearHostCookie(res, SESSION_COOKIE);
    res.status(known?.status ?? 500).set(known?.headers ?? {}).set('cache-control', 'no-store');
    if (known?.body !== undefined) {
      res.json(known.body);
      return;
    }
    res.json({ error: { code: known?.code ?? 'internal_error', message: known ? known.message : 'Something went wrong on our side.' } });
  };
}

export const notFound: RequestHandler = function latchBffNotFound(_req, res) {
  res.status(404).set('cache-control', 'no-store').json({ error: { code: 'not_found', message: 'No such route.' } });
};
