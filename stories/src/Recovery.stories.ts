import type { Meta, StoryObj } from '@storybook/web-components-vite';
import {
  errors,
  recoveryCode,
  recoveryCodeInvalid,
  recoveryComplete,
  recoveryIdentifier,
  recoveryNewPassword,
  recoveryNewPasswordTooCommon,
} from '@latch/elements/fixtures';
import { renderFlow, type FlowStoryArgs } from './renderFlow.ts';

/**
 * `<latch-recovery>` (forgotten password) in every state of the recorded
 * recovery flow: the address, the emailed code, the new password.
 */
const meta = {
  title: 'Elements/Recovery',
  component: 'latch-recovery',
  render: (args) => renderFlow('latch-recovery', args),
  args: { start: { flow: recoveryIdentifier }, latencyMs: 0 },
  argTypes: {
    latencyMs: { control: { type: 'range', min: 0, max: 3_000, step: 100 } },
  },
  parameters: { actions: { handles: ['latch:signed-in'] } },
} satisfies Meta<FlowStoryArgs>;

export default meta;
type Story = StoryObj<FlowStoryArgs>;

/** The first step: the account's email address. Any well-formed address moves on, so the answer reveals nothing. */
export const Identifier: Story = {};

/** The emailed code: a one-time-code input, with "Send a new code" and a way back. */
export const EmailCode: Story = {
  args: { start: { flow: recoveryCode } },
};

/** A wrong code (422): the message is announced on the code input. */
export const InvalidCode: Story = {
  args: { start: { flow: recoveryCode }, submit: { values: { code: '000000' }, reply: { invalid: recoveryCodeInvalid } } },
};

/** The code was right: a new password (at least 15 characters, the core's default policy) with its strength meter. */
export const NewPassword: Story = {
  args: { start: { flow: recoveryNewPassword } },
};

/** A common password is refused on the field. */
export const PasswordTooCommon: Story = {
  args: {
    start: { flow: recoveryNewPassword },
    submit: { values: { password: 'iloveyouforever1' }, reply: { invalid: recoveryNewPasswordTooCommon } },
  },
};

/** Too many requests for this address (429 with Retry-After): the alert says when to try again. */
export const RateLimited: Story = {
  args: { submit: { values: { email: 'ada@example.com' }, reply: { error: errors.rateLimitedRetryAfter } } },
};

/** Saving the new password failed and was rolled back (503 `flow_step_failed`): nothing changed, try again. */
export const StepFailed: Story = {
  args: {
    start: { flow: recoveryNewPassword },
    submit: { values: { password: 'violet monsoon over glass tigers' }, reply: { error: errors.stepFailed } },
  },
};

/** The password was changed: signed in, every other session ended, `latch:signed-in` fires. */
export const Complete: Story = {
  args: {
    start: { flow: recoveryNewPassword },
    submit: { values: { password: 'violet monsoon over glass tigers' }, reply: { flow: recoveryComplete } },
  },
};
