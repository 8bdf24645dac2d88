import { Router } from 'express';
import { z } from 'zod';
import { BffError } from '../http/BffError.ts';
import type { RequireAuthOptions } from '../requireAuth.ts';
import { jsonBodyReader, signedInSession, type AccountRouteDeps } from './accountRouteHelpers.ts';

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
export function passkeyRoutes(deps: AccountRouteDeps): Router {
  const { config, sessions, assertAuth, accountRequest } = deps;
  // Adding or removing a passkey changes how the account signs in: a stolen
  // session alone must not be enough, so these need a recent sign-in.
  const recent: RequireAuthOptions = { maxAge: config.stepUpMaxAgeSeconds };
  const router = Router();
  // 401 for a signed-out caller before step-up and body checks.
  const signedIn = signedInSession(sessions);
  const readJsonBody = jsonBodyReader(config);

  router.get('/passkeys', async function listPasskeys(req, res) {
    res.json(await accountRequest(req, 'GET', '/passkeys'));
  });

  router.post('/passkeys/registration-options', async function passkeyRegistrationOptions(req, res) {
    await signedIn(req);
    await assertAuth(req, recent);
    res.json(await accountRequest(req, 'POST', '/passkeys/registration-options'));
  });

  router.post('/passkeys', async function addPasskey(req, res) {
    await signedIn(req);
    await assertAuth(req, recent);
    const body = await readJsonBody(req, res, addBody);
    res.status(201).json(await accountRequest(req, 'POST', '/passkeys', body));
  });

  router.delete('/passkeys/:id', async function removePasskey(req, res) {
    await signedIn(req);
    await assertAuth(req, recent);
    const id = passkeyId.safeParse(req.params.id);
    if (!id.success) throw new BffError({ status: 404, code: 'passkey_not_found', message: 'There is no such passkey.' });
    await accountRequest(req, 'DELETE', `/passkeys/${id.data}`);
    res.status(204).end();
  });

  return router;
}
