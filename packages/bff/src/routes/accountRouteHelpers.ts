import express, { type Request, type Response } from 'express';
import type { z } from 'zod';
import type { ResolvedBffConfig } from '../config.ts';
import { BffError } from '../http/BffError.ts';
import { SESSION_COOKIE, readCookie } from '../http/cookies.ts';
import type { CoreApi } from '../http/createCoreApi.ts';
import { SessionEndedError, type SessionTokens } from '../oidc/sessionTokens.ts';
import type { RequireAuthOptions } from '../requireAuth.ts';
import type { SessionStore, StoredSession } from '../storage/createSessionStore.ts';

/** What the routes proxying the core's account API for the signed-in user need. */
export interface AccountRouteDeps {
  config: ResolvedBffConfig;
  core: CoreApi;
  sessions: SessionStore;
  /** Calls the core's account API for the signed-in user with a fresh access token. */
  accountRequest: AccountRequest;
  /** Step-up check of `requireAuth`; throws its 401/403 `BffError`. */
  assertAuth: (req: Request, options: RequireAuthOptions) => Promise<unknown>;
}

/** The request's session; without one, 401 `unauthenticated`. For routes that check it before reading a body. */
export function signedInSession(sessions: SessionStore): (req: Request) => Promise<StoredSession> {
  return async function signedIn(req) {
    const id = readCookie(req, SESSION_COOKIE);
    const session = id ? await sessions.find(id) : undefined;
    if (!session) throw new SessionEndedError();
    return session;
  };
}

/**
 * Prefer `accountRequest`, which also authorises the call. The core's account API path for the signed-in user, e.g.
 * `/users/<id>/mfa/totp`. The user id comes from the session, never from the
 * request; without a session, 401 `unauthenticated`.
 */
export function accountPath(sessions: SessionStore): (req: Request, resource: string) => Promise<string> {
  return async function userPath(req, resource) {
    const id = readCookie(req, SESSION_COOKIE);
    const session = id ? await sessions.find(id) : undefined;
    if (!session) throw new BffError({ status: 401, code: 'unauthenticated', message: 'Sign in first.' });
    return `/users/${encodeURIComponent(session.userId)}${resource}`;
  };
}

export type AccountMethod = 'GET' | 'POST' | 'DELETE' | 'PATCH' | 'PUT';

/**
 * `accountRequest(req, 'POST', '/mfa/totp', body?)` calls the core's
 * `/users/<session user>/mfa/totp` with `Authorization: Bearer <access token>`,
 * refreshed first when it is about to expire. Resolves with the core's JSON;
 * throws the core's errors as `BffError`s, and 401 `unauthenticated`
 * (`SessionEndedError`, cookie cleared) when there is no session or its grant
 * was revoked.
 */
export type AccountRequest = (req: Request, method: AccountMethod, resource: string, body?: unknown) => Promise<unknown>;

export function accountRequester(deps: { core: CoreApi; sessions: SessionStore; tokens: SessionTokens }): AccountRequest {
  const { core, sessions, tokens } = deps;
  return async function accountRequest(req, method, resource, body) {
    const id = readCookie(req, SESSION_COOKIE);
    const session = id ? await sessions.find(id) : undefined;
    if (!id || !session) throw new SessionEndedError();
    const path = `/users/${encodeURIComponent(session.userId)}${resource}`;
    const endUser = { ip: req.ip ?? 'unknown', userAgent: (req.get('user-agent') ?? '').slice(0, 512) };
    const call = async (accessToken: string) => core.call(method, path, { ...(body === undefined ? {} : { body }), endUser, accessToken });
    try {
      return await call(await tokens.accessToken(id));
    } catch (error) {
      if (!(error instanceof BffError && error.code === 'invalid_token')) throw error;
    }
    // The core refused a token we thought valid (revoked, or the clock is off): refresh once. A revoked
    // grant refuses the refresh too, which ends the session.
    try {
      return await call(await tokens.forceRefresh(id));
    } catch (error) {
      if (error instanceof BffError && error.code === 'invalid_token') {
        await sessions.destroy(id);
        throw new SessionEndedError();
      }
      throw error;
    }
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
