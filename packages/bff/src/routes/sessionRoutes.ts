import { Router } from 'express';
import type { Logger } from 'pino';
import { SESSION_COOKIE, clearHostCookie, readCookie } from '../http/cookies.ts';
import type { CoreApi } from '../http/createCoreApi.ts';
import type { RelyingParty } from '../oidc/createRelyingParty.ts';
import type { SessionStore } from '../storage/createSessionStore.ts';
import { noteSessionActivity } from '../devices/noteSessionActivity.ts';
import { endUser } from './flowRoutes.ts';
import { publicOrganization } from './organizationRoutes.ts';

/**
 *   GET  /auth/session → { authenticated: false } | { authenticated: true, user, expiresAt, organization: { id, name, slug, role, permissions } | null }
 *   POST /auth/logout  → 204; ends the BFF session and the core's login session, and reports `sign_out` to the core's audit trail
 */
export function sessionRoutes(deps: { sessions: SessionStore; rp: RelyingParty; core: CoreApi; logger: Logger }): Router {
  const { sessions, rp, core, logger } = deps;
  const router = Router();

  router.get('/session', async function getSession(req, res) {
    const id = readCookie(req, SESSION_COOKIE);
    const session = id ? await sessions.find(id) : undefined;
    if (!session) {
      res.json({ authenticated: false });
      return;
    }
    noteSessionActivity(sessions, id as string, session, req);
    res.json({
      authenticated: true,
      user: { id: session.userId, email: session.data.email, claims: session.data.claims },
      expiresAt: session.expiresAt.toISOString(),
      organization: session.data.organization ? publicOrganization(session.data.organization) : null,
    });
  });

  router.post('/logout', async function logout(req, res) {
    const id = readCookie(req, SESSION_COOKIE);
    const session = id ? await sessions.destroy(id) : undefined;
    if (session) {
      // The BFF session is gone already, so the browser is signed out even if the core fails to answer.
      await rp.endCoreSession({ tokens: session.data.tokens, coreCookies: session.data.coreCookies }).catch((error: unknown) => {
        logger.warn({ err: error }, 'ending the core session failed');
      });
      // Only the BFF sees who signed out from which browser; the core keeps the audit trail.
      await core.call('POST', '/audit-events', { body: { type: 'sign_out', userId: session.userId }, endUser: endUser(req) }).catch((error: unknown) => {
        logger.warn({ err: error }, 'reporting the sign-out to the audit trail failed');
      });
    }
    clearHostCookie(res, SESSION_COOKIE);
    res.status(204).end();
  });

  router.get('/callback', function unexpectedCallback(_req, res) {
    res.status(400).json({ error: { code: 'unexpected_callback', message: 'Sign-in completes through the flow API.' } });
  });

  return router;
}
