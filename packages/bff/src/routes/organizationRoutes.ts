import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { BffError } from '../http/BffError.ts';
import type { RequireAuthOptions } from '../requireAuth.ts';
import { accountPath, jsonBodyReader, type AccountRouteDeps } from './accountRouteHelpers.ts';
import { endUser } from './flowRoutes.ts';

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
  policy: z.strictObject({ requireMfa: z.boolean().optional() }).optional(),
  domainJoin: z.enum(['auto', 'offer']).optional(),
});
const roleBody = z.strictObject({ role: z.string().max(64) });
const inviteBody = z.strictObject({ email: z.string().max(330), role: z.string().max(64).optional() });
const domainBody = z.strictObject({ domain: z.string().max(300) });
const tokenBody = z.strictObject({ token: z.string().min(1).max(200) });
const searchQuery = z.strictObject({ search: z.string().max(100).optional() });

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
 * Without a session: 401 `unauthenticated`. State-changing routes pass the
 * CSRF check mounted in front of every `/auth` route.
 */
export function organizationRoutes(deps: AccountRouteDeps): Router {
  const { config, core, sessions, assertAuth } = deps;
  const recent: RequireAuthOptions = { maxAge: config.stepUpMaxAgeSeconds };
  const router = Router();
  const userPath = accountPath(sessions);
  const readJsonBody = jsonBodyReader(config);
  const call = (req: Request, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown) =>
    core.call(method, path, { endUser: endUser(req), ...(body === undefined ? {} : { body }) });

  function query<T>(req: Request, schema: z.ZodType<T, unknown>): T {
    const parsed = schema.safeParse(req.query);
    if (!parsed.success) throw new BffError({ status: 400, code: 'invalid_request', message: 'Invalid request query.' });
    return parsed.data;
  }

  router.get('/organizations', async function listOrganizations(req, res) {
    res.json(await call(req, 'GET', await userPath(req, '/organizations')));
  });

  router.post('/organizations', async function createOrganization(req, res) {
    const path = await userPath(req, '/organizations');
    res.status(201).json(await call(req, 'POST', path, await readJsonBody(req, res, createBody)));
  });

  router.get('/organization-suggestions', async function listSuggestions(req, res) {
    res.json(await call(req, 'GET', await userPath(req, '/organization-suggestions')));
  });

  router.get('/organization-roles', async function listRoles(req, res) {
    await userPath(req, '');
    res.json(await call(req, 'GET', '/organization-roles'));
  });

  router.get('/organizations/:organizationId', async function getOrganization(req, res) {
    res.json(await call(req, 'GET', await userPath(req, `/organizations/${org(req)}`)));
  });

  router.patch('/organizations/:organizationId', async function updateOrganization(req, res) {
    const path = await userPath(req, `/organizations/${org(req)}`);
    res.json(await call(req, 'PATCH', path, await readJsonBody(req, res, updateBody)));
  });

  router.delete('/organizations/:organizationId', async function deleteOrganization(req, res) {
    const path = await userPath(req, `/organizations/${org(req)}`);
    // Deleting an organization removes every member's access: confirm it is really you.
    await assertAuth(req, recent);
    await call(req, 'DELETE', path);
    res.status(204).end();
  });

  router.post('/organizations/:organizationId/join', async function joinByDomain(req, res) {
    res.json(await call(req, 'POST', await userPath(req, `/organizations/${org(req)}/join`)));
  });

  router.get('/organizations/:organizationId/members', async function listMembers(req, res) {
    const path = await userPath(req, `/organizations/${org(req)}/members`);
    const { search } = query(req, searchQuery);
    res.json(await call(req, 'GET', search ? `${path}?search=${encodeURIComponent(search)}` : path));
  });

  router.patch('/organizations/:organizationId/members/:memberId', async function changeRole(req, res) {
    const member = param(req, 'memberId', 'member_not_found', 'There is no such member.');
    const path = await userPath(req, `/organizations/${org(req)}/members/${member}`);
    res.json(await call(req, 'PATCH', path, await readJsonBody(req, res, roleBody)));
  });

  router.delete('/organizations/:organizationId/members/:memberId', async function removeMember(req, res) {
    const member = param(req, 'memberId', 'member_not_found', 'There is no such member.');
    await call(req, 'DELETE', await userPath(req, `/organizations/${org(req)}/members/${member}`));
    res.status(204).end();
  });

  router.get('/organizations/:organizationId/invitations', async function listInvitations(req, res) {
    res.json(await call(req, 'GET', await userPath(req, `/organizations/${org(req)}/invitations`)));
  });

  router.post('/organizations/:organizationId/invitations', async function invite(req, res) {
    const path = await userPath(req, `/organizations/${org(req)}/invitations`);
    res.status(201).json(await call(req, 'POST', path, await readJsonBody(req, res, inviteBody)));
  });

  router.delete('/organizations/:organizationId/invitations/:invitationId', async function revokeInvitation(req, res) {
    const invitation = param(req, 'invitationId', 'invitation_not_found', 'There is no such pending invitation.');
    await call(req, 'DELETE', await userPath(req, `/organizations/${org(req)}/invitations/${invitation}`));
    res.status(204).end();
  });

  router.post('/organizations/:organizationId/invitations/:invitationId/resend', async function resendInvitation(req, res) {
    const invitation = param(req, 'invitationId', 'invitation_not_found', 'There is no such pending invitation.');
    res.json(await call(req, 'POST', await userPath(req, `/organizations/${org(req)}/invitations/${invitation}/resend`)));
  });

  router.get('/organizations/:organizationId/domains', async function listDomains(req, res) {
    res.json(await call(req, 'GET', await userPath(req, `/organizations/${org(req)}/domains`)));
  });

  router.post('/organizations/:organizationId/domains', async function addDomain(req, res) {
    const path = await userPath(req, `/organizations/${org(req)}/domains`);
    res.status(201).json(await call(req, 'POST', path, await readJsonBody(req, res, domainBody)));
  });

  router.post('/organizations/:organizationId/domains/:domainId/verify', async function verifyDomain(req, res) {
    const domain = param(req, 'domainId', 'domain_not_found', 'There is no such domain.');
    res.json(await call(req, 'POST', await userPath(req, `/organizations/${org(req)}/domains/${domain}/verify`)));
  });

  router.delete('/organizations/:organizationId/domains/:domainId', async function removeDomain(req, res) {
    const domain = param(req, 'domainId', 'domain_not_found', 'There is no such domain.');
    await call(req, 'DELETE', await userPath(req, `/organizations/${org(req)}/domains/${domain}`));
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
    res.json(await call(req, 'GET', `/invitations/preview?token=${encodeURIComponent(token)}`));
  });

  router.post('/invitations/accept', async function acceptInvitation(req, res) {
    const path = await userPath(req, '/invitations/accept');
    res.json(await call(req, 'POST', path, await readJsonBody(req, res, tokenBody)));
  });

  return router;
}
