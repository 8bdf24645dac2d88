import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { consentPurposes, consentPurposesTermsBumped, errors } from '@latch/elements/fixtures';
import { fails, never, renderElement, type ElementStory } from './renderElement.ts';

/** `<latch-consent>`: the user's consents by purpose and version, each grantable and withdrawable. */
const meta = {
  title: 'Elements/Consent',
  component: 'latch-consent',
  render: (args) => renderElement('latch-consent', args),
  args: { handlers: { getConsents: () => ({ purposes: consentPurposes }) } },
} satisfies Meta<ElementStory>;

export default meta;
type Story = StoryObj<ElementStory>;

/** Terms (required, version 2, granted), marketing (granted) and analytics (never decided). */
export const Versions: Story = {};

/** The terms rose to version 3 after the user accepted version 2: marked outdated. */
export const VersionBumped: Story = {
  args: { handlers: { getConsents: () => ({ purposes: consentPurposesTermsBumped }) } },
};

/** Nothing to consent to. */
export const NoPurposes: Story = {
  args: { handlers: { getConsents: () => ({ purposes: [] }) } },
};

/** Waiting for the consents. */
export const Loading: Story = {
  args: { handlers: { getConsents: never } },
};

/** They could not be loaded (500). */
export const LoadFailed: Story = {
  args: { handlers: { getConsents: fails(errors.internal) } },
};
