import { Router } from 'express';
import { z } from 'zod';
import { BffError } from '../http/BffError.ts';
import { jsonBodyReader, signedInSession, type AccountRouteDeps } from './accountRouteHelpers.ts';

const locale = z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/u).max(35);
const listQuery = z.object({ locale: locale.optional() });
const updateBody = z.strictObject({
  decisions: z.record(z.string().min(1).max(64), z.enum(['granted', 'withdrawn'])),
  locale: locale.optional(),
});

function parseQuery(query: unknown): z.output<typeof listQuery> {
  const parsed = listQuery.safeParse(query);
  if (!parsed.success) throw new BffError({ status: 400, code: 'invalid_request', message: 'Invalid request query: "locale" must be a locale tag such as "en" or "pt-BR".' });
  return parsed.data;
}

/**
 * The signed-in user's consents, proxied to the core's account API with the
 * user id taken from the session (never from the request):
 *   GET /auth/account/consents[?locale=de]            → { purposes }
 *   PUT /auth/account/consents { decisions, locale? } → { purposes }  (receipts with source `profile`)
 *   GET /auth/account/consents/receipts               → { receipts }  (newest first)
 * Without a session: 401 `unauthenticated`. Withdrawing a required purpose:
 * 409 `required_purpose_withdrawal`. PUT passes the CSRF check mounted in
 * front of every `/auth` route. Withdrawing is deliberately as easy as
 * granting: no step-up.
 */
export function consentRoutes(deps: Pick<AccountRouteDeps, 'config' | 'sessions' | 'accountRequest'>): Router {
  const { config, sessions, accountRequest } = deps;
  const router = Router();
  // 401 for a signed-out caller before query and body checks.
  const signedIn = signedInSession(sessions);
  const readJsonBody = jsonBodyReader(config);

  router.get('/account/consents', async function getConsents(req, res) {
    await signedIn(req);
    const query = parseQuery(req.query);
    res.json(await accountRequest(req, 'GET', query.locale ? `/consents?locale=${encodeURIComponent(query.locale)}` : '/consents'));
  });

  router.put('/account/consents', async function updateConsents(req, res) {
    await signedIn(req);
    const body = await readJsonBody(req, res, updateBody);
    res.json(await accountRequest(req, 'PUT', '/consents', { ...body, source: 'profile' }));
  });

  router.get('/account/consents/receipts', async function getConsentReceipts(req, res) {
    res.json(await accountRequest(req, 'GET', '/consents/receipts'));
  });

  return router;
}
