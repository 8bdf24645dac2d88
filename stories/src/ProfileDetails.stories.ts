import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { errors, profileEmpty, profileFilled } from '@latch/elements/fixtures';
import { en } from '@latch/elements';
import { fails, never, renderElement, type ElementStory } from './renderElement.ts';

/** `<latch-profile-details>`: the custom profile fields the core declares (text, tel, select, multiselect, date, checkbox). */
const t = en.strings;

const meta = {
  title: 'Elements/Profile details',
  component: 'latch-profile-details',
  render: (args) => renderElement('latch-profile-details', args),
  args: { handlers: { getProfile: () => profileEmpty } },
} satisfies Meta<ElementStory>;

export default meta;
type Story = StoryObj<ElementStory>;

/** Nothing filled in yet. */
export const Empty: Story = {};

/** Every field has a value. */
export const Filled: Story = {
  args: { handlers: { getProfile: () => profileFilled } },
};

/** The server refused the phone number (`invalid_profile` with a field message). */
export const FieldError: Story = {
  args: {
    handlers: {
      getProfile: () => profileEmpty,
      updateProfile: fails({ status: 422, code: 'invalid_profile', message: 'Invalid profile.', fields: { phone: [{ code: 'pattern', message: 'Use digits, spaces and a leading +.' }] } }),
    },
    actions: [{ fill: 'Phone', value: 'call me' }, { press: t['profile-details.action.save'] }],
  },
};

/** Saved: the status says so. */
export const Saved: Story = {
  args: {
    handlers: { getProfile: () => profileEmpty, updateProfile: () => profileFilled },
    actions: [{ fill: 'Display name', value: 'Ada' }, { press: t['profile-details.action.save'] }],
  },
};

/** Too many saves (429). */
export const RateLimited: Story = {
  args: {
    handlers: { getProfile: () => profileFilled, updateProfile: fails(errors.rateLimited) },
    actions: [{ press: t['profile-details.action.save'] }],
  },
};

/** Waiting for the profile. */
export const Loading: Story = {
  args: { handlers: { getProfile: never } },
};

/** The core declares no profile fields. */
export const NoFields: Story = {
  args: { handlers: { getProfile: () => ({ fields: [] }) } },
};
