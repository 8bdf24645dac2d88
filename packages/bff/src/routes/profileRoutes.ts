import { Router, type Request } from 'express';
import { z } from 'zod';
import { FLOW_COOKIE, readCookie, setHostCookie } from '../http/cookies.ts';
import { newSecretToken } from '../storage/createSessionStore.ts';
import { jsonBodyReader, signedInSession, type AccountRouteDeps } from './accountRouteHelpers.ts';

const locale = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/u);
/** Values are checked against the declared fields by the core (per-field codes); here only the envelope. */
const patchBody = z.strictObject({ values: z.record(z.string().min(1).max(64), z.unknown()) });
const startBody = z.strictObject({ key: z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/u), locale: locale.optional() });

/**
 * The signed-in user's profile fields, proxied to the core's account API with
 * the user id taken from the session (never from the request):
 *   GET   /auth/account/profile?locale=de   → { fields: [{ key, type, label, help?, required, constraints, options?, value }] }
 *   PATCH /auth/account/profile { values }  → the same, updated | 400 `invalid_profile` with `error.fields`
 *   POST  /auth/account/profile/flows { key, locale? } → 201 Flow: an on-demand progressive-profiling
 *         prompt (`profile` flow) bound to this browser; answered through `/auth/flows/:id/submit`
 * Without a session: 401 `unauthenticated`. PATCH and POST pass the CSRF check
 * mounted in front of every `/auth` route.
 */
export function profileRoutes(deps: AccountRouteDeps): Router {
  const { config, sessions, accountRequest } = deps;
  const router = Router();
  // 401 for a signed-out caller before body checks.
  const signedIn = signedInSession(sessions);
  const readJsonBody = jsonBodyReader(config);

  router.get('/account/profile', async function getProfile(req, res) {
    res.json(await accountRequest(req, 'GET', `/profile${localeQuery(req)}`));
  });

  router.patch('/account/profile', async function updateProfile(req, res) {
    await signedIn(req);
    const body = await readJsonBody(req, res, patchBody);
    res.json(await accountRequest(req, 'PATCH', `/profile${localeQuery(req)}`, body));
  });

  router.post('/account/profile/flows', async function startProfileFlow(req, res) {
    const session = await signedIn(req);
    const body = await readJsonBody(req, res, startBody);
    const flow = (await accountRequest(req, 'POST', '/profile/flows', body)) as { id: string; expiresAt: string };
    // Bound to this browser like any flow, and to this user: no OIDC login stands behind it.
    const browserBinding = readCookie(req, FLOW_COOKIE) ?? newSecretToken();
    await sessions.bindFlow({
      flowId: flow.id,
      binding: browserBinding,
      data: { codeVerifier: '', state: '', nonce: '', coreCookies: {}, profileUserId: session.userId },
      expiresAt: new Date(flow.expiresAt),
    });
    setHostCookie(res, FLOW_COOKIE, browserBinding, { sameSite: 'strict' });
    res.status(201).json(flow);
  });

  return router;
}

/** `?locale=` passed on when well-formed; anything else is dropped (English). */
function localeQuery(req: Request): string {
  const value = req.query.locale;
  return typeof value === 'string' && locale.safeParse(value).success ? `?locale=${encodeURIComponent(value)}` : '';
}
