import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { BffError } from '../http/BffError.ts';
import { SESSION_COOKIE, readCookie } from '../http/cookies.ts';
import type { SessionTokens } from '../oidc/sessionTokens.ts';
import type { RequireAuthOptions } from '../requireAuth.ts';
import type { SessionOrganization } from '../storage/bffSchema.ts';
import type { SessionStore } from '../storage/createSessionStore.ts';
import { jsonBodyReader, signedInSession, type AccountRequest, type AccountRouteDeps } from './accountRouteHelpers.ts';
import { endUser } from './flowRoutes.ts';

/** The core's answer for an organization the session may act in. */
export interface CoreActiveOrganization {
  id: string;
  name: string;
  slug: string;
  role: string;
  permissions: string[];
}

/** What `GET /auth/session` and the switch answer: the organization without the BFF's bookkeeping. */
export function publicOrganization(organization: SessionOrganization): Omit<SessionOrganization, 'checkedAt'> {
  const { checkedAt: _checkedAt, ...rest } = organization;
  return rest;
}

export const toSessionOrganization = (organization: CoreActiveOrganization | null, at: number): SessionOrganization | null =>
  organization && {
    id: organization.id,
    name: organization.name,
    slug: organization.slug,
    role: organization.role,
    permissions: [...organization.permissions],
    checkedAt: at,
  };

/**
 * Asks the core which organization the session's grant acts in, and stores
 * the answer in the session: how the guards bound the staleness of a role.
 */
export async function recheckOrganization(deps: { sessions: SessionStore; accountRequest: AccountRequest }, req: Request, sessionId: string, now = Date.now()): Promise<SessionOrganization | null> {
  const { organization } = (await deps.accountRequest(req, 'GET', '/active-organization')) as { organization: CoreActiveOrganization | null };
  const stored = toSessionOrganization(organization, now);
  await deps.sessions.setOrganization(sessionId, stored);
  return stored;
}

const idPattern = /^[A-Za-z0-9_-]{1,128}$/u;
// Shapes only: the core answers a bad slug, role, email or domain with its own stable code.
const createBody = z.strictObject({
  name: z.string().max(200),
  slug: z.string().max(100),
  logoUrl: z.string().max(2048).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});
const updateBody = z.strictObject({
  name: z.string().max(200).optional(),
  slug: z.string().max(100).optional(),
  logoUrl: z.string().max(2048).nullable().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  policy: z.strictObject({ requireMfa: z.boolean().optional(), allowedMethods: z.array(z.string().max(32)).max(8).nullable().optional() }).optional(),
  domainJoin: z.enum(['auto', 'offer']).optional(),
});
const roleBody = z.strictObject({ role: z.string().max(64) });
const inviteBody = z.strictObject({ email: z.string().max(330), role: z.string().max(64).optional() });
const domainBody = z.strictObject({ domain: z.string().max(300) });
const tokenBody = z.strictObject({ token: z.string().min(1).max(200) });
const searchQuery = z.strictObject({ search: z.string().max(100).optional() });
const activeBody = z.strictObject({ organizationId: z.string().regex(idPattern).nullable() });

function param(req: Request, name: string, code: string, message: string): string {
  const value = req.params[name];
  if (typeof value !== 'string' || !idPattern.test(value)) throw new BffError({ status: 404, code, message });
  return encodeURIComponent(value);
}
const org = (req: Request) => param(req, 'organizationId', 'org_not_found', 'There is no such organization.');

/**
 * The signed-in user's organizations, proxied to the core's account API with
 * the user id taken from the session (never from the request). Every route
 * under an organization the user is not a member of answers 404
 * `org_not_found`; a role without the permission, 403 `org_forbidden`.
 *   GET    /auth/organizations                           → { organizations, canCreate, personalAccounts }
 *   POST   /auth/organizations                           { name, slug, logoUrl?, metadata? } → 201 organization
 *   GET    /auth/organizations/:o                        → organization
 *   PATCH  /auth/organizations/:o                        { name?, slug?, logoUrl?, metadata?, policy?, domainJoin? }
 *   DELETE /auth/organizations/:o                        → 204 (owners; recent sign-in)
 *   GET    /auth/organizations/:o/members?search=        → { members }
 *   PATCH  /auth/organizations/:o/members/:m             { role }
 *   DELETE /auth/organizations/:o/members/:m             → 204 (yourself: leave)
 *   GET    /auth/organizations/:o/invitations            → { invitations }
 *   POST   /auth/organizations/:o/invitations            { email, role? } → 201
 *   DELETE /auth/organizations/:o/invitations/:i         → 204
 *   POST   /auth/organizations/:o/invitations/:i/resend  → invitation
 *   GET    /auth/organizations/:o/domains                → { domains }
 *   POST   /auth/organizations/:o/domains                { domain } → 201 (with its TXT record)
 *   POST   /auth/organizations/:o/domains/:d/verify      → domain
 *   DELETE /auth/organizations/:o/domains/:d             → 204
 *   POST   /auth/organizations/:o/join                   → membership (offered by a verified domain)
 *   GET    /auth/organization-suggestions                → { organizations }
 *   GET    /auth/organization-roles                      → { roles }
 *   GET    /auth/invitations/accept?token=               emailed link: 303 to `invitationPath?invitation=<token>`
 *   GET    /auth/invitations/preview?token=              → { organization, email, role, expiresAt } (no session needed)
 *   POST   /auth/invitations/accept                      { token } → membership
 *   PUT    /auth/organizations/active                    { organizationId | null } → { organization }
 *
 * Switching stores the choice on the core's grant, has the core re-issue the
 * session's tokens (a forced refresh: the new access token carries `org_id`,
 * `org_slug`, `org_role`, `org_permissions`) and records the organization in
 * the session, which `GET /auth/session` names. No new sign-in. Refusals:
 * 404 `org_not_found`, 403 `org_mfa_required` (the organization requires a
 * second factor the user has not set up: send them to enrollment), 403
 * `sign_in_method_not_allowed` (the session signed in with a method the
 * organization's `policy.allowedMethods` leaves out: sign in again with an
 * allowed one), 403 `personal_account_disabled`.
 *
 * Without a session: 401 `unauthenticated`. State-changing routes pass the
 * CSRF check mounted in front of every `/auth` route.
 */
export function organizationRoutes(deps: AccountRouteDeps & { tokens: SessionTokens }): Router {
  const { config, core, sessions, assertAuth, accountRequest, tokens } = deps;
  const recent: RequireAuthOptions = { maxAge: config.stepUpMaxAgeSeconds };
  const router = Router();
  const signedIn = signedInSession(sessions);
  const readJsonBody = jsonBodyReader(config);
  /** The account API for the session user; `path` is relative to `/users/<id>`. */
  const call = (req: Request, method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT', path: string, body?: unknown) => accountRequest(req, method, path, body);
  /** Client-authenticated core routes that are not a user's (the invitation preview, the role list). */
  const callAsClient = (req: Request, path: string) => core.call('GET', path, { endUser: endUser(req) });
  /** The request's session id (cookie value); the caller has checked the session exists. */
  const sessionId = (req: Request) => readCookie(req, SESSION_COOKIE) ?? '';

  /** After leaving or deleting an organization, the session stops acting in it. */
  async function forget(req: Request, organizationId: string): Promise<void> {
    const session = await signedIn(req);
    if (session.data.organization?.id === decodeURIComponent(organizationId)) await sessions.setOrganization(sessionId(req), null);
  }

  function query<T>(req: Request, schema: z.ZodType<T, unknown>): T {
    const parsed = schema.safeParse(req.query);
    if (!parsed.success) throw new BffError({ status: 400, code: 'invalid_request', message: 'Invalid request query.' });
    return parsed.data;
  }

  router.get('/organizations', async function listOrganizations(req, res) {
    res.json(await call(req, 'GET', '/organizations'));
  });

  router.post('/organizations', async function createOrganization(req, res) {
    await signedIn(req);
    res.status(201).json(await call(req, 'POST', '/organizations', await readJsonBody(req, res, createBody)));
  });

  router.get('/organization-suggestions', async function listSuggestions(req, res) {
    res.json(await call(req, 'GET', '/organization-suggestions'));
  });

  router.get('/organization-roles', async function listRoles(req, res) {
    await signedIn(req);
    res.json(await callAsClient(req, '/organization-roles'));
  });

  router.get('/organizations/:organizationId', async function getOrganization(req, res) {
    res.json(await call(req, 'GET', `/organizations/${org(req)}`));
  });

  router.patch('/organizations/:organizationId', async function updateOrganization(req, res) {
    const path = `/organizations/${org(req)}`;
    await signedIn(req);
    res.json(await call(req, 'PATCH', path, await readJsonBody(req, res, updateBody)));
  });

  router.delete('/organizations/:organizationId', async function deleteOrganization(req, res) {
    const path = `/organizations/${org(req)}`;
    // Deleting an organization removes every member's access: confirm it is really you.
    await assertAuth(req, recent);
    await call(req, 'DELETE', path);
    await forget(req, org(req));
    res.status(204).end();
  });

  router.post('/organizations/:organizationId/join', async function joinByDomain(req, res) {
    res.json(await call(req, 'POST', `/organizations/${org(req)}/join`));
  });

  router.get('/organizations/:organizationId/members', async function listMembers(req, res) {
    const path = `/organizations/${org(req)}/members`;
    await signedIn(req);
    const { search } = query(req, searchQuery);
    res.json(await call(req, 'GET', search ? `${path}?search=${encodeURIComponent(search)}` : path));
  });

  router.patch('/organizations/:organizationId/members/:memberId', async function changeRole(req, res) {
    const member = param(req, 'memberId', 'member_not_found', 'There is no such member.');
    const path = `/organizations/${org(req)}/members/${member}`;
    await signedIn(req);
    res.json(await call(req, 'PATCH', path, await readJsonBody(req, res, roleBody)));
  });

  router.delete('/organizations/:organizationId/members/:memberId', async function removeMember(req, res) {
    const member = param(req, 'memberId', 'member_not_found', 'There is no such member.');
    await call(req, 'DELETE', `/organizations/${org(req)}/members/${member}`);
    const session = await signedIn(req);
    if (decodeURIComponent(member) === session.userId) await forget(req, org(req));
    res.status(204).end();
  });

  router.get('/organizations/:organizationId/invitations', async function listInvitations(req, res) {
    res.json(await call(req, 'GET', `/organizations/${org(req)}/invitations`));
  });

  router.post('/organizations/:organizationId/invitations', async function invite(req, res) {
    const path = `/organizations/${org(req)}/invitations`;
    await signedIn(req);
    res.status(201).json(await call(req, 'POST', path, await readJsonBody(req, res, inviteBody)));
  });

  router.delete('/organizations/:organizationId/invitations/:invitationId', async function revokeInvitation(req, res) {
    const invitation = param(req, 'invitationId', 'invitation_not_found', 'There is no such pending invitation.');
    await call(req, 'DELETE', `/organizations/${org(req)}/invitations/${invitation}`);
    res.status(204).end();
  });

  router.post('/organizations/:organizationId/invitations/:invitationId/resend', async function resendInvitation(req, res) {
    const invitation = param(req, 'invitationId', 'invitation_not_found', 'There is no such pending invitation.');
    res.json(await call(req, 'POST', `/organizations/${org(req)}/invitations/${invitation}/resend`));
  });

  router.get('/organizations/:organizationId/domains', async function listDomains(req, res) {
    res.json(await call(req, 'GET', `/organizations/${org(req)}/domains`));
  });

  router.post('/organizations/:organizationId/domains', async function addDomain(req, res) {
    const path = `/organizations/${org(req)}/domains`;
    await signedIn(req);
    res.status(201).json(await call(req, 'POST', path, await readJsonBody(req, res, domainBody)));
  });

  router.post('/organizations/:organizationId/domains/:domainId/verify', async function verifyDomain(req, res) {
    const domain = param(req, 'domainId', 'domain_not_found', 'There is no such domain.');
    res.json(await call(req, 'POST', `/organizations/${org(req)}/domains/${domain}/verify`));
  });

  router.delete('/organizations/:organizationId/domains/:domainId', async function removeDomain(req, res) {
    const domain = param(req, 'domainId', 'domain_not_found', 'There is no such domain.');
    await call(req, 'DELETE', `/organizations/${org(req)}/domains/${domain}`);
    res.status(204).end();
  });

  /**
   * The invitation email's link. A GET must not accept anything (mail
   * scanners fetch links), so it only hands the token to the app's page,
   * which shows the invitation and accepts it with a POST once signed in.
   */
  router.get('/invitations/accept', function latchInvitationLink(req: Request, res: Response) {
    const token = typeof req.query.token === 'string' && /^[A-Za-z0-9_-]{20,100}$/u.test(req.query.token) ? req.query.token : undefined;
    const target = new URL(config.invitationPath, 'http://app.invalid');
    if (token) target.searchParams.set('invitation', token);
    else target.searchParams.set('invitation_error', 'invalid');
    res.redirect(303, `${target.pathname}${target.search}`);
  });

  router.get('/invitations/preview', async function previewInvitation(req, res) {
    const { token } = query(req, tokenBody);
    res.json(await callAsClient(req, `/invitations/preview?token=${encodeURIComponent(token)}`));
  });

  router.post('/invitations/accept', async function acceptInvitation(req, res) {
    await signedIn(req);
    res.json(await call(req, 'POST', '/invitations/accept', await readJsonBody(req, res, tokenBody)));
  });

  router.put('/organizations/active', async function switchOrganization(req, res) {
    await signedIn(req);
    const body = await readJsonBody(req, res, activeBody);
    const { organization } = (await call(req, 'PUT', '/active-organization', body)) as { organization: CoreActiveOrganization | null };
    const id = sessionId(req);
    // The grant now names the organization; a refresh has the core put its claims in the new access token.
    await tokens.forceRefresh(id);
    const stored = toSessionOrganization(organization, Date.now());
    await sessions.setOrganization(id, stored);
    res.json({ organization: stored && publicOrganization(stored) });
  });

  return router;
}
