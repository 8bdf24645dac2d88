import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { errors, mfaEnrolled, mfaNotEnrolled } from '@latch/elements/fixtures';
import { renderMfaEnroll, type MfaEnrollStoryArgs } from './renderMfaEnroll.ts';

/**
 * `<latch-mfa-enroll>` (two-step verification on the account page) in each
 * state: not set up, setting up (QR code and key), the recovery codes shown
 * once, a wrong code, set up, and "Confirm it's you" before a guarded change.
 */
const meta = {
  title: 'Elements/MFA enrollment',
  component: 'latch-mfa-enroll',
  render: (args) => renderMfaEnroll(args),
  args: { status: mfaNotEnrolled },
  parameters: { actions: { handles: ['latch:mfa-changed'] } },
} satisfies Meta<MfaEnrollStoryArgs>;

export default meta;
type Story = StoryObj<MfaEnrollStoryArgs>;

/** No authenticator app yet: the status and "Set up authenticator app". */
export const NotEnrolled: Story = {};

/** Setting up: the QR code (with alt text), the key to type instead, and a labelled one-time-code input. */
export const SettingUp: Story = {
  args: { action: 'setup' },
};

/** The first code was wrong (422 `invalid_code`): announced, and the input stays for another try. */
export const WrongCode: Story = {
  args: { action: 'verify', confirm: { error: errors.invalidMfaCode } },
};

/** The code was right: the ten recovery codes, shown once, and Done. */
export const RecoveryCodes: Story = {
  args: { action: 'verify' },
};

/** Set up: the status, the recovery codes left, and the guarded actions. */
export const Enrolled: Story = {
  args: { status: mfaEnrolled },
};

/** Removing the app after the sign-in got old (401 `reauthentication_required`): "Confirm it's you" appears inline. */
export const ConfirmItsYou: Story = {
  args: { status: mfaEnrolled, action: 'remove', remove: { error: errors.reauthenticationRequired } },
};
