import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { accountOf, type AccountCaller } from '../http/authenticateAccount.ts';
import { endUser, optionalJson, parseInput, parseUserId, requireJson } from '../http/requestHelpers.ts';
import { EMAIL_MAX_LENGTH, isEmailShaped } from '../users/email.ts';
import { OrganizationError, type OrganizationService } from './createOrganizationService.ts';

const name = z.string().trim().min(1).max(100);
// Loose here on purpose: the service answers a malformed slug or role with its own stable code.
const slug = z.string().max(100);
const role = z.string().max(64);
const logoUrl = z.url({ protocol: /^https$/u }).max(2048);
const metadata = z.record(z.string().max(64), z.unknown()).refine((value) => JSON.stringify(value).length <= 8192, 'must be at most 8 KB of JSON');
const emptyBody = z.union([z.undefined(), z.strictObject({})]);
const idParam = z.string().min(1).max(128);

const createBody = z.strictObject({ name, slug, logoUrl: logoUrl.optional(), metadata: metadata.optional() });
const updateBody = z.strictObject({
  name: name.optional(),
  slug: slug.optional(),
  logoUrl: logoUrl.nullable().optional(),
  metadata: metadata.optional(),
  // Method names are checked by the service (422 `unknown_sign_in_method`), so a typo gets a precise answer.
  policy: z.strictObject({ requireMfa: z.boolean().optional(), allowedMethods: z.array(z.string().max(32)).max(8).nullable().optional() }).optional(),
  domainJoin: z.enum(['auto', 'offer']).optional(),
});
const roleBody = z.strictObject({ role });
const inviteBody = z.strictObject({ email: z.string().max(EMAIL_MAX_LENGTH + 10), role: role.default('member') });
const tokenBody = z.strictObject({ token: z.string().min(1).max(200) });
const domainBody = z.strictObject({ domain: z.string().max(300) });
const activeBody = z.strictObject({ organizationId: idParam.nullable() });
const membersQuery = z.strictObject({ search: z.string().max(100).optional() });

function parseId(value: unknown, code: string, message: string): string {
  const result = idParam.safeParse(value);
  if (!result.success) throw new OrganizationError({ status: 404, code, message });
  return result.data;
}
const orgId = (req: Request) => parseId(req.params.organizationId, 'org_not_found', 'There is no such organization.');

/**
 * The organizations part of the account API, on the back channel, for the
 * user named in the path, who is the owner of the bearer access token
 * (`authenticateCaller`, mounted in front, checks it; the preview and the
 * roles take client credentials, as they are not a user's). A user who is
 * not a member of an organization gets 404 `org_not_found` for every route
 * under it, exactly as for an organization that does not exist.
 *
 *   GET    /users/:u/organizations                          → { organizations, canCreate, personalAccounts }
 *   POST   /users/:u/organizations                          { name, slug, logoUrl?, metadata? } → 201 organization
 *   GET    /users/:u/organizations/:o                       → organization (with role, permissions, policy)
 *   PATCH  /users/:u/organizations/:o                       { name?, slug?, logoUrl?, metadata?, policy?: { requireMfa?, allowedMethods? }, domainJoin? }
 *   DELETE /users/:u/organizations/:o                       → 204 (owners)
 *   GET    /users/:u/organizations/:o/members?search=       → { members }
 *   PATCH  /users/:u/organizations/:o/members/:m            { role } → member
 *   DELETE /users/:u/organizations/:o/members/:m            → 204 (yourself: leave)
 *   GET    /users/:u/organizations/:o/invitations           → { invitations }
 *   POST   /users/:u/organizations/:o/invitations           { email, role? } → 201 invitation (emailed)
 *   DELETE /users/:u/organizations/:o/invitations/:i        → 204 (revoked)
 *   POST   /users/:u/organizations/:o/invitations/:i/resend → invitation
 *   GET    /users/:u/organizations/:o/domains               → { domains }
 *   POST   /users/:u/organizations/:o/domains               { domain } → 201 domain (with its TXT record)
 *   POST   /users/:u/organizations/:o/domains/:d/verify     → domain
 *   DELETE /users/:u/organizations/:o/domains/:d            → 204
 *   GET    /users/:u/organization-suggestions               → { organizations } (verified-domain offers)
 *   POST   /users/:u/organizations/:o/join                  → membership (verified-domain offer)
 *   POST   /users/:u/invitations/accept                     { token } → membership
 *   GET    /invitations/preview?token=                      → { organization, email, role, expiresAt }
 *   GET    /organization-roles                              → { roles }
 *   GET    /users/:u/active-organization                    → { organization | null }   (needs the access token)
 *   PUT    /users/:u/active-organization                    { organizationId | null } → { organization | null }
 *
 * The last two act on the OIDC grant of the bearer access token; the
 * grant's next access tokens (after a refresh) carry the org claims. A
 * switch is checked against the organization's policy with the login
 * session's `amr` (`sessionAmr`): 403 `sign_in_method_not_allowed` when the
 * session signed in with a method the organization does not allow.
 */
export function organizationRoutes(options: {
  organizations: OrganizationService;
  bodyLimit: string;
  /** Where the invitation email's link lands, for the calling client (`?token=` is appended). */
  invitationLink: (clientId: string | undefined) => string;
  /** How the token's login session signed in (its `amr`); `undefined` when the session is gone. */
  sessionAmr?: (caller: AccountCaller) => Promise<string[] | undefined>;
}): Router {
  const { organizations: orgs } = options;
  const router = Router();
  const json = express.json({ limit: options.bodyLimit, strict: true });
  const link = (res: Response) => options.invitationLink(typeof res.locals.clientId === 'string' ? res.locals.clientId : undefined);

  function parseEmail(value: string): string {
    if (!isEmailShaped(value.trim())) throw new OrganizationError({ status: 400, code: 'invalid_email', message: 'Give an email address such as "ada@example.com".' });
    return value.trim();
  }

  router.get('/organization-roles', function listRoles(_req, res) {
    res.json({ roles: orgs.roles() });
  });

  router.get('/invitations/preview', async function previewInvitation(req, res) {
    const { token } = parseInput(tokenBody, req.query, 'query');
    res.json(await orgs.previewInvitation(token));
  });

  router.get('/users/:userId/organizations', async function listOrganizations(req, res) {
    const userId = parseUserId(req.params.userId);
    res.json({ organizations: await orgs.list(userId), canCreate: orgs.options.creation === 'any', personalAccounts: orgs.options.personalAccounts });
  });

  router.post('/users/:userId/organizations', requireJson, json, async function createOrganization(req, res) {
    const userId = parseUserId(req.params.userId);
    const body = parseInput(createBody, req.body);
    res.status(201).json(await orgs.create({ userId, ...body }));
  });

  router.get('/users/:userId/organization-suggestions', async function listSuggestions(req, res) {
    res.json({ organizations: await orgs.suggestions(parseUserId(req.params.userId)) });
  });

  router.post('/users/:userId/invitations/accept', requireJson, json, async function acceptInvitation(req, res) {
    const userId = parseUserId(req.params.userId);
    const { token } = parseInput(tokenBody, req.body);
    res.json(await orgs.acceptInvitation({ userId, token, context: endUser(req) }));
  });

  router.get('/users/:userId/active-organization', async function getActiveOrganization(req, res) {
    const userId = parseUserId(req.params.userId);
    res.json({ organization: await orgs.getActive({ userId, grantId: accountOf(res).grantId }) });
  });

  router.put('/users/:userId/active-organization', requireJson, json, async function setActiveOrganization(req, res) {
    const userId = parseUserId(req.params.userId);
    const body = parseInput(activeBody, req.body);
    const caller = accountOf(res);
    // A login session that is gone proves no method: treated as none, so a restricted organization refuses.
    const amr = options.sessionAmr ? ((await options.sessionAmr(caller)) ?? []) : undefined;
    res.json({ organization: await orgs.setActive({ userId, grantId: caller.grantId, organizationId: body.organizationId, amr }) });
  });

  router.get('/users/:userId/organizations/:organizationId', async function getOrganization(req, res) {
    res.json(await orgs.get({ userId: parseUserId(req.params.userId), organizationId: orgId(req) }));
  });

  router.patch('/users/:userId/organizations/:organizationId', requireJson, json, async function updateOrganization(req, res) {
    const userId = parseUserId(req.params.userId);
    const organizationId = orgId(req);
    const patch = parseInput(updateBody, req.body);
    res.json(await orgs.update({ userId, organizationId, patch, context: endUser(req) }));
  });

  router.delete('/users/:userId/organizations/:organizationId', async function deleteOrganization(req, res) {
    await orgs.remove({ userId: parseUserId(req.params.userId), organizationId: orgId(req), context: endUser(req) });
    res.status(204).end();
  });

  router.post('/users/:userId/organizations/:organizationId/join', optionalJson, json, async function joinByDomain(req, res) {
    const userId = parseUserId(req.params.userId);
    const organizationId = orgId(req);
    parseInput(emptyBody, req.body);
    res.json(await orgs.joinByDomain({ userId, organizationId }));
  });

  router.get('/users/:userId/organizations/:organizationId/members', async function listMembers(req, res) {
    const userId = parseUserId(req.params.userId);
    const organizationId = orgId(req);
    const { search } = parseInput(membersQuery, req.query, 'query');
    res.json({ members: await orgs.listMembers({ userId, organizationId, search }) });
  });

  router.patch('/users/:userId/organizations/:organizationId/members/:memberId', requireJson, json, async function changeRole(req, res) {
    const userId = parseUserId(req.params.userId);
    const organizationId = orgId(req);
    const memberId = parseId(req.params.memberId, 'member_not_found', 'There is no such member.');
    const body = parseInput(roleBody, req.body);
    res.json(await orgs.changeRole({ userId, organizationId, memberId, role: body.role, context: endUser(req) }));
  });

  router.delete('/users/:userId/organizations/:organizationId/members/:memberId', async function removeMember(req, res) {
    const userId = parseUserId(req.params.userId);
    const organizationId = orgId(req);
    const memberId = parseId(req.params.memberId, 'member_not_found', 'There is no such member.');
    await orgs.removeMember({ userId, organizationId, memberId, context: endUser(req) });
    res.status(204).end();
  });

  router.get('/users/:userId/organizations/:organizationId/invitations', async function listInvitations(req, res) {
    res.json({ invitations: await orgs.listInvitations({ userId: parseUserId(req.params.userId), organizationId: orgId(req) }) });
  });

  router.post('/users/:userId/organizations/:organizationId/invitations', requireJson, json, async function invite(req, res) {
    const userId = parseUserId(req.params.userId);
    const organizationId = orgId(req);
    const body = parseInput(inviteBody, req.body);
    const invitation = await orgs.invite({ userId, organizationId, email: parseEmail(body.email), role: body.role, link: link(res), context: endUser(req) });
    res.status(201).json(invitation);
  });

  router.delete('/users/:userId/organizations/:organizationId/invitations/:invitationId', async function revokeInvitation(req, res) {
    const userId = parseUserId(req.params.userId);
    const organizationId = orgId(req);
    const invitationId = parseId(req.params.invitationId, 'invitation_not_found', 'There is no such pending invitation.');
    await orgs.revokeInvitation({ userId, organizationId, invitationId });
    res.status(204).end();
  });

  router.post('/users/:userId/organizations/:organizationId/invitations/:invitationId/resend', optionalJson, json, async function resendInvitation(req, res) {
    const userId = parseUserId(req.params.userId);
    const organizationId = orgId(req);
    const invitationId = parseId(req.params.invitationId, 'invitation_not_found', 'There is no such pending invitation.');
    parseInput(emptyBody, req.body);
    res.json(await orgs.resendInvitation({ userId, organizationId, invitationId, link: link(res) }));
  });

  router.get('/users/:userId/organizations/:organizationId/domains', async function listDomains(req, res) {
    res.json({ domains: await orgs.listDomains({ userId: parseUserId(req.params.userId), organizationId: orgId(req) }) });
  });

  router.post('/users/:userId/organizations/:organizationId/domains', requireJson, json, async function addDomain(req, res) {
    const userId = parseUserId(req.params.userId);
    const organizationId = orgId(req);
    const body = parseInput(domainBody, req.body);
    res.status(201).json(await orgs.addDomain({ userId, organizationId, domain: body.domain }));
  });

  router.post('/users/:userId/organizations/:organizationId/domains/:domainId/verify', optionalJson, json, async function verifyDomain(req, res) {
    const userId = parseUserId(req.params.userId);
    const organizationId = orgId(req);
    const domainId = parseId(req.params.domainId, 'domain_not_found', 'There is no such domain.');
    parseInput(emptyBody, req.body);
    res.json(await orgs.verifyDomain({ userId, organizationId, domainId }));
  });

  router.delete('/users/:userId/organizations/:organizationId/domains/:domainId', async function removeDomain(req, res) {
    const userId = parseUserId(req.params.userId);
    const organizationId = orgId(req);
    const domainId = parseId(req.params.domainId, 'domain_not_found', 'There is no such domain.');
    await orgs.removeDomain({ userId, organizationId, domainId });
    res.status(204).end();
  });

  return router;
}
