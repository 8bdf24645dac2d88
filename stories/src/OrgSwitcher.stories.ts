import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { acmeOrganization, manyOrganizations, organizationList, signedInAtAcme } from '@latch/elements/fixtures';
import { en } from '@latch/elements';
import { fails, never, renderElement, type ElementStory } from './renderElement.ts';

/** `<latch-org-switcher>`: the organization the session acts in, and a listbox to switch. */
const t = en.strings;
const openList = { press: t['org.switcher.button'].replace('{name}', 'Acme') };

const meta = {
  title: 'Elements/Org switcher',
  component: 'latch-org-switcher',
  render: (args) => renderElement('latch-org-switcher', { ...args, handlers: { getSession: () => signedInAtAcme, ...args.handlers } }),
  args: { handlers: { organizations: { listOrganizations: () => organizationList } } },
  parameters: { actions: { handles: ['latch:org-changed'] } },
} satisfies Meta<ElementStory>;

export default meta;
type Story = StoryObj<ElementStory>;

/** Closed: acting in Acme. */
export const Closed: Story = {};

/** Open: personal account, Acme (owner), Globex (member). */
export const Open: Story = {
  args: { actions: [openList] },
};

/** A consultant in 25 organizations: the open list scrolls. */
export const ManyOrganizations: Story = {
  args: { handlers: { organizations: { listOrganizations: () => manyOrganizations } }, actions: [openList] },
};

/** Globex requires two-step verification: the switch is refused and announced. */
export const MfaRequired: Story = {
  args: {
    handlers: {
      organizations: {
        listOrganizations: () => organizationList,
        switchOrganization: fails({ status: 403, code: 'org_mfa_required', message: 'MFA required.' }),
      },
    },
    actions: [openList, { press: 'Globex member' }],
  },
};

/** "Create organization": name and slug. */
export const Create: Story = {
  args: { actions: [{ press: t['org.switcher.create'] }] },
};

/** The slug is taken (409). */
export const SlugTaken: Story = {
  args: {
    handlers: { organizations: { listOrganizations: () => organizationList, createOrganization: fails({ status: 409, code: 'slug_taken', message: 'Slug taken.' }) } },
    actions: [{ press: t['org.switcher.create'] }, { fill: t['org.field.name'], value: 'Acme' }, { fill: t['org.field.slug'], value: acmeOrganization.slug }, { press: t['org.switcher.create.submit'] }],
  },
};

/** Waiting for the organizations. */
export const Loading: Story = {
  args: { handlers: { organizations: { listOrganizations: never } } },
};
