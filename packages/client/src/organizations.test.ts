import { describe, expect, it, vi } from 'vitest';
import { createLatchClient, CSRF_HEADER, LatchApiError } from '@latch/client';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function recordingFetch(respond: (url: string, init: RequestInit) => Response) {
  const calls: { url: string; method: string; csrf: string | null; body: unknown }[] = [];
  const fetchFn = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    calls.push({ url: String(input), method: init.method ?? 'GET', csrf: new Headers(init.headers).get(CSRF_HEADER), body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined });
    return respond(String(input), init);
  });
  return { calls, fetch: fetchFn as unknown as typeof fetch };
}

const acme = { id: 'org_1', name: 'Acme', slug: 'acme', role: 'owner', permissions: ['org:read'] };

describe('organization methods of the client', () => {
  it('calls the BFF routes with encoded ids and the CSRF header on every state-changing one', async () => {
    const { calls, fetch } = recordingFetch((_url, init) => (init.method === 'DELETE' ? new Response(null, { status: 204 }) : json(200, { ok: true })));
    const client = createLatchClient({ fetch });
    await client.listOrganizations();
    await client.createOrganization({ name: 'Acme', slug: 'acme' });
    await client.updateOrganization({ id: 'org/1', patch: { policy: { requireMfa: true } } });
    await client.listMembers({ organizationId: 'org_1', search: 'ada@' });
    await client.changeMemberRole({ organizationId: 'org_1', userId: 'u1', role: 'admin' });
    await client.removeMember({ organizationId: 'org_1', userId: 'u1' });
    await client.inviteMember({ organizationId: 'org_1', email: 'ada@example.com', role: 'member' });
    await client.revokeInvitation({ organizationId: 'org_1', invitationId: 'inv_1' });
    await client.verifyDomain({ organizationId: 'org_1', domainId: 'dom_1' });
    await client.acceptInvitation({ token: 'tok' });
    expect(calls.map(({ url, method, csrf, body }) => [method, url, csrf, body])).toEqual([
      ['GET', '/auth/organizations', null, undefined],
      ['POST', '/auth/organizations', '1', { name: 'Acme', slug: 'acme' }],
      ['PATCH', '/auth/organizations/org%2F1', '1', { policy: { requireMfa: true } }],
      ['GET', '/auth/organizations/org_1/members?search=ada%40', null, undefined],
      ['PATCH', '/auth/organizations/org_1/members/u1', '1', { role: 'admin' }],
      ['DELETE', '/auth/organizations/org_1/members/u1', '1', undefined],
      ['POST', '/auth/organizations/org_1/invitations', '1', { email: 'ada@example.com', role: 'member' }],
      ['DELETE', '/auth/organizations/org_1/invitations/inv_1', '1', undefined],
      ['POST', '/auth/organizations/org_1/domains/dom_1/verify', '1', undefined],
      ['POST', '/auth/invitations/accept', '1', { token: 'tok' }],
    ]);
  });

  it('switches the organization and refreshes the session store', async () => {
    const session = { authenticated: true, user: { id: 'u1', email: 'ada@example.com', claims: {} }, expiresAt: '2030-01-01T00:00:00.000Z', organization: acme };
    const { calls, fetch } = recordingFetch((url) => (url === '/auth/session' ? json(200, session) : json(200, { organization: acme })));
    const client = createLatchClient({ fetch });
    await expect(client.switchOrganization({ organizationId: 'org_1' })).resolves.toEqual(acme);
    expect(calls[0]).toMatchObject({ method: 'PUT', url: '/auth/organizations/active', csrf: '1', body: { organizationId: 'org_1' } });
    expect(client.session.getSnapshot()).toMatchObject({ status: 'ready', session: { organization: { slug: 'acme' } } });
  });

  it('rejects with the stable code of a refusal', async () => {
    const { fetch } = recordingFetch(() => json(403, { error: { code: 'org_mfa_required', message: 'Set up MFA.' } }));
    const error = await createLatchClient({ fetch })
      .switchOrganization({ organizationId: 'org_1' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LatchApiError);
    expect(error).toMatchObject({ status: 403, code: 'org_mfa_required' });
  });

  it('starts a sign-in that preselects an organization, and never sends one with other flows', async () => {
    const flow = { id: 'flow_abcdefghijklmnop', type: 'sign-in', state: 'active', expiresAt: '2030-01-01T00:00:00.000Z', step: { name: 'identifier', fields: [], actions: [] }, messages: [] };
    const { calls, fetch } = recordingFetch(() => json(201, flow));
    const client = createLatchClient({ fetch });
    await client.createFlow({ type: 'sign-in', organization: 'acme & co', locale: 'de' });
    await client.createFlow({ type: 'sign-up', organization: 'acme' });
    expect(calls.map((call) => call.url)).toEqual(['/auth/flows/sign-in?locale=de&organization=acme+%26+co', '/auth/flows/sign-up']);
  });
});
