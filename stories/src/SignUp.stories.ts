import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { errors, signUpComplete, signUpCredentials, signUpPasswordTooShort, signUpWithConsents } from '@latch/elements/fixtures';
import { renderFlow, type FlowStoryArgs } from './renderFlow.ts';

/**
 * `<latch-sign-up>` in every state of the recorded sign-up flow, replayed
 * from `@latch/elements/fixtures` like the sign-in stories.
 */
const meta = {
  title: 'Elements/Sign up',
  component: 'latch-sign-up',
  render: (args) => renderFlow('latch-sign-up', args),
  args: { start: { flow: signUpCredentials }, latencyMs: 0 },
  argTypes: {
    latencyMs: { control: { type: 'range', min: 0, max: 3_000, step: 100 } },
  },
  parameters: { actions: { handles: ['latch:signed-in'] } },
} satisfies Meta<FlowStoryArgs>;

export default meta;
type Story = StoryObj<FlowStoryArgs>;

const grace = { email: 'grace@example.com', password: 'correct horse battery staple' };

/** The only step: email (`autocomplete="email"`) and a new password (`autocomplete="new-password"`). */
export const Credentials: Story = {};

/** With consent purposes configured: one unticked checkbox per purpose, required ones marked, the policy linked. */
export const WithConsents: Story = {
  args: { start: { flow: signUpWithConsents } },
};

/**
 * The server's password policy refused the password (422 with a field message naming the minimum).
 * The browser's `minlength` counts UTF-16 code units, the server counts characters: eight emoji (16 code units, 8 characters, against the minimum of 15)
 * pass the one and fail the other, which is how a user gets past the browser to this message.
 */
export const PasswordTooShort: Story = {
  args: { submit: { values: { email: 'grace@example.com', password: '🔑🔑🔑🔑🔑🔑🔑🔑' }, reply: { invalid: signUpPasswordTooShort } } },
};

/** Too many sign-ups from here (429). */
export const RateLimited: Story = {
  args: { submit: { values: grace, reply: { error: errors.rateLimited } } },
};

/** The flow expired (410): a new one starts and the alert says why. */
export const Expired: Story = {
  args: { submit: { values: grace, reply: { error: errors.flowExpired } } },
};

/** The submission never reached the server: the form is left as typed, so Create account can simply be pressed again. */
export const NetworkError: Story = {
  args: { submit: { values: grace, reply: { error: errors.network } } },
};

/** The flow could not be created (offline): the alert and a Try again button. */
export const Unavailable: Story = {
  args: { start: { error: errors.network } },
};

/** Waiting for the server to create the flow. */
export const Loading: Story = {
  args: { start: { pending: true } },
};

/** The account is being created: busy form, disabled button. */
export const Submitting: Story = {
  args: { submit: { values: grace, reply: { pending: true } } },
};

/** The account exists and the user is signed in: `latch:signed-in` fires and the status says so. */
export const Complete: Story = {
  args: { submit: { values: grace, reply: { flow: signUpComplete } } },
};
