import type { Request, RequestHandler, Response } from 'express';
import { BffError } from './http/BffError.ts';
import { SESSION_COOKIE, readCookie } from './http/cookies.ts';
import type { AccountRequest } from './routes/accountRouteHelpers.ts';
import type { SessionStore, StoredSession } from './storage/createSessionStore.ts';

export interface RequireAuthOptions {
  /**
   * Seconds since the user last proved who they are (the ID token's
   * `auth_time`). Older: 401 `reauthentication_required` (with `maxAge` in the
   * error body), which the components answer with a re-authentication form.
   */
  maxAge?: number;
  /**
   * The sign-in must have used a second factor (`mfa` in `amr`). Without it:
   * 401 `mfa_required`, or 403 `mfa_not_enrolled` when the user has no second
   * factor at all (send them to enrollment).
   */
  mfa?: boolean;
  /**
   * For pages: instead of a JSON error, 303 to this path with `?return_to=`
   * the requested path, plus `&reauth=1` (re-authenticate) or
   * `&mfa=enroll` (`mfa_not_enrolled`). Signed-out visitors get `return_to` only.
   */
  redirectTo?: string;
}

export type StepUpCode = 'unauthenticated' | 'reauthentication_required' | 'mfa_required' | 'mfa_not_enrolled';

const KNOWN_KEYS = ['maxAge', 'mfa', 'redirectTo'];

/** Seconds since the epoch at which the session's user last authenticated. */
export function authenticatedAt(session: StoredSession): number {
  const authTime = session.data.claims.auth_time;
  return typeof authTime === 'number' && Number.isFinite(authTime) ? authTime : Math.floor(session.createdAt.getTime() / 1000);
}

function amrOf(session: StoredSession): string[] {
  const amr = session.data.claims.amr;
  return Array.isArray(amr) ? amr.filter((value): value is string => typeof value === 'string') : [];
}

/**
 * Step-up checks, in order: a session (401 `unauthenticated`); a second factor
 * when `mfa` is asked (401 `mfa_required`, or 403 `mfa_not_enrolled` when the
 * account has none, looked up at the core's account API only in that case);
 * an authentication no older than `maxAge` (401 `reauthentication_required`).
 * The session lands in `res.locals.latchSession` like `requireSession`'s.
 */
export function createRequireAuth(deps: { sessions: SessionStore; accountRequest: AccountRequest; now?: () => number }) {
  const now = deps.now ?? (() => Date.now());

  async function hasSecondFactor(req: Request): Promise<boolean> {
    const mfa = (await deps.accountRequest(req, 'GET', '/mfa')) as { factors?: unknown[] };
    return (mfa.factors?.length ?? 0) > 0;
  }

  /** The check alone, for routes that answer through the BFF's error handler. */
  async function check(req: Request, options: RequireAuthOptions): Promise<{ session?: StoredSession; failure?: StepUpCode }> {
    const id = readCookie(req, SESSION_COOKIE);
    const session = id ? await deps.sessions.find(id) : undefined;
    if (!session) return { failure: 'unauthenticated' };
    if (options.mfa && !amrOf(session).includes('mfa')) {
      return { session, failure: (await hasSecondFactor(req)) ? 'mfa_required' : 'mfa_not_enrolled' };
    }
    if (options.maxAge !== undefined && now() / 1000 - authenticatedAt(session) > options.maxAge) return { session, failure: 'reauthentication_required' };
    return { session };
  }

  function toError(failure: StepUpCode, options: RequireAuthOptions): BffError {
    switch (failure) {
      case 'unauthenticated':
        return new BffError({ status: 401, code: failure, message: 'Sign in first.' });
      case 'mfa_not_enrolled':
        return new BffError({ status: 403, code: failure, message: 'Set up a second factor first.' });
      case 'mfa_required':
        return new BffError({ status: 401, code: failure, message: 'Confirm it is you with your second factor.' });
      default:
        return new BffError({
          status: 401,
          code: failure,
          message: 'Confirm it is you: sign in again.',
          body: { error: { code: failure, message: 'Confirm it is you: sign in again.', maxAge: options.maxAge } },
        });
    }
  }

  function validate(options: RequireAuthOptions): void {
    if (typeof options !== 'object' || options === null || 'method' in options) {
      throw new TypeError('requireAuth(options) must be called: app.get(path, bff.requireAuth({ maxAge: 300 }), handler).');
    }
    for (const key of Object.keys(options)) {
      if (!KNOWN_KEYS.includes(key)) {
        const match = KNOWN_KEYS.find((name) => name.toLowerCase() === key.toLowerCase());
        throw new TypeError(`requireAuth(): unknown option "${key}"${match ? `; did you mean "${match}"?` : ''}`);
      }
    }
    if (options.maxAge !== undefined && (!Number.isInteger(options.maxAge) || options.maxAge < 0)) {
      throw new TypeError('requireAuth(): maxAge is a whole number of seconds (0 or more).');
    }
    if (options.mfa !== undefined && typeof options.mfa !== 'boolean') throw new TypeError('requireAuth(): mfa is true or false.');
    if (options.redirectTo !== undefined && !/^\/(?![/\\])/u.test(options.redirectTo)) {
      throw new TypeError('requireAuth(): redirectTo must be a path on this site, such as "/sign-in".');
    }
  }

  /** Middleware for the product's own routes; see `RequireAuthOptions`. */
  function requireAuth(options: RequireAuthOptions = {}): RequestHandler {
    validate(options);
    return async function latchRequireAuth(req: Request, res: Response, next) {
      let result: Awaited<ReturnType<typeof check>>;
      try {
        result = await check(req, options);
      } catch (error) {
        next(error);
        return;
      }
      if (!result.failure && result.session) {
        res.locals.latchSession = result.session;
        next();
        return;
      }
      const failure = result.failure ?? 'unauthenticated';
      if (options.redirectTo !== undefined) {
        const target = new URL(options.redirectTo, 'http://app.invalid');
        target.searchParams.set('return_to', req.originalUrl);
        if (failure === 'reauthentication_required' || failure === 'mfa_required') target.searchParams.set('reauth', '1');
        if (failure === 'mfa_not_enrolled') target.searchParams.set('mfa', 'enroll');
        res.redirect(303, `${target.pathname}${target.search}`);
        return;
      }
      const error = toError(failure, options);
      const body = error.body ?? { error: { code: error.code, message: error.message } };
      res.status(error.status).set('cache-control', 'no-store').json(body);
    };
  }

  /** Throws the step-up `BffError` when the request fails `options`; resolves with the session otherwise. */
  async function assert(req: Request, options: RequireAuthOptions): Promise<StoredSession> {
    const result = await check(req, options);
    if (result.failure || !result.session) throw toError(result.failure ?? 'unauthenticated', options);
    return result.session;
  }

  return { requireAuth, assert };
}
