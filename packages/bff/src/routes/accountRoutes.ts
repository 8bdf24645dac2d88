import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { describeUserAgent } from '../devices/describeUserAgent.ts';
import { ipArea } from '../devices/ipArea.ts';
import { BffError } from '../http/BffError.ts';
import { SESSION_COOKIE, clearHostCookie, readCookie } from '../http/cookies.ts';
import type { RelyingParty } from '../oidc/createRelyingParty.ts';
import type { RequireAuthOptions } from '../requireAuth.ts';
import { PUBLIC_ID_PATTERN, type StoredSession } from '../storage/createSessionStore.ts';
import { jsonBodyReader, type AccountRouteDeps } from './accountRouteHelpers.ts';

const emailBody = z.strictObject({ email: z.string().min(1).max(254) });
const confirmBody = z.strictObject({ code: z.string().min(1).max(16) });
const passwordBody = z.strictObject({
  currentPassword: z.string().min(1).max(1024).optional(),
  newPassword: z.string().min(1).max(1024),
});

/** A session as the account page lists it: labels for its owner, never the cookie or its hash. */
export interface SessionSummary {
  id: string;
  current: boolean;
  browser: string | null;
  os: string | null;
  device: 'desktop' | 'mobile' | 'tablet' | 'unknown';
  /** The IPv4 /24 or IPv6 /48 it was last seen from. */
  ipArea: string | null;
  createdAt: string;
  lastSeenAt: string;
}

/**
 * The signed-in user's self-service account, proxied to the core's account
 * API with the user id taken from the session (never from the request):
 *   GET    /auth/account                          → { id, email, emailVerified, hasPassword, createdAt, pendingEmail }
 *   POST   /auth/account/email                    { email } → 202 { pendingEmail, expiresAt }   (recent sign-in)
 *   POST   /auth/account/email/confirm            { code } → { email }
 *   GET    /auth/account/email/confirm?token=…    the emailed link → 303 `emailLinkPath?email_link=email_changed|expired|invalid|signed_out`
 *   DELETE /auth/account/email                    → 204 (drops a pending change)
 *   POST   /auth/account/password                 { currentPassword?, newPassword } → 204 (without currentPassword: recent sign-in)
 *   GET    /auth/account/sessions                 → { sessions: SessionSummary[] }
 *   DELETE /auth/account/sessions/:id             → 204 | 404 session_not_found
 *   POST   /auth/account/sessions/sign-out-others → { revoked }
 *   POST   /auth/account/sessions/sign-out-all    → 204, this browser included
 *   GET    /auth/account/export                   → the data export as a JSON attachment
 *   DELETE /auth/account                          → 204 (recent sign-in); the account is erased
 * Without a session: 401 `unauthenticated`; without a recent enough sign-in
 * where one is needed: 401 `reauthentication_required`. State-changing
 * routes pass the CSRF check mounted in front of every `/auth` route.
 */
export function accountRoutes(deps: AccountRouteDeps & { rp: RelyingParty; logger: Logger }): Router {
  const { config, sessions, assertAuth, accountRequest, rp, logger } = deps;
  // A stolen or forgotten-open session alone must not take the account over.
  const recent: RequireAuthOptions = { maxAge: config.stepUpMaxAgeSeconds };
  const router = Router();
  const readJsonBody = jsonBodyReader(config);

  async function current(req: Request): Promise<{ id: string; session: StoredSession }> {
    const id = readCookie(req, SESSION_COOKIE);
    const session = id ? await sessions.find(id) : undefined;
    if (!id || !session) throw new BffError({ status: 401, code: 'unauthenticated', message: 'Sign in first.' });
    return { id, session };
  }

  /** Ends a BFF session's login at the core too; best effort, the BFF session is gone already. */
  function endAtCore(session: StoredSession): Promise<void> {
    return rp.endCoreSession({ tokens: session.data.tokens, coreCookies: session.data.coreCookies }).catch((error: unknown) => {
      logger.warn({ err: error }, 'ending a revoked session at the core failed');
    });
  }

  function summarise(session: StoredSession, currentPublicId: string): SessionSummary {
    return {
      id: session.publicId,
      current: session.publicId === currentPublicId,
      ...describeUserAgent(session.userAgent),
      ipArea: ipArea(session.ip),
      createdAt: session.createdAt.toISOString(),
      lastSeenAt: session.lastSeenAt.toISOString(),
    };
  }

  router.get('/account', async function getAccount(req, res) {
    res.json(await accountRequest(req, 'GET', '/account'));
  });

  router.post('/account/email', async function requestEmailChange(req, res) {
    await assertAuth(req, recent);
    const body = await readJsonBody(req, res, emailBody);
    res.status(202).json(await accountRequest(req, 'POST', '/email-change', body));
  });

  router.post('/account/email/confirm', async function confirmEmailChange(req, res) {
    const { session } = await current(req);
    const body = await readJsonBody(req, res, confirmBody);
    const result = (await accountRequest(req, 'POST', '/email-change/confirm', body)) as { email: string };
    await sessions.updateEmail({ userId: session.userId, email: result.email });
    res.json(result);
  });

  router.get('/account/email/confirm', async function confirmEmailChangeLink(req, res) {
    const land = (outcome: string) => landOnEmailLinkPage(res, outcome);
    const token = typeof req.query.token === 'string' && /^[A-Za-z0-9_-]{16,128}$/u.test(req.query.token) ? req.query.token : undefined;
    if (!token) return land('invalid');
    const id = readCookie(req, SESSION_COOKIE);
    const session = id ? await sessions.find(id) : undefined;
    // The change belongs to a signed-in account: opened elsewhere, the link does nothing
    // (the code in the same email still works where the change was asked for).
    if (!session) return land('signed_out');
    try {
      const result = (await accountRequest(req, 'POST', '/email-change/confirm', { token })) as { email: string };
      await sessions.updateEmail({ userId: session.userId, email: result.email });
    } catch (error) {
      if (!(error instanceof BffError) || error.status >= 500) throw error;
      return land(['code_expired', 'too_many_attempts', 'email_change_not_found'].includes(error.code) ? 'expired' : 'invalid');
    }
    return land('email_changed');
  });

  router.delete('/account/email', async function cancelEmailChange(req, res) {
    await accountRequest(req, 'DELETE', '/email-change');
    res.status(204).end();
  });

  router.post('/account/password', async function changePassword(req, res) {
    const { id, session } = await current(req);
    const body = await readJsonBody(req, res, passwordBody);
    // The current password, or else a recent sign-in, proves it is the owner.
    if (body.currentPassword === undefined) await assertAuth(req, recent);
    // The core ends every other grant of the account, keeping the one of this session's token.
    await accountRequest(req, 'POST', '/password', body);
    // Every other browser is signed out, on every instance; this one stays.
    await sessions.destroyAllForUser(session.userId, { except: id });
    res.status(204).end();
  });

  router.get('/account/sessions', async function listSessions(req, res) {
    const { session } = await current(req);
    const list = await sessions.listForUser(session.userId);
    res.json({ sessions: list.map((item) => summarise(item, session.publicId)) });
  });

  router.delete('/account/sessions/:id', async function revokeSession(req, res) {
    const { session } = await current(req);
    const publicId = String(req.params.id);
    // Someone else's session and one that does not exist answer the same.
    const destroyed = PUBLIC_ID_PATTERN.test(publicId) ? await sessions.destroyByPublicId({ userId: session.userId, publicId }) : undefined;
    if (!destroyed) throw new BffError({ status: 404, code: 'session_not_found', message: 'There is no such session.' });
    await endAtCore(destroyed);
    if (destroyed.publicId === session.publicId) clearHostCookie(res, SESSION_COOKIE);
    res.status(204).end();
  });

  router.post('/account/sessions/sign-out-others', async function signOutOthers(req, res) {
    const { session } = await current(req);
    let revoked = 0;
    for (const other of await sessions.listForUser(session.userId)) {
      if (other.publicId === session.publicId) continue;
      const destroyed = await sessions.destroyByPublicId({ userId: session.userId, publicId: other.publicId });
      if (!destroyed) continue;
      revoked += 1;
      await endAtCore(destroyed);
    }
    res.json({ revoked });
  });

  router.post('/account/sessions/sign-out-all', async function signOutEverywhere(req, res) {
    const { session } = await current(req);
    const list = await sessions.listForUser(session.userId);
    await sessions.destroyAllForUser(session.userId);
    clearHostCookie(res, SESSION_COOKIE);
    for (const item of list) await endAtCore(item);
    res.status(204).end();
  });

  router.get('/account/export', async function exportData(req, res) {
    const { session } = await current(req);
    const exported = (await accountRequest(req, 'GET', '/export')) as { sections?: Record<string, unknown> };
    // The core knows no browser sessions: the BFF adds its own section.
    const browserSessions = (await sessions.listForUser(session.userId)).map((item) => ({
      ...summarise(item, session.publicId),
      userAgent: item.userAgent,
      ip: item.ip,
      expiresAt: item.expiresAt.toISOString(),
    }));
    const body = { ...exported, sections: { ...exported.sections, sessions: browserSessions } };
    const day = new Date().toISOString().slice(0, 10);
    res
      .status(200)
      .set('content-type', 'application/json; charset=utf-8')
      .set('content-disposition', `attachment; filename="account-data-${day}.json"`)
      .send(`${JSON.stringify(body, null, 2)}\n`);
  });

  router.delete('/account', async function deleteAccount(req, res) {
    const session = await assertAuth(req, recent);
    await accountRequest(req, 'DELETE', '');
    // The core ended its grants and login sessions; these are the BFF's, on every instance.
    await sessions.destroyAllForUser((session as StoredSession).userId);
    clearHostCookie(res, SESSION_COOKIE);
    res.status(204).end();
  });

  function landOnEmailLinkPage(res: Response, outcome: string): void {
    const target = new URL(config.emailLinkPath, 'http://app.invalid');
    target.searchParams.set('email_link', outcome);
    res.redirect(303, `${target.pathname}${target.search}`);
  }

  return router;
}
