import { LatchError } from '../errors.ts';
import type { FlowMessage, RequestContext } from '../flows/flowTypes.ts';
import { messages } from '../flows/messages.ts';
import { totpCodeField, withSecondFactor } from '../flows/mfaSteps.ts';
import { passkeyAuthentication, readPasskeyResponse, signInLimits } from '../flows/signInSteps.ts';
import { invalid, submitAction, type FlowPrivateState, type StepDefinition, type StepDependencies, type StepOutcome } from '../flows/stepDefinition.ts';
import { methodAllowed } from './organizationPolicy.ts';

/** The organization steps' messages: stable codes, English fallback text. */
export const organizationMessages = {
  notAvailable: (): FlowMessage => ({ code: 'org_not_available', severity: 'error', text: 'Choose one of your organizations.' }),
  methodNotAllowed: (): FlowMessage => ({
    code: 'sign_in_method_not_allowed',
    severity: 'error',
    text: 'This organization does not allow the way you signed in. Choose another, or sign in again with a method it allows.',
  }),
  personalDisabled: (): FlowMessage => ({ code: 'personal_account_disabled', severity: 'error', text: 'Choose an organization: personal accounts are turned off.' }),
  mfaRequired: (): FlowMessage => ({ code: 'org_mfa_required', severity: 'info', text: 'This organization requires two-step verification.' }),
  mfaUnavailable: (): FlowMessage => ({
    code: 'org_mfa_unavailable',
    severity: 'error',
    text: 'This organization requires two-step verification, which cannot be set up here. Choose another.',
  }),
  enrollmentExpired: (): FlowMessage => ({ code: 'enrollment_expired', severity: 'error', text: 'The setup took too long. Choose the organization again to start over.' }),
};

const organizationField = 'organization';

/** What every organization step keeps: who signed in, how, and what the sign-in was started for. */
function base(state: FlowPrivateState): FlowPrivateState {
  return {
    step: state.step,
    ...(state.clientId ? { clientId: state.clientId } : {}),
    ...(state.email ? { email: state.email } : {}),
    ...(state.locale ? { locale: state.locale } : {}),
    ...(state.organizationHint ? { organizationHint: state.organizationHint } : {}),
    ...(state.accountId ? { accountId: state.accountId } : {}),
    ...(state.organizationChoices ? { organizationChoices: state.organizationChoices } : {}),
    amr: state.amr ?? [],
  };
}

/**
 * Run by the engine on every completed sign-in, after the consent check: a
 * user who belongs to organizations chooses the one the session starts in
 * (the `organization` step; the one the sign-in was started for is
 * preselected). Once chosen, every later completion of the flow comes back
 * here until the organization's policy is met: a second factor asked for
 * (step-up: the `totp` step) or set up (`organization-totp-enroll`) when it
 * requires one and this sign-in used none. The completion then names the
 * organization, and the grant starts in it.
 */
export async function organizationStepIfDue(
  outcome: Extract<StepOutcome, { kind: 'complete' }>,
  state: FlowPrivateState,
  deps: StepDependencies,
  context: RequestContext,
): Promise<StepOutcome> {
  const organizations = deps.organizations;
  if (!organizations || outcome.organizationId !== undefined) return outcome;
  const proven: FlowPrivateState = { ...state, accountId: outcome.accountId, amr: outcome.amr };
  if (state.organizationId === null) return { ...outcome, organizationId: null };
  if (typeof state.organizationId === 'string') return continueInOrganization({ ...proven, organizationId: state.organizationId }, deps, context);
  const choices = await organizations.signInChoices(outcome.accountId);
  if (choices.length === 0) return outcome;
  return {
    kind: 'next',
    state: { ...base(proven), step: 'organization', organizationChoices: choices.map(({ id, name, slug }) => ({ id, name, slug })) },
  };
}

/** The chosen organization's policy, met or asked for; `state.organizationId` names it. */
async function continueInOrganization(state: FlowPrivateState, deps: StepDependencies, context: RequestContext): Promise<StepOutcome> {
  const { accountId, organizationId } = state;
  const amr = state.amr ?? [];
  if (!accountId || typeof organizationId !== 'string' || !deps.organizations) throw corrupt();
  const choice = (await deps.organizations.signInChoices(accountId)).find((candidate) => candidate.id === organizationId);
  const backToChoice = (message: FlowMessage): StepOutcome => ({ kind: 'invalid', fieldMessages: { [organizationField]: [message] }, flowMessages: [message] });
  // Removed from the organization while signing in.
  if (!choice) return backToChoice(organizationMessages.notAvailable());
  if (!methodAllowed(choice.policy, amr)) return backToChoice(organizationMessages.methodNotAllowed());
  if (choice.policy.requireMfa && !amr.includes('mfa')) {
    const kept = { ...base(state), organizationId };
    if (deps.mfa && (await deps.mfa.isEnrolled(accountId))) {
      return { kind: 'next', state: { ...kept, step: 'totp' }, flowMessages: [organizationMessages.mfaRequired()] };
    }
    // A passkey the user already has proves a second factor without setting anything up.
    if (deps.passkeys && (await deps.passkeys.hasPasskey(accountId))) {
      return { kind: 'next', state: { ...kept, step: 'organization-passkey' }, flowMessages: [organizationMessages.mfaRequired()] };
    }
    const enrollment = await startTotpEnrollment(kept, deps, context);
    return enrollment ? { ...enrollment, flowMessages: [organizationMessages.mfaRequired()] } : backToChoice(organizationMessages.mfaUnavailable());
  }
  return { kind: 'complete', accountId, amr, organizationId };
}

/** The authenticator-app setup inside sign-in; `undefined` when this core cannot enroll one. */
async function startTotpEnrollment(state: FlowPrivateState, deps: StepDependencies, context: RequestContext): Promise<Extract<StepOutcome, { kind: 'next' }> | undefined> {
  if (!deps.mfaEnrollment || !state.accountId) return undefined;
  const started = await deps.mfaEnrollment.startTotpEnrollment({ userId: state.accountId, context });
  return {
    kind: 'next',
    state: { ...state, step: 'organization-totp-enroll', totpEnrollment: { enrollmentId: started.enrollmentId, secret: started.secret, uri: started.uri } },
  };
}

/** Back to the organization choice, forgetting the one chosen and anything begun for it. */
function backToOrganizationChoice(state: FlowPrivateState): FlowPrivateState {
  const { organizationId: _chosen, totpEnrollment: _enrollment, webauthnChallenge: _challenge, ...rest } = state;
  return { ...rest, step: 'organization' };
}

function corrupt(): LatchError {
  return new LatchError({ status: 500, code: 'flow_corrupt', message: 'The organization step has no account.' });
}

/**
 * `organization`: a select of the user's organizations, and the personal
 * account as a second action when the configuration allows one.
 * `organization-totp-enroll`: the authenticator app's setup key and a first
 * code (`back` returns to the choice). `organization-passkey`: one of the
 * user's passkeys as the second factor (or the app set up instead).
 * `organization-recovery-codes`: the recovery codes of the new factor, shown once.
 */
export const organizationSteps: Record<string, StepDefinition> = {
  organization: {
    fields: (state) => {
      const choices = state.organizationChoices ?? [];
      const hint = state.organizationHint;
      const preselected = hint === undefined ? undefined : choices.find((choice) => choice.id === hint || choice.slug === hint)?.id;
      return [
        {
          name: organizationField,
          type: 'select',
          constraints: { required: true },
          options: choices.map((choice) => ({ value: choice.id, label: choice.name })),
          ...(preselected ? { value: preselected } : {}),
        },
      ];
    },
    actions: [submitAction, { name: 'personal', kind: 'secondary' }],
    actionsFor: (_state, deps) => (deps.organizations?.options.personalAccounts === false ? [submitAction] : [submitAction, { name: 'personal', kind: 'secondary' }]),
    async handle({ action, values, state, context, deps, audit }) {
      const { accountId } = state;
      if (!accountId || !deps.organizations) throw corrupt();
      audit?.subject({ userId: accountId });
      if (action === 'personal') {
        if (!deps.organizations.options.personalAccounts) return invalid({}, [organizationMessages.personalDisabled()]);
        return { kind: 'complete', accountId, amr: state.amr ?? [], organizationId: null };
      }
      const chosen = values[organizationField]?.trim() ?? '';
      if (!chosen) return invalid({ [organizationField]: [messages.required()] });
      if (!(state.organizationChoices ?? []).some((choice) => choice.id === chosen)) return invalid({ [organizationField]: [organizationMessages.notAvailable()] });
      return continueInOrganization({ ...state, organizationId: chosen }, deps, context);
    },
  },
  'organization-totp-enroll': {
    fields: (state) => [
      // Read-only: the key to type into the authenticator app (a QR code needs no field of its own to be useful).
      { name: 'totp_secret', type: 'text', autocomplete: 'off', constraints: { required: false }, value: state.totpEnrollment?.secret ?? '', readOnly: true },
      totpCodeField,
    ],
    actions: [submitAction, { name: 'back', kind: 'secondary' }],
    async handle({ action, values, state, context, deps, audit }) {
      const { accountId, totpEnrollment } = state;
      if (!accountId || !deps.mfaEnrollment) throw corrupt();
      audit?.subject({ userId: accountId });
      if (action === 'back' || !totpEnrollment) {
        return { kind: 'next', state: backToOrganizationChoice(state), ...(totpEnrollment ? {} : { flowMessages: [organizationMessages.enrollmentExpired()] }) };
      }
      const code = values.code?.trim() ?? '';
      if (!code) return invalid({ code: [messages.required()] });
      let recoveryCodes: string[];
      try {
        ({ recoveryCodes } = await deps.mfaEnrollment.confirmTotpEnrollment({ userId: accountId, enrollmentId: totpEnrollment.enrollmentId, code, context }));
      } catch (error) {
        if (error instanceof LatchError && error.code === 'invalid_code') return invalid({ code: [messages.invalidTotpCode()] });
        if (error instanceof LatchError && error.code === 'enrollment_not_found') return invalid({}, [organizationMessages.enrollmentExpired()]);
        throw error;
      }
      // The code just typed proves the new factor: this sign-in now has two.
      const { totpEnrollment: _done, ...rest } = state;
      return { kind: 'next', state: { ...rest, step: 'organization-recovery-codes', amr: withSecondFactor(state.amr, ['otp', 'mfa']), recoveryCodes } };
    },
  },
  'organization-passkey': {
    fields: () => [],
    actions: [
      { name: 'passkey', kind: 'primary' },
      { name: 'set-up-app', kind: 'secondary' },
      { name: 'back', kind: 'secondary' },
    ],
    actionsFor: (_state, deps) => [
      { name: 'passkey', kind: 'primary' },
      ...(deps.mfaEnrollment ? [{ name: 'set-up-app', kind: 'secondary' } as const] : []),
      { name: 'back', kind: 'secondary' },
    ],
    ...passkeyAuthentication,
    async handle({ action, values, state, context, deps, audit }) {
      const { accountId } = state;
      if (!accountId || typeof state.organizationId !== 'string') throw corrupt();
      audit?.subject({ userId: accountId });
      if (action === 'back') return { kind: 'next', state: backToOrganizationChoice(state) };
      if (action === 'set-up-app') {
        const { webauthnChallenge: _challenge, ...rest } = state;
        const enrollment = await startTotpEnrollment(rest, deps, context);
        return enrollment ?? invalid({}, [organizationMessages.mfaUnavailable()]);
      }
      if (!deps.passkeys || !state.webauthnChallenge) return invalid({}, [messages.invalidPasskey()]);
      // Every answer draws a new challenge: an assertion is accepted once.
      const fresh: FlowPrivateState = { ...state, webauthnChallenge: deps.passkeys.newChallenge() };
      await deps.rateLimiter.consume(`sign-in:ip:${context.ip}`, signInLimits.perIp);
      const response = readPasskeyResponse(values);
      const result = response === undefined ? undefined : await deps.passkeys.verifyAuthentication({ response, expectedChallenge: state.webauthnChallenge });
      // Someone else's passkey proves nothing about this user.
      if (!result?.ok || result.userId !== accountId) {
        const refusal = result && !result.ok && result.reason === 'passkey_origin_mismatch' ? messages.passkeyOriginMismatch() : messages.invalidPasskey();
        return { kind: 'invalid', fieldMessages: {}, flowMessages: [refusal], state: fresh };
      }
      // A password (or emailed code) and a passkey are two factors, with or without user verification.
      const { webauthnChallenge: _used, ...rest } = state;
      return continueInOrganization({ ...rest, amr: withSecondFactor(state.amr, ['hwk', 'mfa']) }, deps, context);
    },
  },
  'organization-recovery-codes': {
    fields: (state) => [{ name: 'recovery_codes', type: 'text', autocomplete: 'off', constraints: { required: false }, value: (state.recoveryCodes ?? []).join(' '), readOnly: true }],
    actions: [submitAction],
    async handle({ state, audit }) {
      const { accountId, organizationId } = state;
      if (!accountId || typeof organizationId !== 'string') throw corrupt();
      audit?.subject({ userId: accountId });
      return { kind: 'complete', accountId, amr: state.amr ?? [], organizationId };
    },
  },
};
