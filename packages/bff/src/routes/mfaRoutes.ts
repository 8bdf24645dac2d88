import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { ResolvedBffConfig } from '../config.ts';
import { BffError } from '../http/BffError.ts';
import { SESSION_COOKIE, readCookie } from '../http/cookies.ts';
import type { CoreApi } from '../http/createCoreApi.ts';
import type { RequireAuthOptions } from '../requireAuth.ts';
import type { SessionStore } from '../storage/createSessionStore.ts';
import { endUser } from './flowRoutes.ts';

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
export function mfaRoutes(deps: {
  config: ResolvedBffConfig;
  core: CoreApi;
  sessions: SessionStore;
  /** Step-up check of `requireAuth`; throws its 401/403 `BffError`. */
  assertAuth: (req: Request, options: RequireAuthOptions) => Promise<unknown>;
}): Router {
  const { config, core, sessions, assertAuth } = deps;
  // Removing a factor or replacing the recovery codes needs a recent sign-in:
  // a stolen or forgotten-open session alone must not weaken the account.
  const recent: RequireAuthOptions = { maxAge: config.stepUpMaxAgeSeconds };
  const router = Router();
  const json = express.json({ limit: config.bodyLimit, strict: true });

  async function userPath(req: Request, suffix: string): Promise<string> {
    const id = readCookie(req, SESSION_COOKIE);
    const session = id ? await sessions.find(id) : undefined;
    if (!session) throw new BffError({ status: 401, code: 'unauthenticated', message: 'Sign in first.' });
    return `/users/${encodeURIComponent(session.userId)}/mfa${suffix}`;
  }

  router.get('/mfa', async function getMfa(req, res) {
    res.json(await core.call('GET', await userPath(req, ''), { endUser: endUser(req) }));
  });

  router.post('/mfa/totp', async function startTotpEnrollment(req, res) {
    res.status(201).json(await core.call('POST', await userPath(req, '/totp'), { endUser: endUser(req) }));
  });

  router.post('/mfa/totp/confirm', async function confirmTotpEnrollment(req: Request, res: Response) {
    const path = await userPath(req, '/totp/confirm');
    if (!req.is('application/json')) throw new BffError({ status: 415, code: 'unsupported_media_type', message: 'Send the body as application/json.' });
    await new Promise<void>((resolve, reject) => json(req, res, (error?: unknown) => (error ? reject(error) : resolve())));
    const parsed = confirmBody.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new BffError({ status: 400, code: 'invalid_request', message: `Invalid request body${issue?.path.length ? ` at "${issue.path.join('.')}"` : ''}: ${issue?.message ?? 'malformed'}.` });
    }
    res.json(await core.call('POST', path, { body: parsed.data, endUser: endUser(req) }));
  });

  router.delete('/mfa/totp', async function removeTotp(req, res) {
    await assertAuth(req, recent);
    await core.call('DELETE', await userPath(req, '/totp'), { endUser: endUser(req) });
    res.status(204).end();
  });

  router.post('/mfa/recovery-codes', async function regenerateRecoveryCodes(req, res) {
    await assertAuth(req, recent);
    res.json(await core.call('POST', await userPath(req, '/recovery-codes'), { endUser: endUser(req) }));
  });

  return router;
}
