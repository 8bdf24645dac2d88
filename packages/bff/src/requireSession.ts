import type { RequestHandler } from 'express';
import { SESSION_COOKIE, readCookie } from './http/cookies.ts';
import { noteSessionActivity } from './devices/noteSessionActivity.ts';
import type { SessionStore, StoredSession } from './storage/createSessionStore.ts';

export interface RequireSessionOptions {
  /**
   * Where to send a signed-out visitor of a page (with `?return_to=` the
   * requested path). Without it the answer is 401 `{ error: { code: "unauthenticated" } }`.
   */
  redirectTo?: string;
}

export interface SessionLocals {
  latchSession: StoredSession;
}

export function createRequireSession(sessions: SessionStore) {
  /** Middleware for the product's own routes: only signed-in users pass; the session lands in `res.locals.latchSession`. */
  return function requireSession(options: RequireSessionOptions = {}): RequestHandler {
    if (options.redirectTo !== undefined && !/^\/(?!\/)/u.test(options.redirectTo)) {
      throw new TypeError('requireSession(): redirectTo must be a path on this site, such as "/sign-in".');
    }
    return async function latchRequireSession(req, res, next) {
      const id = readCookie(req, SESSION_COOKIE);
      const session = id ? await sessions.find(id) : undefined;
      if (id && session) {
        noteSessionActivity(sessions, id, session, req);
        res.locals.latchSession = session;
        next();
        return;
      }
      if (options.redirectTo !== undefined) {
        const target = new URL(options.redirectTo, 'http://app.invalid');
        target.searchParams.set('return_to', req.originalUrl);
        res.redirect(303, `${target.pathname}${target.search}`);
        return;
      }
      res.status(401).set('cache-control', 'no-store').json({ error: { code: 'unauthenticated', message: 'Sign in first.' } });
    };
  };
}
