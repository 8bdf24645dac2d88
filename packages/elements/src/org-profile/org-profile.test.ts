// @vitest-environment happy-dom
import { LatchApiError } from '@latch/client';
import { defineLatchElements, LatchOrgProfile } from '@latch/elements';
import {
  acmeDomains,
  acmeInvitations,
  acmeMembers,
  acmeOrganization,
  createFakeClient,
  globexSummary,
  organizationRoles,
  signedInAtAcme,
  type FakeClientHandlers,
} from '@latch/elements/fixtures';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getButton, getByLabelText, settle, type } from '../testing/dom.ts';

beforeAll(() => defineLatchElements());
afterEach(() => document.body.replaceChildren());

async function mount(handlers: FakeClientHandlers['organizations'] = {}, organizationId?: string) {
  const client = createFakeClient({
    getSession: () => signedInAtAcme,
    organizations: {
      getOrganization: () => acmeOrganization,
      listMembers: () => acmeMembers,
      listInvitations: () => acmeInvitations,
      listDomains: () => acmeDomains,
      listOrganizationRoles: () => organizationRoles,
      ...handlers,
    },
  });
  const element = document.createElement('latch-org-profile');
  if (organizationId) element.organizationId = organizationId;
  element.client = client;
  document.body.append(element);
  await settle(element);
  await settle(element);
  return { element, client };
}

const byAria = (root: ParentNode, label: string) => {
  const found = root.querySelector<HTMLElement>(`[aria-label="${label}"]`);
  if (!found) throw new Error(`nothing labelled ${label}`);
  return found;
};

describe('<latch-org-profile>', () => {
  it('shows the active organization’s members, invitations, domains (with the TXT record) and policy', async () => {
    const { element, client } = await mount();
    expect(element).toBeInstanceOf(LatchOrgProfile);
    expect(client.orgCalls[0]).toEqual(['getOrganization', { id: 'org_acme' }]);
    expect(element.querySelector('h2')?.textContent).toBe('Acme');
    expect([...element.querySelectorAll('section h3')].map((heading) => heading.textContent)).toEqual(['Details', 'Members', 'Invitations', 'Verified domains', 'Policy']);
    expect(getByLabelText(element, 'Name').value).toBe('Acme');
    expect(element.textContent).toContain('cleo@example.com, admin, pending');
    expect(element.textContent).toContain('_latch-verification.acme.example');
    expect(element.textContent).toContain('latch-verification=abc123');
    expect((byAria(element, 'Role of bob@example.com') as HTMLSelectElement).value).toBe('member');
  });

  it('changes a role, removes a member and sends an invitation', async () => {
    const { element, client } = await mount({ changeMemberRole: (options) => ({ ...acmeMembers.members[1]!, role: options.role }), removeMember: () => undefined, inviteMember: (options) => ({ ...acmeInvitations.invitations[0]!, email: options.email }) });
    const select = byAria(element, 'Role of bob@example.com') as HTMLSelectElement;
    select.value = 'admin';
    select.dispatchEvent(new Event('change'));
    await settle(element);
    expect(client.orgCalls).toContainEqual(['changeMemberRole', { organizationId: 'org_acme', userId: 'user-bob', role: 'admin' }]);
    await settle(element);
    expect(element.querySelector('[role="status"]')?.textContent).toBe('bob@example.com is now admin.');
    byAria(element, 'Remove bob@example.com').click();
    await settle(element);
    await settle(element);
    expect(client.orgCalls).toContainEqual(['removeMember', { organizationId: 'org_acme', userId: 'user-bob' }]);
    type(getByLabelText(element, 'Email address'), 'dan@example.com');
    getButton(element, 'Send invitation').closest('form')!.requestSubmit();
    await settle(element);
    await settle(element);
    expect(client.orgCalls.map(([name]) => name).slice(-6), element.querySelector('[role="alert"]')?.textContent ?? '').toContain('inviteMember');
    expect(client.orgCalls).toContainEqual(['inviteMember', { organizationId: 'org_acme', email: 'dan@example.com', role: 'member' }]);
    expect(element.querySelector('[role="status"]')?.textContent).toBe('Invitation sent to dan@example.com.');
  });

  it('announces refusals by their stable code', async () => {
    const { element } = await mount({
      removeMember: () => {
        throw new LatchApiError({ status: 409, code: 'last_owner', message: 'x' });
      },
      verifyDomain: () => {
        throw new LatchApiError({ status: 422, code: 'domain_verification_failed', message: 'x' });
      },
    });
    byAria(element, 'Remove bob@example.com').click();
    await settle(element);
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('An organization needs an owner');
    byAria(element, 'Verify acme.example').click();
    await settle(element);
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('could not find the TXT record');
  });

  it('shows a member only what their role allows', async () => {
    const { element, client } = await mount({ getOrganization: () => ({ ...acmeOrganization, ...globexSummary }) }, 'org_globex');
    expect([...element.querySelectorAll('section h3')].map((heading) => heading.textContent)).toEqual(['Members']);
    expect(element.querySelector('select')).toBeNull();
    expect(client.orgCalls.map(([name]) => name)).not.toContain('listInvitations');
  });

  it('saves the MFA policy', async () => {
    const { element, client } = await mount({ updateOrganization: (options) => ({ ...acmeOrganization, policy: { requireMfa: options.patch.policy?.requireMfa ?? false, allowedMethods: null } }) });
    const checkbox = element.querySelector<HTMLInputElement>('input[name="requireMfa"]')!;
    expect(checkbox.closest('label')?.textContent?.trim()).toBe('Require two-step verification for members');
    checkbox.checked = true;
    checkbox.closest('form')!.requestSubmit();
    await settle(element);
    expect(client.orgCalls).toContainEqual(['updateOrganization', { id: 'org_acme', patch: { policy: { requireMfa: true, allowedMethods: null }, domainJoin: 'offer' } }]);
  });

  it('saves the allowed sign-in methods: every method ticked allows any, fewer restrict', async () => {
    const { element, client } = await mount({ updateOrganization: () => acmeOrganization });
    const group = element.querySelector<HTMLFieldSetElement>('fieldset[data-field="allowedMethods"]')!;
    expect(group.querySelector('legend')?.textContent?.trim()).toBe('Allowed sign-in methods');
    const boxes = [...group.querySelectorAll<HTMLInputElement>('input[name="allowedMethods"]')];
    expect(boxes.map((box) => [box.value, box.checked, box.closest('label')?.textContent?.trim()])).toEqual([
      ['password', true, 'Password'],
      ['passkey', true, 'Passkey'],
      ['email_code', true, 'Emailed code'],
    ]);
    boxes[0]!.checked = false;
    group.closest('form')!.requestSubmit();
    await settle(element);
    expect(client.orgCalls).toContainEqual(['updateOrganization', { id: 'org_acme', patch: { policy: { requireMfa: false, allowedMethods: ['passkey', 'email_code'] }, domainJoin: 'offer' } }]);
  });
});
