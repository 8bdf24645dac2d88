import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flow } from '@latch/core';
import { listOutbox } from '../mail/createOutboxMailer.ts';
import { startTestCore, TEST_ARGON2, TEST_CLIENT_ID, type TestCore } from '../testing/startTestCore.ts';
import { createTestSchema, type TestSchema } from '../testing/testDatabases.ts';
import { createPasswordHasher } from '../users/passwordHasher.ts';
import type { TxtResolver } from './createOrganizationService.ts';

const PASSWORD = 'correct horse battery staple';
const txtRecords = new Map<string, string[][]>();
const resolveTxt: TxtResolver = async (name) => txtRecords.get(name) ?? [];
const options = {
  organizations: { roles: { billing: { permissions: ['org:read', 'billing:manage'] } } },
  resolveTxt,
};

describe.each([
  ['PGlite', async () => ({ t: await startTestCore(options), schema: undefined })],
  [
    'PostgreSQL',
    async () => {
      const schema = await createTestSchema();
      const t = await startTestCore({ ...options, databaseUrl: schema.databaseUrl }).catch(async (error: unknown) => {
        await schema.drop();
        throw error;
      });
      return { t, schema };
    },
  ],
] as const)('organizations account API on %s', (_name, start) => {
  let t: TestCore;
  let schema: TestSchema | undefined;
  let counter = 0;
  let hash: string;

  beforeAll(async () => {
    ({ t, schema } = await start());
    hash = await createPasswordHasher(TEST_ARGON2).hash(PASSWORD);
  });
  afterAll(async () => {
    await t?.close();
    await schema?.drop();
  });

  async function newUser(domain = 'example.com', verified = true): Promise<{ id: string; email: string }> {
    const email = `org-${++counter}-${Date.now()}@${domain}`;
    const user = await t.core.users.create({ email, passwordHash: hash, emailVerified: verified });
    return { id: user!.id, email };
  }

  const slugOf = (label: string) => `${label}-${++counter}-${Date.now().toString(36)}`;

  async function newOrg(ownerId: string, label = 'acme'): Promise<{ id: string; slug: string }> {
    const slug = slugOf(label);
    const created = await t.api('POST', `/users/${ownerId}/organizations`, { json: { name: `${label} Inc`, slug } });
    expect(created.status).toBe(201);
    return { id: (created.body as { id: string }).id, slug };
  }

  async function addMember(orgId: string, ownerId: string, member: { id: string; email: string }, role = 'member') {
    const invited = await t.api('POST', `/users/${ownerId}/organizations/${orgId}/invitations`, { json: { email: member.email, role } });
    expect(invited.status).toBe(201);
    const accepted = await t.api('POST', `/users/${member.id}/invitations/accept`, { json: { token: await invitationToken(member.email) } });
    expect(accepted.status).toBe(200);
  }

  async function invitationToken(email: string): Promise<string> {
    const mail = (await listOutbox(t.core.db, { limit: 200 })).find((message) => message.to === email);
    const link = /https?:\/\/\S+accept\?token=([A-Za-z0-9_-]+)/u.exec(mail?.text ?? '');
    if (!link?.[1]) throw new Error(`no invitation mail for ${email}`);
    return link[1];
  }

  async function signIn(email: string) {
    const interaction = await t.startInteraction();
    const flow = (await t.api('POST', '/flows', { json: { type: 'sign-in', interaction: interaction.uid } })).body as Flow;
    await t.api('POST', `/flows/${flow.id}/submit`, { json: { step: 'identifier', action: 'submit', values: { email } } });
    let answered = await t.api('POST', `/flows/${flow.id}/submit`, { json: { step: 'password', action: 'submit', values: { password: PASSWORD } } });
    if ((answered.body as { step?: { id?: string } }).step?.id === 'totp') {
      answered = await t.api('POST', `/flows/${flow.id}/submit`, { json: { step: 'totp', action: 'submit', values: { code: '000000' } } });
    }
    // A member of organizations is asked which one to start in: these tests start personal and switch.
    if ((answered.body as { step?: { name?: string } }).step?.name === 'organization') {
      answered = await t.api('POST', `/flows/${flow.id}/submit`, { json: { step: 'organization', action: 'personal', values: {} } });
    }
    return t.finishInteraction(interaction, (answered.body as { redirectTo: string }).redirectTo);
  }

  async function refresh(refreshToken: string): Promise<{ access_token: string; refresh_token?: string }> {
    const response = await fetch(`${t.url}/oidc/token`, {
      method: 'POST',
      headers: { authorization: t.authorization, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as { access_token: string; refresh_token?: string };
  }

  const tokenClaims = async (accessToken: string) => (await t.core.provider.AccessToken.find(accessToken))?.extra ?? {};

  describe('organizations and roles', () => {
    it('makes the creator owner and lists the organization with its role and permissions', async () => {
      const owner = await newUser();
      const org = await newOrg(owner.id);
      const listed = await t.api('GET', `/users/${owner.id}/organizations`);
      expect(listed.status).toBe(200);
      expect(listed.body).toMatchObject({
        canCreate: true,
        personalAccounts: true,
        organizations: [{ id: org.id, slug: org.slug, role: 'owner', permissions: expect.arrayContaining(['org:delete', 'org:members:manage']) }],
      });
      const detail = await t.api('GET', `/users/${owner.id}/organizations/${org.id}`);
      expect(detail.body).toMatchObject({ id: org.id, role: 'owner', policy: { requireMfa: false }, domainJoin: 'offer', metadata: {} });
    });

    it('refuses invalid slugs, taken slugs, unknown roles and malformed emails with stable codes', async () => {
      const owner = await newUser();
      const org = await newOrg(owner.id);
      for (const slug of ['A', 'Has Space', '-lead', 'trail-', 'double--hyphen', 'x'.repeat(49)]) {
        const response = await t.api('POST', `/users/${owner.id}/organizations`, { json: { name: 'Bad', slug } });
        expect(response.status, slug).toBe(400);
        expect(response.body).toMatchObject({ error: { code: 'invalid_slug' } });
      }
      const taken = await t.api('POST', `/users/${owner.id}/organizations`, { json: { name: 'Again', slug: org.slug } });
      expect(taken.status).toBe(409);
      expect(taken.body).toMatchObject({ error: { code: 'slug_taken' } });
      const badRole = await t.api('POST', `/users/${owner.id}/organizations/${org.id}/invitations`, { json: { email: 'x@example.com', role: 'superuser' } });
      expect(badRole.status).toBe(400);
      expect(badRole.body).toMatchObject({ error: { code: 'invalid_role' } });
      const badEmail = await t.api('POST', `/users/${owner.id}/organizations/${org.id}/invitations`, { json: { email: 'not-an-email', role: 'member' } });
      expect(badEmail.status).toBe(400);
      expect(badEmail.body).toMatchObject({ error: { code: 'invalid_email' } });
      const extra = await t.api('POST', `/users/${owner.id}/organizations`, { json: { name: 'X', slug: slugOf('x'), admin: true } });
      expect(extra.status).toBe(400);
      expect(extra.body).toMatchObject({ error: { code: 'invalid_request' } });
    });

    it('gives custom roles their configured permissions', async () => {
      const owner = await newUser();
      const billing = await newUser();
      const org = await newOrg(owner.id);
      await addMember(org.id, owner.id, billing, 'billing');
      const detail = await t.api('GET', `/users/${billing.id}/organizations/${org.id}`);
      expect(detail.body).toMatchObject({ role: 'billing', permissions: ['org:read', 'billing:manage'] });
      // Without org:members:read the member list is closed to this role.
      const members = await t.api('GET', `/users/${billing.id}/organizations/${org.id}/members`);
      expect(members.status).toBe(403);
      expect(members.body).toMatchObject({ error: { code: 'org_forbidden' } });
      const roles = await t.api('GET', '/organization-roles');
      expect((roles.body as { roles: { name: string }[] }).roles.map((role) => role.name)).toEqual(['owner', 'admin', 'member', 'billing']);
    });

    it('lets members read but not manage; admins manage members but not owners', async () => {
      const owner = await newUser();
      const admin = await newUser();
      const member = await newUser();
      const org = await newOrg(owner.id);
      await addMember(org.id, owner.id, admin, 'admin');
      await addMember(org.id, owner.id, member);

      const list = await t.api('GET', `/users/${member.id}/organizations/${org.id}/members?search=${encodeURIComponent(admin.email.slice(0, 12))}`);
      expect(list.status).toBe(200);
      expect((list.body as { members: { userId: string }[] }).members.map((m) => m.userId)).toEqual([admin.id]);

      const memberPromotes = await t.api('PATCH', `/users/${member.id}/organizations/${org.id}/members/${member.id}`, { json: { role: 'admin' } });
      expect(memberPromotes.status).toBe(403);
      const memberRenames = await t.api('PATCH', `/users/${member.id}/organizations/${org.id}`, { json: { name: 'Mine now' } });
      expect(memberRenames.status).toBe(403);
      const memberInvites = await t.api('POST', `/users/${member.id}/organizations/${org.id}/invitations`, { json: { email: 'friend@example.com' } });
      expect(memberInvites.status).toBe(403);

      const adminDemotesOwner = await t.api('PATCH', `/users/${admin.id}/organizations/${org.id}/members/${owner.id}`, { json: { role: 'member' } });
      expect(adminDemotesOwner.status).toBe(403);
      const adminMakesOwner = await t.api('PATCH', `/users/${admin.id}/organizations/${org.id}/members/${member.id}`, { json: { role: 'owner' } });
      expect(adminMakesOwner.status).toBe(403);
      const adminDeletes = await t.api('DELETE', `/users/${admin.id}/organizations/${org.id}`);
      expect(adminDeletes.status).toBe(403);
      const adminPromotes = await t.api('PATCH', `/users/${admin.id}/organizations/${org.id}/members/${member.id}`, { json: { role: 'admin' } });
      expect(adminPromotes.status).toBe(200);
      expect(adminPromotes.body).toMatchObject({ userId: member.id, role: 'admin' });
      const adminRemoves = await t.api('DELETE', `/users/${admin.id}/organizations/${org.id}/members/${member.id}`);
      expect(adminRemoves.status).toBe(204);
      expect((await t.api('GET', `/users/${member.id}/organizations/${org.id}`)).status).toBe(404);
    });

    it('never lets the last owner leave or be demoted, but allows it once there is another owner', async () => {
      const owner = await newUser();
      const second = await newUser();
      const org = await newOrg(owner.id);
      const leave = await t.api('DELETE', `/users/${owner.id}/organizations/${org.id}/members/${owner.id}`);
      expect(leave.status).toBe(409);
      expect(leave.body).toMatchObject({ error: { code: 'last_owner' } });
      const demote = await t.api('PATCH', `/users/${owner.id}/organizations/${org.id}/members/${owner.id}`, { json: { role: 'admin' } });
      expect(demote.status).toBe(409);
      expect(demote.body).toMatchObject({ error: { code: 'last_owner' } });

      await addMember(org.id, owner.id, second, 'owner');
      expect((await t.api('PATCH', `/users/${owner.id}/organizations/${org.id}/members/${owner.id}`, { json: { role: 'admin' } })).status).toBe(200);
      const lastDemote = await t.api('PATCH', `/users/${second.id}/organizations/${org.id}/members/${second.id}`, { json: { role: 'member' } });
      expect(lastDemote.body).toMatchObject({ error: { code: 'last_owner' } });
      expect((await t.api('DELETE', `/users/${owner.id}/organizations/${org.id}/members/${owner.id}`)).status).toBe(204);
    });

    it('refuses creation when the configuration says none may create', async () => {
      const closed = await startTestCore({ organizations: { creation: 'none', personalAccounts: false } });
      try {
        const user = await closed.core.users.create({ email: 'closed@example.com', passwordHash: hash });
        const response = await closed.api('POST', `/users/${user!.id}/organizations`, { json: { name: 'Nope', slug: 'nope' } });
        expect(response.status).toBe(403);
        expect(response.body).toMatchObject({ error: { code: 'org_creation_disabled' } });
        expect((await closed.api('GET', `/users/${user!.id}/organizations`)).body).toMatchObject({ canCreate: false, personalAccounts: false });
        // The operator still can, from code.
        const made = await closed.core.organizations.create({ userId: user!.id, name: 'Ops', slug: 'ops', asOperator: true });
        expect(made).toMatchObject({ slug: 'ops', role: 'owner' });
      } finally {
        await closed.close();
      }
    }, 120_000);

    it('rejects invalid options at start-up', async () => {
      await expect(startTestCore({ organizations: { roles: { owner: { permissions: [] } } } })).rejects.toThrow(/built-in role/u);
      await expect(startTestCore({ organizations: { roles: { Bad: { permissions: [] } } } })).rejects.toThrow(/organizations\.roles/u);
      await expect(startTestCore({ organizations: { creation: 'everyone' as 'any' } })).rejects.toThrow(/creation/u);
    }, 120_000);
  });

  describe('an outsider', () => {
    it('gets 404 org_not_found from every route of an organization they are not in, and changes nothing', async () => {
      const owner = await newUser();
      const outsider = await newUser();
      const org = await newOrg(owner.id);
      const invited = await t.api('POST', `/users/${owner.id}/organizations/${org.id}/invitations`, { json: { email: 'someone@example.com' } });
      const invitationId = (invited.body as { id: string }).id;
      const domain = await t.api('POST', `/users/${owner.id}/organizations/${org.id}/domains`, { json: { domain: `${slugOf('d')}.example` } });
      const domainId = (domain.body as { id: string }).id;
      const base = `/users/${outsider.id}/organizations/${org.id}`;
      const routes: [string, string, unknown?][] = [
        ['GET', base],
        ['PATCH', base, { name: 'Stolen' }],
        ['DELETE', base],
        ['GET', `${base}/members`],
        ['PATCH', `${base}/members/${owner.id}`, { role: 'member' }],
        ['DELETE', `${base}/members/${owner.id}`],
        ['GET', `${base}/invitations`],
        ['POST', `${base}/invitations`, { email: 'me@example.com', role: 'owner' }],
        ['DELETE', `${base}/invitations/${invitationId}`],
        ['POST', `${base}/invitations/${invitationId}/resend`],
        ['GET', `${base}/domains`],
        ['POST', `${base}/domains`, { domain: 'evil.example' }],
        ['POST', `${base}/domains/${domainId}/verify`],
        ['DELETE', `${base}/domains/${domainId}`],
        ['POST', `${base}/join`],
      ];
      for (const [method, path, json] of routes) {
        const response = await t.api(method, path, json === undefined ? {} : { json });
        expect(response.status, `${method} ${path}`).toBe(404);
        expect(response.body, `${method} ${path}`).toEqual({ error: { code: 'org_not_found', message: expect.any(String) } });
      }
      const after = await t.api('GET', `/users/${owner.id}/organizations/${org.id}/members`);
      expect((after.body as { members: unknown[] }).members).toHaveLength(1);
      expect((await t.api('GET', `/users/${owner.id}/organizations/${org.id}`)).body).toMatchObject({ name: 'acme Inc' });
      const invitations = await t.api('GET', `/users/${owner.id}/organizations/${org.id}/invitations`);
      expect((invitations.body as { invitations: { status: string }[] }).invitations).toEqual([expect.objectContaining({ status: 'pending' })]);
    });
  });

  describe('invitations', () => {
    it('emails a single-use link that an existing user accepts, and refuses it the second time', async () => {
      const owner = await newUser();
      const invitee = await newUser();
      const org = await newOrg(owner.id);
      const invited = await t.api('POST', `/users/${owner.id}/organizations/${org.id}/invitations`, { json: { email: invitee.email.toUpperCase(), role: 'admin' } });
      expect(invited.status).toBe(201);
      expect(invited.body).toMatchObject({ email: invitee.email, role: 'admin', status: 'pending' });
      const mail = (await listOutbox(t.core.db, { limit: 200 })).find((message) => message.to === invitee.email);
      expect(mail?.subject).toBe('You are invited to join acme Inc on Latch');
      expect(mail?.text).toContain(`${new URL(t.redirectUri).origin}/auth/invitations/accept?token=`);
      const token = await invitationToken(invitee.email);

      const preview = await t.api('GET', `/invitations/preview?token=${token}`);
      expect(preview.body).toMatchObject({ organization: { name: 'acme Inc', slug: org.slug }, email: invitee.email, role: 'admin' });

      const accepted = await t.api('POST', `/users/${invitee.id}/invitations/accept`, { json: { token } });
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ id: org.id, role: 'admin' });
      const reused = await t.api('POST', `/users/${invitee.id}/invitations/accept`, { json: { token } });
      expect(reused.status).toBe(410);
      expect(reused.body).toMatchObject({ error: { code: 'invitation_used' } });
      expect((await t.api('GET', `/invitations/preview?token=${token}`)).body).toMatchObject({ error: { code: 'invitation_used' } });
      const again = await t.api('POST', `/users/${owner.id}/organizations/${org.id}/invitations`, { json: { email: invitee.email } });
      expect(again.body).toMatchObject({ error: { code: 'already_member' } });
    });

    it('refuses the link to another account, an unknown token, and a revoked invitation', async () => {
      const owner = await newUser();
      const invitee = await newUser();
      const stranger = await newUser();
      const org = await newOrg(owner.id);
      const invited = await t.api('POST', `/users/${owner.id}/organizations/${org.id}/invitations`, { json: { email: invitee.email } });
      const token = await invitationToken(invitee.email);
      const wrongAccount = await t.api('POST', `/users/${stranger.id}/invitations/accept`, { json: { token } });
      expect(wrongAccount.status).toBe(403);
      expect(wrongAccount.body).toMatchObject({ error: { code: 'invitation_email_mismatch' } });
      const unknown = await t.api('POST', `/users/${invitee.id}/invitations/accept`, { json: { token: 'x'.repeat(43) } });
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ error: { code: 'invitation_not_found' } });

      const duplicate = await t.api('POST', `/users/${owner.id}/organizations/${org.id}/invitations`, { json: { email: invitee.email } });
      expect(duplicate.body).toMatchObject({ error: { code: 'invitation_pending' } });
      const id = (invited.body as { id: string }).id;
      expect((await t.api('DELETE', `/users/${owner.id}/organizations/${org.id}/invitations/${id}`)).status).toBe(204);
      const revoked = await t.api('POST', `/users/${invitee.id}/invitations/accept`, { json: { token } });
      expect(revoked.status).toBe(410);
      expect(revoked.body).toMatchObject({ error: { code: 'invitation_revoked' } });
      expect((await t.api('DELETE', `/users/${owner.id}/organizations/${org.id}/invitations/${id}`)).body).toMatchObject({ error: { code: 'invitation_not_found' } });
    });

    it('refuses an expired invitation, and resending gives a new link and a new lifetime', async () => {
      const owner = await newUser();
      const invitee = await newUser();
      const org = await newOrg(owner.id);
      const invited = await t.api('POST', `/users/${owner.id}/organizations/${org.id}/invitations`, { json: { email: invitee.email } });
      const id = (invited.body as { id: string }).id;
      const oldToken = await invitationToken(invitee.email);
      await t.core.db.updateTable('latch_org_invitations').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', id).execute();
      const expired = await t.api('POST', `/users/${invitee.id}/invitations/accept`, { json: { token: oldToken } });
      expect(expired.status).toBe(410);
      expect(expired.body).toMatchObject({ error: { code: 'invitation_expired' } });

      const resent = await t.api('POST', `/users/${owner.id}/organizations/${org.id}/invitations/${id}/resend`);
      expect(resent.status).toBe(200);
      expect(resent.body).toMatchObject({ status: 'pending' });
      const newToken = await invitationToken(invitee.email);
      expect(newToken).not.toBe(oldToken);
      expect((await t.api('POST', `/users/${invitee.id}/invitations/accept`, { json: { token: oldToken } })).status).toBe(404);
      expect((await t.api('POST', `/users/${invitee.id}/invitations/accept`, { json: { token: newToken } })).status).toBe(200);
    });

    it('lets a user who signed up through the invitation accept it, which confirms their address', async () => {
      const owner = await newUser();
      const org = await newOrg(owner.id);
      const email = `newcomer-${Date.now()}@example.com`;
      await t.api('POST', `/users/${owner.id}/organizations/${org.id}/invitations`, { json: { email } });
      const token = await invitationToken(email);
      const created = await t.core.users.create({ email, passwordHash: hash });
      expect((await t.api('POST', `/users/${created!.id}/invitations/accept`, { json: { token } })).status).toBe(200);
      expect((await t.core.users.findById(created!.id))?.emailVerified).toBe(true);
    });
  });

  describe('verified domains', () => {
    it('shows the TXT record, verifies it through the resolver, and auto-joins verified addresses', async () => {
      const domain = `${slugOf('corp')}.example`;
      const owner = await newUser();
      const org = await newOrg(owner.id);
      const added = await t.api('POST', `/users/${owner.id}/organizations/${org.id}/domains`, { json: { domain: ` ${domain.toUpperCase()}. ` } });
      expect(added.status).toBe(201);
      const { id, txtRecord } = added.body as { id: string; txtRecord: { name: string; value: string } };
      expect(txtRecord).toEqual({ name: `_latch-verification.${domain}`, value: expect.stringMatching(/^latch-verification=/u) });

      const notYet = await t.api('POST', `/users/${owner.id}/organizations/${org.id}/domains/${id}/verify`);
      expect(notYet.status).toBe(422);
      expect(notYet.body).toMatchObject({ error: { code: 'domain_verification_failed' } });
      txtRecords.set(txtRecord.name, [['v=spf1 -all'], [txtRecord.value.slice(0, 10), txtRecord.value.slice(10)]]);
      const verified = await t.api('POST', `/users/${owner.id}/organizations/${org.id}/domains/${id}/verify`);
      expect(verified.body).toMatchObject({ domain, verified: true });

      const colleague = await newUser(domain);
      const unverified = await newUser(domain, false);
      const outsider = await newUser('elsewhere.example');
      expect((await t.api('GET', `/users/${colleague.id}/organization-suggestions`)).body).toEqual({ organizations: [expect.objectContaining({ id: org.id })] });
      expect((await t.api('GET', `/users/${unverified.id}/organization-suggestions`)).body).toEqual({ organizations: [] });
      const joined = await t.api('POST', `/users/${colleague.id}/organizations/${org.id}/join`);
      expect(joined.body).toMatchObject({ id: org.id, role: 'member' });
      expect((await t.api('POST', `/users/${outsider.id}/organizations/${org.id}/join`)).status).toBe(404);
      expect((await t.api('POST', `/users/${unverified.id}/organizations/${org.id}/join`)).status).toBe(404);

      expect((await t.api('PATCH', `/users/${owner.id}/organizations/${org.id}`, { json: { domainJoin: 'auto' } })).body).toMatchObject({ domainJoin: 'auto' });
      const another = await newUser(domain);
      const list = await t.api('GET', `/users/${another.id}/organizations`);
      expect(list.body).toMatchObject({ organizations: [{ id: org.id, role: 'member' }] });
      expect((await t.api('GET', `/users/${unverified.id}/organizations`)).body).toMatchObject({ organizations: [] });

      // A second organization cannot claim a verified domain.
      const rivalOwner = await newUser();
      const rival = await newOrg(rivalOwner.id, 'rival');
      const claim = (await t.api('POST', `/users/${rivalOwner.id}/organizations/${rival.id}/domains`, { json: { domain } })).body as { id: string; txtRecord: { value: string } };
      txtRecords.set(txtRecord.name, [[txtRecord.value], [claim.txtRecord.value]]);
      const taken = await t.api('POST', `/users/${rivalOwner.id}/organizations/${rival.id}/domains/${claim.id}/verify`);
      expect(taken.status).toBe(409);
      expect(taken.body).toMatchObject({ error: { code: 'domain_taken' } });
      const bad = await t.api('POST', `/users/${owner.id}/organizations/${org.id}/domains`, { json: { domain: 'not a domain' } });
      expect(bad.body).toMatchObject({ error: { code: 'invalid_domain' } });
    });
  });

  describe('active organization and tokens', () => {
    it('puts org claims in access tokens of the grant after a switch, through a refresh, without a new sign-in', async () => {
      const owner = await newUser();
      const org = await newOrg(owner.id);
      const tokens = await signIn(owner.email);
      expect(tokens.refreshToken).toBeDefined();
      expect(await tokenClaims(tokens.accessToken)).not.toHaveProperty('org_id');

      const bearer = { authorization: `Bearer ${tokens.accessToken}` };
      const switched = await t.api('PUT', `/users/${owner.id}/active-organization`, { json: { organizationId: org.id }, ...bearer });
      expect(switched.status).toBe(200);
      expect(switched.body).toMatchObject({ organization: { id: org.id, slug: org.slug, role: 'owner' } });
      expect((await t.api('GET', `/users/${owner.id}/active-organization`, bearer)).body).toMatchObject({ organization: { id: org.id } });

      const refreshed = await refresh(tokens.refreshToken!);
      expect(await tokenClaims(refreshed.access_token)).toMatchObject({
        org_id: org.id,
        org_slug: org.slug,
        org_role: 'owner',
        org_permissions: expect.arrayContaining(['org:delete']),
      });

      const personal = await t.api('PUT', `/users/${owner.id}/active-organization`, { json: { organizationId: null }, ...bearer });
      expect(personal.body).toEqual({ organization: null });
      expect(await tokenClaims((await refresh(refreshed.refresh_token ?? tokens.refreshToken!)).access_token)).not.toHaveProperty('org_id');
    });

    it('refuses to switch into an organization the user is not in, or with another user’s token', async () => {
      const owner = await newUser();
      const other = await newUser();
      const org = await newOrg(owner.id);
      const tokens = await signIn(other.email);
      const bearer = { authorization: `Bearer ${tokens.accessToken}` };
      const refused = await t.api('PUT', `/users/${other.id}/active-organization`, { json: { organizationId: org.id }, ...bearer });
      expect(refused.status).toBe(404);
      expect(refused.body).toMatchObject({ error: { code: 'org_not_found' } });
      const notTheirs = await t.api('PUT', `/users/${owner.id}/active-organization`, { json: { organizationId: org.id }, ...bearer });
      expect(notTheirs.status).toBe(403);
      const noToken = await t.api('PUT', `/users/${owner.id}/active-organization`, { json: { organizationId: org.id }, authorization: t.authorization });
      expect(noToken.status).toBe(401);
      expect(noToken.body).toMatchObject({ error: { code: 'invalid_token' } });
    });

    it('drops the claims when the member is removed', async () => {
      const owner = await newUser();
      const member = await newUser();
      const org = await newOrg(owner.id);
      await addMember(org.id, owner.id, member);
      const tokens = await signIn(member.email);
      await t.api('PUT', `/users/${member.id}/active-organization`, { json: { organizationId: org.id }, authorization: `Bearer ${tokens.accessToken}` });
      expect((await t.api('DELETE', `/users/${owner.id}/organizations/${org.id}/members/${member.id}`)).status).toBe(204);
      expect(await tokenClaims((await refresh(tokens.refreshToken!)).access_token)).not.toHaveProperty('org_id');
    });

    it('requires a second factor to act in an organization whose policy says so', async () => {
      const owner = await newUser();
      const member = await newUser();
      const org = await newOrg(owner.id);
      await addMember(org.id, owner.id, member);
      const policy = await t.api('PATCH', `/users/${member.id}/organizations/${org.id}`, { json: { policy: { requireMfa: true } } });
      expect(policy.status).toBe(403);
      expect((await t.api('PATCH', `/users/${owner.id}/organizations/${org.id}`, { json: { policy: { requireMfa: true } } })).body).toMatchObject({ policy: { requireMfa: true } });

      const tokens = await signIn(member.email);
      const bearer = { authorization: `Bearer ${tokens.accessToken}` };
      const refused = await t.api('PUT', `/users/${member.id}/active-organization`, { json: { organizationId: org.id }, ...bearer });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ error: { code: 'org_mfa_required' } });
      expect((await t.api('GET', `/users/${member.id}/active-organization`, bearer)).body).toEqual({ organization: null });

      const started = (await t.api('POST', `/users/${member.id}/mfa/totp`)).body as { enrollmentId: string; secret: string };
      const code = TOTP.generate({ secret: Secret.fromBase32(started.secret) });
      expect((await t.api('POST', `/users/${member.id}/mfa/totp/confirm`, { json: { enrollmentId: started.enrollmentId, code } })).status).toBe(200);
      const allowed = await t.api('PUT', `/users/${member.id}/active-organization`, { json: { organizationId: org.id }, ...bearer });
      expect(allowed.status).toBe(200);
      expect(await tokenClaims((await refresh(tokens.refreshToken!)).access_token)).toMatchObject({ org_id: org.id, org_role: 'member' });
    });

    it('refuses the personal account when personal accounts are off', async () => {
      const closed = await startTestCore({ organizations: { personalAccounts: false } });
      try {
        const user = await closed.core.users.create({ email: 'solo@example.com', passwordHash: hash });
        const interaction = await closed.startInteraction();
        const flow = (await closed.api('POST', '/flows', { json: { type: 'sign-in', interaction: interaction.uid } })).body as Flow;
        await closed.api('POST', `/flows/${flow.id}/submit`, { json: { step: 'identifier', action: 'submit', values: { email: 'solo@example.com' } } });
        const done = await closed.api('POST', `/flows/${flow.id}/submit`, { json: { step: 'password', action: 'submit', values: { password: PASSWORD } } });
        const { accessToken } = await closed.finishInteraction(interaction, (done.body as { redirectTo: string }).redirectTo);
        const response = await closed.api('PUT', `/users/${user!.id}/active-organization`, { json: { organizationId: null }, authorization: `Bearer ${accessToken}` });
        expect(response.status).toBe(403);
        expect(response.body).toMatchObject({ error: { code: 'personal_account_disabled' } });
      } finally {
        await closed.close();
      }
    }, 120_000);
  });

  it('needs the user’s own bearer token; client credentials or another user’s token are refused', async () => {
    const owner = await newUser();
    const other = await newUser();
    const org = await newOrg(owner.id);
    const basic = await t.api('GET', `/users/${owner.id}/organizations`, { authorization: t.authorization });
    expect(basic.status).toBe(401);
    expect(basic.body).toMatchObject({ error: { code: 'invalid_token' } });
    const foreign = await t.api('GET', `/users/${owner.id}/organizations/${org.id}`, { authorization: await t.accessTokenFor(other.id) });
    expect(foreign.status).toBe(403);
    expect(JSON.stringify(foreign.body)).not.toContain(org.slug);
    const preview = await t.api('GET', `/invitations/preview?token=${'x'.repeat(43)}`, { authorization: `Basic ${Buffer.from(`${TEST_CLIENT_ID}:wrong`).toString('base64')}` });
    expect(preview.status).toBe(401);
  });
});
