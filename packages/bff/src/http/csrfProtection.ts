import type { RequestHandler } from 'express';
import { BffError } from './BffError.ts';

/** The custom header every state-changing request must carry. */
export const CSRF_HEADER = 'x-latch-csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for state-changing routes, two checks deep:
 * 1. the `X-Latch-CSRF` header, which a cross-site form cannot send and a
 *    cross-site `fetch` cannot send without a CORS preflight we never allow;
 * 2. the `Origin` header (or, without it, `Sec-Fetch-Site`) must be ours.
 */
export function csrfProtection(options: { allowedOrigins: readonly string[] }): RequestHandler {
  const allowed = new Set(options.allowedOrigins.map((origin) => new URL(origin).origin));
  return function latchCsrfProtection(req, _res, next) {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.get('origin');
    if (origin !== undefined ? !allowed.has(origin) : isCrossSite(req.get('sec-fetch-site'))) {
      return next(new BffError({ status: 403, code: 'csrf_origin_mismatch', message: 'Cross-origin requests are not allowed.' }));
    }
    if (!req.get(CSRF_HEADER)) {
      return next(new BffError({ status: 403, code: 'csrf_header_missing', message: `Send the ${CSRF_HEADER} header with state-changing requests.` }));
    }
    next();
  };
}

function isCrossSite(secFetchSite: string | undefined): boolean {
  return secFetchSite !== undefined && secFetchSite !== 'same-origin' && secFetchSite !== 'none';
}
