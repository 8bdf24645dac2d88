import type { Meta, StoryObj } from '@storybook/web-components-vite';
import {
  errors,
  signInComplete,
  signInIdentifier,
  signInIdentifierInvalidEmail,
  signInPassword,
  signInPasswordInvalidCredentials,
  signInProfileStep,
  signInProfileStepInvalid,
  signInConsentDeclined,
  signInConsentStep,
  signInEmailCode,
  signInEmailCodeInvalid,
  signInIdentifierWithPasskey,
  signInOrganization,
  signInOrganizationMethodNotAllowed,
  signInOrganizationPasskey,
  signInOrganizationPreselected,
  signInOrganizationRecoveryCodes,
  signInOrganizationTotpEnroll,
  signInRecoveryCode,
  signInTotp,
  signInTotpInvalid,
} from '@latch/elements/fixtures';
import { renderFlow, type FlowStoryArgs } from './renderFlow.ts';

/**
 * `<latch-sign-in>` in every state of the recorded sign-in flow. Each story
 * is a replayed exchange with the BFF: the reply to `createFlow`, then at
 * most one submission and its reply, all from `@latch/elements/fixtures`.
 */
const meta = {
  title: 'Elements/Sign in',
  component: 'latch-sign-in',
  render: (args) => renderFlow('latch-sign-in', args),
  args: { start: { flow: signInIdentifier }, latencyMs: 0 },
  argTypes: {
    latencyMs: { control: { type: 'range', min: 0, max: 3_000, step: 100 } },
  },
  parameters: { actions: { handles: ['latch:signed-in'] } },
} satisfies Meta<FlowStoryArgs>;

export default meta;
type Story = StoryObj<FlowStoryArgs>;

const adaEmail = { email: 'ada@example.com' };

/** The first step: a labelled email input (`autocomplete="username"`) and Continue. */
export const Identifier: Story = {};

/** The email was accepted: it is shown read-only above the password, with a way back. */
export const Password: Story = {
  args: { start: { flow: signInPassword } },
};

/** The server refused the email (422 with a field message): the input is marked invalid and described by the message. */
export const InvalidEmail: Story = {
  args: { submit: { values: { email: 'ada@example' }, reply: { invalid: signInIdentifierInvalidEmail } } },
};

/** Wrong password (422 with a flow-level message): announced in the alert region. */
export const InvalidCredentials: Story = {
  args: {
    start: { flow: signInPassword },
    submit: { values: { password: 'not my password' }, reply: { invalid: signInPasswordInvalidCredentials } },
  },
};

/** Too many attempts (429): the form stays, the alert says to wait. */
export const RateLimited: Story = {
  args: {
    start: { flow: signInPassword },
    submit: { values: { password: 'guess 12' }, reply: { error: errors.rateLimited } },
  },
};

/** The flow expired (410) while the user was away: a new flow starts and the alert says why. */
export const Expired: Story = {
  args: { submit: { values: adaEmail, reply: { error: errors.flowExpired } } },
};

/** The submission never reached the server: the typed email is kept and the alert suggests checking the connection. */
export const NetworkError: Story = {
  args: { submit: { values: adaEmail, reply: { error: errors.network } } },
};

/** The server failed (500): a generic message, never the server's own text. */
export const ServerError: Story = {
  args: { submit: { values: adaEmail, reply: { error: errors.internal } } },
};

/** The flow could not even be created (offline): the alert and a Try again button. */
export const Unavailable: Story = {
  args: { start: { error: errors.network } },
};

/** Waiting for the server to create the flow. */
export const Loading: Story = {
  args: { start: { pending: true } },
};

/** A submission is on its way: the form is busy and its buttons disabled. */
export const Submitting: Story = {
  args: {
    start: { flow: signInPassword },
    submit: { values: { password: 'correct horse battery staple' }, reply: { pending: true } },
  },
};

/** The right password: the flow completes, `latch:signed-in` fires (see Actions) and the status says so. */
export const Complete: Story = {
  args: {
    start: { flow: signInPassword },
    submit: { values: { password: 'correct horse battery staple' }, reply: { flow: signInComplete } },
  },
};

/** A progressive-profiling rule was due (the 2nd sign-in): the server-labelled fields of the `profile` step, Save and continue or Skip for now. */
export const ProfileStep: Story = {
  args: { start: { flow: signInProfileStep } },
};

/** Profile values refused (the 422's flow, with field messages): each field is marked invalid and described by its message. */
export const ProfileStepInvalid: Story = {
  args: { start: { flow: signInProfileStepInvalid } },
};

/** A required purpose's version rose since the user accepted it: the consent step after the password, with what changed. */
export const ConsentStep: Story = {
  args: { start: { flow: signInConsentStep } },
};

/** The user declined the new terms: nobody is signed in and nothing is left to answer. */
export const ConsentDeclined: Story = {
  args: { start: { flow: signInConsentDeclined } },
};

/** Second factor, authenticator app: a one-time-code input and "Use a recovery code". */
export const Totp: Story = {
  args: { start: { flow: signInTotp } },
};

/** A wrong authenticator code (422 with a field message). */
export const TotpInvalid: Story = {
  args: { start: { flow: signInTotp }, submit: { values: { code: '000000' }, reply: { invalid: signInTotpInvalid } } },
};

/** Second factor, recovery code: one of the ten codes shown at enrollment. */
export const RecoveryCode: Story = {
  args: { start: { flow: signInRecoveryCode } },
};

/** First factor, email code: "Email me a sign-in code" was chosen; the code, resend and back. */
export const EmailCode: Story = {
  args: { start: { flow: signInEmailCode } },
};

/** A wrong email code. */
export const EmailCodeInvalid: Story = {
  args: { start: { flow: signInEmailCode }, submit: { values: { code: '000000' }, reply: { invalid: signInEmailCodeInvalid } } },
};

/** Passkeys on: the email field offers passkeys in autofill (`username webauthn`) and "Sign in with a passkey" is a button. */
export const Passkey: Story = {
  args: { start: { flow: signInIdentifierWithPasskey } },
};

/** After the factors, a member of organizations chooses the one the session starts in, or the personal account. */
export const Organization: Story = {
  args: { start: { flow: signInOrganization } },
};

/** Started for an organization (`<latch-sign-in organization="globex">` or `?organization=globex`): it is preselected. */
export const OrganizationPreselected: Story = {
  args: { start: { flow: signInOrganizationPreselected } },
};

/** The chosen organization does not allow the way this sign-in was made (422 `sign_in_method_not_allowed`). */
export const OrganizationMethodNotAllowed: Story = {
  args: { start: { flow: signInOrganizationMethodNotAllowed } },
};

/** The organization requires two-step verification the user lacks: an authenticator app is set up inside the sign-in. */
export const OrganizationTotpEnroll: Story = {
  args: { start: { flow: signInOrganizationTotpEnroll } },
};

/** The new factor's recovery codes, shown once before the session starts. */
export const OrganizationRecoveryCodes: Story = {
  args: { start: { flow: signInOrganizationRecoveryCodes } },
};

/** The organization requires two-step verification and the user has a passkey: "Use a passkey", or set up an app instead. */
export const OrganizationPasskey: Story = {
  args: { start: { flow: signInOrganizationPasskey } },
};
