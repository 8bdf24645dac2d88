import express, { type Request, type Response } from 'express';
import type { z } from 'zod';
import type { ResolvedBffConfig } from '../config.ts';
import { BffError } from '../http/BffError.ts';
import { SESSION_COOKIE, readCookie } from '../http/cookies.ts';
import type { CoreApi } from '../http/createCoreApi.ts';
import type { RequireAuthOptions } from '../requireAuth.ts';
import type { SessionStore } from '../storage/createSessionStore.ts';
import { noteSessionActivity } from '../devices/noteSessionActivity.ts';

/** What the routes proxying the core's account API for the signed-in user need. */
export interface AccountRouteDeps {
  config: ResolvedBffConfig;
  core: CoreApi;
  sessions: SessionStore;
  /** Step-up check of `requireAuth`; throws its 401/403 `BffError`. */
  assertAuth: (req: Request, options: RequireAuthOptions) => Promise<unknown>;
}

/**
 * The core's account API path for the signed-in user, e.g.
 * `/users/<id>/mfa/totp`. The user id comes from the session, never from the
 * request; without a session, 401 `unauthenticated`.
 */
export function accountPath(sessions: SessionStore): (req: Request, resource: string) => Promise<string> {
  return async function userPath(req, resource) {
    const id = readCookie(req, SESSION_COOKIE);
    const session = id ? await sessions.find(id) : undefined;
    if (!id || !session) throw new BffError({ status: 401, code: 'unauthenticated', message: 'Sign in first.' });
    noteSessionActivity(sessions, id, session, req);
    return `/users/${encodeURIComponent(session.userId)}${resource}`;
  };
}

/**
 * Reads and validates a JSON body after the session checks, so a signed-out
 * caller hears 401 rather than a complaint about its body.
 */
export function jsonBodyReader(config: ResolvedBffConfig) {
  const json = express.json({ limit: config.bodyLimit, strict: true });
  return async function readJsonBody<T>(req: Request, res: Response, schema: z.ZodType<T, unknown>): Promise<T> {
    if (!req.is('application/json')) throw new BffError({ status: 415, code: 'unsupported_media_type', message: 'Send the body as application/json.' });
    await new Promise<void>((resolve, reject) => json(req, res, (error?: unknown) => (error ? reject(error) : resolve())));
    const parsed = schema.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const at = issue?.path.length ? ` at "${issue.path.join('.')}"` : '';
      throw new BffError({ status: 400, code: 'invalid_request', message: `Invalid request body${at}: ${issue?.message ?? 'malformed'}.` });
    }
    return parsed.data;
  };
}
