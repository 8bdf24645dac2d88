import { Router } from 'express';
import { z } from 'zod';
import type { RequireAuthOptions } from '../requireAuth.ts';
import { jsonBodyReader, signedInSession, type AccountRouteDeps } from './accountRouteHelpers.ts';

const confirmBody = z.strictObject({
  enrollmentId: z.string().min(1).max(128),
  code: z.string().min(1).max(16),
});

/**
 * The signed-in user's second factors, proxied to the core's account API
 * with the user id taken from the session (never from the request):
 *   GET    /auth/mfa                     → { factors, recoveryCodes: { remaining } }
 *   POST   /auth/mfa/totp                → 201 { enrollmentId, secret, uri, qrSvg }
 *   POST   /auth/mfa/totp/confirm        { enrollmentId, code } → { recoveryCodes }
 *   DELETE /auth/mfa/totp                → 204
 *   POST   /auth/mfa/recovery-codes      → { recoveryCodes }
 * Without a session: 401 `unauthenticated`. Removing the app and
 * regenerating codes also need a sign-in no older than `stepUpMaxAgeSeconds`
 * (else 401 `reauthentication_required`). State-changing routes pass the
 * CSRF check mounted in front of every `/auth` route.
 */
export function mfaRoutes(deps: AccountRouteDeps): Router {
  const { config, sessions, assertAuth, accountRequest } = deps;
  // Removing a factor or replacing the recovery codes needs a recent sign-in:
  // a stolen or forgotten-open session alone must not weaken the account.
  const recent: RequireAuthOptions = { maxAge: config.stepUpMaxAgeSeconds };
  const router = Router();
  // 401 for a signed-out caller before step-up and body checks.
  const signedIn = signedInSession(sessions);
  const readJsonBody = jsonBodyReader(config);

  router.get('/mfa', async function getMfa(req, res) {
    res.json(await accountRequest(req, 'GET', '/mfa'));
  });

  router.post('/mfa/totp', async function startTotpEnrollment(req, res) {
    res.status(201).json(await accountRequest(req, 'POST', '/mfa/totp'));
  });

  router.post('/mfa/totp/confirm', async function confirmTotpEnrollment(req, res) {
    await signedIn(req);
    const body = await readJsonBody(req, res, confirmBody);
    res.json(await accountRequest(req, 'POST', '/mfa/totp/confirm', body));
  });

  router.delete('/mfa/totp', async function removeTotp(req, res) {
    await assertAuth(req, recent);
    await accountRequest(req, 'DELETE', '/mfa/totp');
    res.status(204).end();
  });

  router.post('/mfa/recovery-codes', async function regenerateRecoveryCodes(req, res) {
    await assertAuth(req, recent);
    res.json(await accountRequest(req, 'POST', '/mfa/recovery-codes'));
  });

  return router;
}
