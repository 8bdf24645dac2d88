import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, TestBrowser, type TestStack } from '../testing/startTestStack.ts';

const PASSWORD = 'correct horse battery staple';

describe('organization routes of the BFF', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function signedIn(): Promise<{ browser: TestBrowser; email: string }> {
    const browser = new TestBrowser(stack);
    const email = `org-${randomUUID()}@example.com`;
    expect((await browser.signUp(email, PASSWORD)).status).toBe(200);
    return { browser, email };
  }

  async function createOrg(browser: TestBrowser): Promise<{ id: string; slug: string }> {
    const slug = `acme-${randomUUID().slice(0, 8)}`;
    const created = await browser.request('POST', '/auth/organizations', { json: { name: 'Acme', slug } });
    expect(created.status).toBe(201);
    return { id: (created.body as { id: string }).id, slug };
  }

  async function invitationLink(browser: TestBrowser, email: string): Promise<string> {
    const mail = await browser.newestMail(email);
    const link = /(https?:\/\/\S+\/auth\/invitations\/accept\?token=[A-Za-z0-9_-]+)/u.exec(mail?.text ?? '')?.[1];
    if (!link) throw new Error(`no invitation for ${email}`);
    return link;
  }

  it('answers 401 unauthenticated without a session and 403 without the CSRF header', async () => {
    const browser = new TestBrowser(stack);
    for (const [method, path] of [
      ['GET', '/auth/organizations'],
      ['POST', '/auth/organizations'],
      ['GET', '/auth/organizations/org_x'],
      ['GET', '/auth/organizations/org_x/members'],
      ['POST', '/auth/organizations/org_x/invitations'],
      ['POST', '/auth/invitations/accept'],
      ['GET', '/auth/organization-roles'],
    ] as const) {
      const response = await browser.request(method, path, method === 'POST' ? { json: {} } : {});
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(response.body).toMatchObject({ error: { code: 'unauthenticated' } });
    }
    const { browser: member } = await signedIn();
    const noCsrf = await member.request('POST', '/auth/organizations', { json: { name: 'A', slug: 'a-b' }, csrf: false });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body).toMatchObject({ error: { code: 'csrf_header_missing' } });
  });

  it('creates an organization for the session user, and passes the core’s stable codes through', async () => {
    const { browser } = await signedIn();
    const org = await createOrg(browser);
    expect((await browser.request('GET', '/auth/organizations')).body).toMatchObject({
      organizations: [{ id: org.id, slug: org.slug, role: 'owner' }],
      canCreate: true,
      personalAccounts: true,
    });
    const badSlug = await browser.request('POST', '/auth/organizations', { json: { name: 'Bad', slug: 'Not A Slug' } });
    expect(badSlug.status).toBe(400);
    expect(badSlug.body).toMatchObject({ error: { code: 'invalid_slug' } });
    const badEmail = await browser.request('POST', `/auth/organizations/${org.id}/invitations`, { json: { email: 'nope', role: 'member' } });
    expect(badEmail.body).toMatchObject({ error: { code: 'invalid_email' } });
    const badRole = await browser.request('POST', `/auth/organizations/${org.id}/invitations`, { json: { email: 'a@example.com', role: 'god' } });
    expect(badRole.body).toMatchObject({ error: { code: 'invalid_role' } });
    const badBody = await browser.request('POST', '/auth/organizations', { json: { name: 'X', slug: 'x-y', userId: 'someone-else' } });
    expect(badBody.status).toBe(400);
    expect(badBody.body).toMatchObject({ error: { code: 'invalid_request' } });
    const badId = await browser.request('GET', '/auth/organizations/..%2F..%2Fusers');
    expect(badId.status).toBe(404);
  });

  it('invites by email; the link lands on the app page, and the invitee accepts it with a POST', async () => {
    const { browser: owner } = await signedIn();
    const org = await createOrg(owner);
    const { browser: invitee, email } = await signedIn();
    const invited = await owner.request('POST', `/auth/organizations/${org.id}/invitations`, { json: { email, role: 'admin' } });
    expect(invited.status).toBe(201);

    const link = new URL(await invitationLink(owner, email));
    const landing = await invitee.request('GET', `${link.pathname}${link.search}`);
    expect(landing.status).toBe(303);
    const target = new URL(landing.headers.get('location') ?? '', stack.url);
    expect(target.pathname).toBe('/invitation');
    const token = target.searchParams.get('invitation') ?? '';
    expect(token).toBe(link.searchParams.get('token'));
    // Opening the link accepted nothing: scanners fetch links too.
    expect((await invitee.request('GET', '/auth/organizations')).body).toMatchObject({ organizations: [] });

    const preview = await new TestBrowser(stack).request('GET', `/auth/invitations/preview?token=${token}`);
    expect(preview.body).toMatchObject({ organization: { name: 'Acme', slug: org.slug }, email, role: 'admin' });
    const accepted = await invitee.request('POST', '/auth/invitations/accept', { json: { token } });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ id: org.id, role: 'admin' });
    const reused = await invitee.request('POST', '/auth/invitations/accept', { json: { token } });
    expect(reused.status).toBe(410);
    expect(reused.body).toMatchObject({ error: { code: 'invitation_used' } });

    const members = await owner.request('GET', `/auth/organizations/${org.id}/members?search=${encodeURIComponent(email)}`);
    expect((members.body as { members: { email: string; role: string }[] }).members).toEqual([expect.objectContaining({ email, role: 'admin' })]);
    const bad = await owner.request('GET', '/auth/invitations/accept?token=%3Cscript%3E');
    expect(bad.headers.get('location')).toBe('/invitation?invitation_error=invalid');
  });

  it('never shows or changes another organization: 404 org_not_found', async () => {
    const { browser: owner } = await signedIn();
    const org = await createOrg(owner);
    const { browser: outsider } = await signedIn();
    for (const [method, path, json] of [
      ['GET', `/auth/organizations/${org.id}`],
      ['PATCH', `/auth/organizations/${org.id}`, { name: 'Mine' }],
      ['GET', `/auth/organizations/${org.id}/members`],
      ['POST', `/auth/organizations/${org.id}/invitations`, { email: 'x@example.com', role: 'owner' }],
      ['GET', `/auth/organizations/${org.id}/domains`],
      ['POST', `/auth/organizations/${org.id}/domains`, { domain: 'evil.example' }],
      ['DELETE', `/auth/organizations/${org.id}/members/whoever`],
    ] as const) {
      const response = await outsider.request(method, path, json === undefined ? {} : { json });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.body).toMatchObject({ error: { code: 'org_not_found' } });
    }
    expect((await owner.request('GET', `/auth/organizations/${org.id}`)).body).toMatchObject({ name: 'Acme' });
  });

  it('keeps the last owner, and lets an owner with a recent sign-in delete the organization', async () => {
    const { browser: owner } = await signedIn();
    const org = await createOrg(owner);
    const session = (await owner.request('GET', '/auth/session')).body as { user: { id: string } };
    const leave = await owner.request('DELETE', `/auth/organizations/${org.id}/members/${session.user.id}`);
    expect(leave.status).toBe(409);
    expect(leave.body).toMatchObject({ error: { code: 'last_owner' } });
    expect((await owner.request('DELETE', `/auth/organizations/${org.id}`)).status).toBe(204);
    expect((await owner.request('GET', `/auth/organizations/${org.id}`)).status).toBe(404);
  });
});
