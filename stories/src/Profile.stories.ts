import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { accountSessions, errors, mfaEnrolled, profileFilled, signInPassword } from '@latch/elements/fixtures';
import { en } from '@latch/elements';
import { fails, never, renderElement, type ElementStory } from './renderElement.ts';

/**
 * `<latch-profile>`: the signed-in user's account page, section by section,
 * on a fake BFF answering from `@latch/elements/fixtures`. Stories that
 * need a user's action replay it through the real buttons and inputs.
 */
const t = en.strings;

/** What every profile story's BFF answers unless the story says otherwise. */
const signedInAda: ElementStory['handlers'] = {
  listSessions: () => ({ sessions: accountSessions }),
  getMfa: () => mfaEnrolled,
  getProfile: () => profileFilled,
  // "Confirm it's you" (a step-up) starts at the password step.
  createFlow: () => signInPassword,
};

const meta = {
  title: 'Elements/Profile',
  component: 'latch-profile',
  render: (args) => renderElement('latch-profile', { ...args, handlers: { ...signedInAda, ...args.handlers } }),
  args: {},
  parameters: { actions: { handles: ['latch:account-changed', 'latch:signed-out'] } },
} satisfies Meta<ElementStory>;

export default meta;
type Story = StoryObj<ElementStory>;

/** Every section: details, email, password, two-step verification, two signed-in devices, privacy. */
export const AllSections: Story = {};

/** The account is still loading. */
export const Loading: Story = {
  args: { handlers: { getAccount: never, listSessions: never }, attributes: { sections: 'email sessions' } },
};

/** Signed-in devices: this laptop (current) and a phone, each with End session, and the bulk actions. */
export const Sessions: Story = {
  args: { attributes: { section: 'sessions' } },
};

/** "Change password" opened: current password (optional after a recent sign-in) and the new one. */
export const ChangePassword: Story = {
  args: { attributes: { section: 'password' }, actions: [{ press: t['profile.password.action.edit'] }] },
};

/** The current password was wrong: announced in the section's alert. */
export const WrongCurrentPassword: Story = {
  args: {
    attributes: { section: 'password' },
    handlers: { changePassword: fails({ status: 422, code: 'invalid_current_password', message: 'Wrong password.' }) },
    actions: [
      { press: t['profile.password.action.edit'] },
      { fill: t['profile.password.field.current'], value: 'not my password' },
      { fill: t['profile.password.field.new'], value: 'a brand new long passphrase' },
      { press: t['profile.password.action.save'] },
    ],
  },
};

/** A new address was entered: the code sent to it is asked for. */
export const EmailCodeSent: Story = {
  args: {
    attributes: { section: 'email' },
    actions: [{ press: t['profile.email.action.edit'] }, { fill: t['profile.email.field.new'], value: 'ada@new.example' }, { press: t['profile.email.action.send'] }],
  },
};

/** Privacy: consents, "Download my data" (a JSON export) and "Delete account". */
export const Privacy: Story = {
  args: { attributes: { section: 'privacy' } },
};

/** "Delete my account" pressed: the warning and "Delete permanently" or Cancel. */
export const DeleteConfirmation: Story = {
  args: { attributes: { section: 'privacy' }, actions: [{ press: t['profile.privacy.action.delete'] }] },
};

/** Deleting needs a recent sign-in: the server asks for one and "Confirm it's you" shows inline. */
export const DeleteNeedsReauthentication: Story = {
  args: {
    attributes: { section: 'privacy' },
    handlers: { deleteAccount: fails(errors.reauthenticationRequired) },
    actions: [{ press: t['profile.privacy.action.delete'] }, { press: t['profile.privacy.action.delete-confirm'] }],
  },
};
