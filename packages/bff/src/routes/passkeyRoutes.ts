import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { ResolvedBffConfig } from '../config.ts';
import { BffError } from '../http/BffError.ts';
import { SESSION_COOKIE, readCookie } from '../http/cookies.ts';
import type { CoreApi } from '../http/createCoreApi.ts';
import type { RequireAuthOptions } from '../requireAuth.ts';
import type { SessionStore } from '../storage/createSessionStore.ts';
import { endUser } from './flowRoutes.ts';

const addBody = z.strictObject({
  // The credential as @simplewebauthn/browser's startRegistration() answers it; the core verifies it.
  response: z.record(z.string(), z.unknown()),
  name: z.string().max(64).optional(),
});
const passkeyId = z.string().regex(/^pk_[A-Za-z0-9_-]{8,64}$/u);

/**
 * The signed-in user's passkeys, proxied to the core's account API with the
 * user id taken from the session (never from the request):
 *   POST   /auth/passkeys/registration-options → WebAuthn creation options (public)
 *   POST   /auth/passkeys         { response, name? } → 201 passkey
 *   GET    /auth/passkeys         → { passkeys }
 *   DELETE /auth/passkeys/:id     → 204
 * Without a session: 401 `unauthenticated`. State-changing routes pass the
 * CSRF check mounted in front of every `/auth` route and need a sign-in no
 * older than `stepUpMaxAgeSeconds` (else 401 `reauthentication_required`).
 */
export function passkeyRoutes(deps: {
  config: ResolvedBffConfig;
  core: CoreApi;
  sessions: SessionStore;
  /** Step-up check of `requireAuth`; throws its 401/403 `BffError`. */
  assertAuth: (req: Request, options: RequireAuthOptions) => Promise<unknown>;
}): Router {
  const { config, core, sessions, assertAuth } = deps;
  // Adding or removing a passkey changes how the account signs in: a stolen
  // session alone must not be enough, so these need a recent sign-in.
  const recent: RequireAuthOptions = { maxAge: config.stepUpMaxAgeSeconds };
  const router = Router();
  const json = express.json({ limit: config.bodyLimit, strict: true });

  async function userPath(req: Request, suffix: string): Promise<string> {
    const id = readCookie(req, SESSION_COOKIE);
    const session = id ? await sessions.find(id) : undefined;
    if (!session) throw new BffError({ status: 401, code: 'unauthenticated', message: 'Sign in first.' });
    return `/users/${encodeURIComponent(session.userId)}/passkeys${suffix}`;
  }

  router.get('/passkeys', async function listPasskeys(req, res) {
    res.json(await core.call('GET', await userPath(req, ''), { endUser: endUser(req) }));
  });

  router.post('/passkeys/registration-options', async function passkeyRegistrationOptions(req, res) {
    const path = await userPath(req, '/registration-options');
    await assertAuth(req, recent);
    res.json(await core.call('POST', path, { endUser: endUser(req) }));
  });

  router.post('/passkeys', async function addPasskey(req: Request, res: Response) {
    const path = await userPath(req, '');
    await assertAuth(req, recent);
    if (!req.is('application/json')) throw new BffError({ status: 415, code: 'unsupported_media_type', message: 'Send the body as application/json.' });
    await new Promise<void>((resolve, reject) => json(req, res, (error?: unknown) => (error ? reject(error) : resolve())));
    const parsed = addBody.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new BffError({ status: 400, code: 'invalid_request', message: `Invalid request body${issue?.path.length ? ` at "${issue.path.join('.')}"` : ''}: ${issue?.message ?? 'malformed'}.` });
    }
    res.status(201).json(await core.call('POST', path, { body: parsed.data, endUser: endUser(req) }));
  });

  router.delete('/passkeys/:id', async function removePasskey(req, res) {
    const path = await userPath(req, '');
    await assertAuth(req, recent);
    const id = passkeyId.safeParse(req.params.id);
    if (!id.success) throw new BffError({ status: 404, code: 'passkey_not_found', message: 'There is no such passkey.' });
    await core.call('DELETE', `${path}/${id.data}`, { endUser: endUser(req) });
    res.status(204).end();
  });

  return router;
}
