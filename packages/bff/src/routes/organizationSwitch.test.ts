import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../storage/createSessionStore.ts';
import { SESSION_COOKIE } from '../http/cookies.ts';
import { startTestStack, TestBrowser, type TestStack } from '../testing/startTestStack.ts';

const PASSWORD = 'correct horse battery staple';

describe('switching organization through the BFF, and the organization guards', () => {
  let stack: TestStack;

  beforeAll(async () => {
    // Re-check the role with the core on every guarded request, so demotions show at once.
    stack = await startTestStack({ organizationRecheckSeconds: 0, sessionCacheMs: 0 });
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function signedIn(): Promise<{ browser: TestBrowser; email: string; id: string }> {
    const browser = new TestBrowser(stack);
    const email = `switch-${randomUUID()}@example.com`;
    expect((await browser.signUp(email, PASSWORD)).status).toBe(200);
    const session = (await browser.request('GET', '/auth/session')).body as { user: { id: string } };
    return { browser, email, id: session.user.id };
  }

  async function createOrg(browser: TestBrowser): Promise<{ id: string; slug: string }> {
    const slug = `acme-${randomUUID().slice(0, 8)}`;
    const created = await browser.request('POST', '/auth/organizations', { json: { name: 'Acme', slug } });
    expect(created.status).toBe(201);
    return { id: (created.body as { id: string }).id, slug };
  }

  async function join(owner: TestBrowser, orgId: string, member: { browser: TestBrowser; email: string }, role = 'member') {
    expect((await owner.request('POST', `/auth/organizations/${orgId}/invitations`, { json: { email: member.email, role } })).status).toBe(201);
    const text = (await owner.newestMail(member.email))?.text ?? '';
    const token = /accept\?token=([A-Za-z0-9_-]+)/u.exec(text)?.[1];
    expect((await member.browser.request('POST', '/auth/invitations/accept', { json: { token } })).status).toBe(200);
  }

  /** The access token the BFF holds for this browser's session, and the claims the core attached to it. */
  async function sessionTokenClaims(browser: TestBrowser): Promise<Record<string, unknown>> {
    const cookie = browser.cookies.get(SESSION_COOKIE) ?? '';
    const { rows } = await sql<{ data: { tokens: { accessToken: string } } }>`select data from latch_bff_sessions where id_hash = ${hashToken(cookie)}`.execute(stack.core.db);
    const accessToken = rows[0]?.data.tokens.accessToken ?? '';
    return (await stack.core.provider.AccessToken.find(accessToken))?.extra ?? {};
  }

  it('switches without a new sign-in: the session names the organization and the new access token carries its claims', async () => {
    const owner = await signedIn();
    const org = await createOrg(owner.browser);
    expect((await owner.browser.request('GET', '/auth/session')).body).toMatchObject({ organization: null });
    const before = await sessionTokenClaims(owner.browser);
    expect(before).not.toHaveProperty('org_id');

    const switched = await owner.browser.request('PUT', '/auth/organizations/active', { json: { organizationId: org.id } });
    expect(switched.status).toBe(200);
    expect(switched.body).toEqual({ organization: { id: org.id, name: 'Acme', slug: org.slug, role: 'owner', permissions: expect.arrayContaining(['org:delete']) } });
    expect((await owner.browser.request('GET', '/auth/session')).body).toMatchObject({ authenticated: true, organization: { id: org.id, name: 'Acme', slug: org.slug, role: 'owner' } });
    expect(await sessionTokenClaims(owner.browser)).toMatchObject({ org_id: org.id, org_slug: org.slug, org_role: 'owner' });
    // The account API still works with the re-issued token.
    expect((await owner.browser.request('GET', '/auth/organizations')).status).toBe(200);

    const personal = await owner.browser.request('PUT', '/auth/organizations/active', { json: { organizationId: null } });
    expect(personal.body).toEqual({ organization: null });
    expect((await owner.browser.request('GET', '/auth/session')).body).toMatchObject({ organization: null });
    expect(await sessionTokenClaims(owner.browser)).not.toHaveProperty('org_id');
  });

  it('guards the product’s routes by role and permission: 403 for a member, 200 for the owner', async () => {
    const owner = await signedIn();
    const member = await signedIn();
    const org = await createOrg(owner.browser);
    await join(owner.browser, org.id, member);

    expect((await new TestBrowser(stack).request('GET', '/api/org-admin')).status).toBe(401);
    const personal = await owner.browser.request('GET', '/api/org-admin');
    expect(personal.status).toBe(403);
    expect(personal.body).toMatchObject({ error: { code: 'org_required' } });

    await owner.browser.request('PUT', '/auth/organizations/active', { json: { organizationId: org.id } });
    await member.browser.request('PUT', '/auth/organizations/active', { json: { organizationId: org.id } });
    expect((await owner.browser.request('GET', '/api/org-admin')).body).toEqual({ organization: org.slug });
    const refused = await member.browser.request('GET', '/api/org-admin');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: 'org_role_required' } });
    expect((await member.browser.request('GET', '/api/org-members')).body).toMatchObject({ error: { code: 'org_permission_required' } });
    expect((await owner.browser.request('GET', '/api/org-members')).status).toBe(200);

    // A promotion reaches the guard within organizationRecheckSeconds (0 here), without switching again.
    expect((await owner.browser.request('PATCH', `/auth/organizations/${org.id}/members/${member.id}`, { json: { role: 'admin' } })).status).toBe(200);
    expect((await member.browser.request('GET', '/api/org-admin')).status).toBe(200);
    // And a removal takes the access away.
    expect((await owner.browser.request('DELETE', `/auth/organizations/${org.id}/members/${member.id}`)).status).toBe(204);
    expect((await member.browser.request('GET', '/api/org-admin')).body).toMatchObject({ error: { code: 'org_required' } });
  });

  it('refuses an organization the user is not in, and a malformed id, without changing the session', async () => {
    const owner = await signedIn();
    const outsider = await signedIn();
    const org = await createOrg(owner.browser);
    const refused = await outsider.browser.request('PUT', '/auth/organizations/active', { json: { organizationId: org.id } });
    expect(refused.status).toBe(404);
    expect(refused.body).toMatchObject({ error: { code: 'org_not_found' } });
    const malformed = await outsider.browser.request('PUT', '/auth/organizations/active', { json: { organizationId: '../x' } });
    expect(malformed.status).toBe(400);
    expect((await outsider.browser.request('PUT', '/auth/organizations/active', { json: { organizationId: org.id }, csrf: false })).status).toBe(403);
    expect((await outsider.browser.request('GET', '/auth/session')).body).toMatchObject({ organization: null });
  });

  it('sends a member of an MFA-requiring organization to enrollment before the session carries it', async () => {
    const owner = await signedIn();
    const member = await signedIn();
    const org = await createOrg(owner.browser);
    await join(owner.browser, org.id, member);
    expect((await owner.browser.request('PATCH', `/auth/organizations/${org.id}`, { json: { policy: { requireMfa: true } } })).status).toBe(200);

    const refused = await member.browser.request('PUT', '/auth/organizations/active', { json: { organizationId: org.id } });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: 'org_mfa_required' } });
    expect((await member.browser.request('GET', '/auth/session')).body).toMatchObject({ organization: null });

    const started = (await member.browser.request('POST', '/auth/mfa/totp')).body as { enrollmentId: string; secret: string };
    const code = TOTP.generate({ secret: Secret.fromBase32(started.secret) });
    expect((await member.browser.request('POST', '/auth/mfa/totp/confirm', { json: { enrollmentId: started.enrollmentId, code } })).status).toBe(200);
    const allowed = await member.browser.request('PUT', '/auth/organizations/active', { json: { organizationId: org.id } });
    expect(allowed.status).toBe(200);
    expect((await member.browser.request('GET', '/auth/session')).body).toMatchObject({ organization: { id: org.id, role: 'member' } });
  });

  it('starts the session in the organization chosen at the sign-in’s organization step, preselected by ?organization=', async () => {
    const owner = await signedIn();
    const org = await createOrg(owner.browser);
    const browser = new TestBrowser(stack);
    const created = await browser.request('POST', `/auth/flows/sign-in?organization=${org.slug}`);
    const flowId = (created.body as { id: string }).id;
    await browser.request('POST', `/auth/flows/${flowId}/submit`, { json: { step: 'identifier', action: 'submit', values: { email: owner.email } } });
    const step = await browser.request('POST', `/auth/flows/${flowId}/submit`, { json: { step: 'password', action: 'submit', values: { password: PASSWORD } } });
    expect(step.body).toMatchObject({ step: { name: 'organization', fields: [{ name: 'organization', value: org.id }] } });
    expect((await browser.request('GET', '/auth/session')).body).toMatchObject({ authenticated: false });

    const done = await browser.request('POST', `/auth/flows/${flowId}/submit`, { json: { step: 'organization', action: 'submit', values: { organization: org.id } } });
    expect(done.body).toMatchObject({ state: 'complete' });
    expect((await browser.request('GET', '/auth/session')).body).toMatchObject({ authenticated: true, organization: { id: org.id, slug: org.slug, role: 'owner' } });
    expect(await sessionTokenClaims(browser)).toMatchObject({ org_id: org.id, org_role: 'owner' });
    expect((await browser.request('GET', '/api/org-admin')).body).toEqual({ organization: org.slug });
  });

  it('refuses a switch into an organization that does not allow the way the session signed in', async () => {
    const owner = await signedIn();
    const org = await createOrg(owner.browser);
    const refusedPolicy = await owner.browser.request('PATCH', `/auth/organizations/${org.id}`, { json: { policy: { allowedMethods: ['sms'] } } });
    expect(refusedPolicy.status).toBe(422);
    expect(refusedPolicy.body).toMatchObject({ error: { code: 'unknown_sign_in_method' } });
    expect((await owner.browser.request('PATCH', `/auth/organizations/${org.id}`, { json: { policy: { allowedMethods: ['passkey'] } } })).status).toBe(200);
    const refused = await owner.browser.request('PUT', '/auth/organizations/active', { json: { organizationId: org.id } });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: 'sign_in_method_not_allowed' } });
    expect((await owner.browser.request('GET', '/auth/session')).body).toMatchObject({ organization: null });
  });

  it('stops acting in an organization the user leaves', async () => {
    const owner = await signedIn();
    const member = await signedIn();
    const org = await createOrg(owner.browser);
    await join(owner.browser, org.id, member);
    await member.browser.request('PUT', '/auth/organizations/active', { json: { organizationId: org.id } });
    expect((await member.browser.request('DELETE', `/auth/organizations/${org.id}/members/${member.id}`)).status).toBe(204);
    expect((await member.browser.request('GET', '/auth/session')).body).toMatchObject({ organization: null });
  });
});
