import type { Meta, StoryObj } from '@storybook/web-components-vite';
import {
  acmeDomainsVerified,
  acmeInvitationsAllStates,
  acmeOrganization,
  acmeTeam,
  globexSummary,
  organizationList,
  organizationRoles,
  signedInAtAcme,
} from '@latch/elements/fixtures';
import { en } from '@latch/elements';
import { fails, never, renderElement, type ElementStory } from './renderElement.ts';

/** `<latch-org-profile>`: an organization's settings, its sections by the user's permissions. */
const t = en.strings;

const owner: NonNullable<ElementStory['handlers']>['organizations'] = {
  listOrganizations: () => organizationList,
  getOrganization: () => acmeOrganization,
  listMembers: () => acmeTeam,
  listInvitations: () => acmeInvitationsAllStates,
  listDomains: () => acmeDomainsVerified,
  listOrganizationRoles: () => organizationRoles,
};

const meta = {
  title: 'Elements/Org profile',
  component: 'latch-org-profile',
  render: (args) => renderElement('latch-org-profile', { ...args, attributes: { 'organization-id': 'org_acme', ...args.attributes }, handlers: { getSession: () => signedInAtAcme, ...args.handlers } }),
  args: { handlers: { organizations: owner } },
} satisfies Meta<ElementStory>;

export default meta;
type Story = StoryObj<ElementStory>;

/** The owner's view: details, four members, a pending and an expired invitation, a verified and a pending domain, the policy. */
export const Owner: Story = {};

/** A plain member sees the details and members only. */
export const Member: Story = {
  args: {
    attributes: { 'organization-id': 'org_globex' },
    handlers: { organizations: { ...owner, getOrganization: () => ({ ...acmeOrganization, ...globexSummary }) } },
  },
};

/** Removing the last owner is refused (`last_owner`). */
export const LastOwner: Story = {
  args: {
    handlers: { organizations: { ...owner, removeMember: fails({ status: 409, code: 'last_owner', message: 'Last owner.' }) } },
    actions: [{ press: t['org.action.remove-member.label'].replace('{email}', 'ada@example.com') }],
  },
};

/** The TXT record is not there yet (`domain_verification_failed`). */
export const DomainNotVerified: Story = {
  args: {
    handlers: { organizations: { ...owner, verifyDomain: fails({ status: 422, code: 'domain_verification_failed', message: 'Not found.' }) } },
    actions: [{ press: t['org.action.verify-domain.label'].replace('{domain}', 'acme.example') }],
  },
};

/** Waiting for the organization. */
export const Loading: Story = {
  args: { handlers: { organizations: { ...owner, getOrganization: never } } },
};
