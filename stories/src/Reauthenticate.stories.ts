import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { errors, signInComplete, signInPassword, signInPasswordInvalidCredentials, signInTotp, signInTotpInvalid, signInTotpReplayed } from '@latch/elements/fixtures';
import { renderFlow, type FlowStoryArgs } from './renderFlow.ts';

/**
 * `<latch-reauthenticate>` ("Confirm it's you"): the signed-in user's own
 * sign-in flow, started at the password step with the address read-only,
 * then the authenticator code when one is set up.
 */
const meta = {
  title: 'Elements/Reauthenticate',
  component: 'latch-reauthenticate',
  render: (args) => renderFlow('latch-reauthenticate', args),
  args: { start: { flow: signInPassword }, latencyMs: 0 },
  argTypes: {
    latencyMs: { control: { type: 'range', min: 0, max: 3_000, step: 100 } },
  },
  parameters: { actions: { handles: ['latch:signed-in'] } },
} satisfies Meta<FlowStoryArgs>;

export default meta;
type Story = StoryObj<FlowStoryArgs>;

/** The password of the signed-in account, whose address is shown read-only; the button says Confirm. */
export const Password: Story = {};

/** A wrong password: announced in the alert region. */
export const WrongPassword: Story = {
  args: { submit: { values: { password: 'not my password' }, reply: { invalid: signInPasswordInvalidCredentials } } },
};

/** Too many wrong passwords (429 with Retry-After): the alert says when to try again. */
export const Locked: Story = {
  args: { submit: { values: { password: 'guess 11' }, reply: { error: errors.rateLimitedRetryAfter } } },
};

/** With an authenticator app: its code comes next. */
export const AuthenticatorCode: Story = {
  args: { start: { flow: signInTotp } },
};

/** A wrong authenticator code. */
export const WrongCode: Story = {
  args: { start: { flow: signInTotp }, submit: { values: { code: '000000' }, reply: { invalid: signInTotpInvalid } } },
};

/** A code that was already used (a replay): wait for the next one. */
export const ReplayedCode: Story = {
  args: { start: { flow: signInTotp }, submit: { values: { code: '123456' }, reply: { invalid: signInTotpReplayed } } },
};

/** Confirmed: `latch:signed-in` fires and the guarded action can be retried. */
export const Confirmed: Story = {
  args: { submit: { values: { password: 'correct horse battery staple' }, reply: { flow: signInComplete } } },
};
