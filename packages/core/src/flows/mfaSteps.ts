import type { FlowMessage } from './flowTypes.ts';
import { invalid, submitAction, type FieldTemplate, type FlowPrivateState, type StepDefinition, type StepDependencies, type StepOutcome } from './stepDefinition.ts';
import { messages } from './messages.ts';

export const totpCodeField: FieldTemplate = {
  name: 'code',
  type: 'text',
  autocomplete: 'one-time-code',
  inputMode: 'numeric',
  // Loose on purpose: "123 456" is accepted and normalised.
  constraints: { required: true, maxLength: 16 },
};

const recoveryCodeField: FieldTemplate = {
  name: 'recovery_code',
  type: 'text',
  autocomplete: 'off',
  constraints: { required: true, maxLength: 32 },
};

/**
 * After a first factor has identified the account: the outcome that asks for
 * the second one when the account has one (the `totp` step), else completes.
 * `amr` is what the first factor proved (`pwd`, `otp`).
 */
export async function afterFirstFactor(options: { deps: StepDependencies; state: FlowPrivateState; accountId: string; amr: string[] }): Promise<StepOutcome> {
  const { deps, state, accountId, amr } = options;
  if (deps.mfa && (await deps.mfa.isEnrolled(accountId))) {
    return {
      kind: 'next',
      state: { step: 'totp', clientId: state.clientId, email: state.email, accountId, amr },
    };
  }
  return { kind: 'complete', accountId, amr };
}

/** RFC 8176 values, first factor's first, without repeats. */
export function withSecondFactor(amr: string[] | undefined, added: string[]): string[] {
  return [...new Set([...(amr ?? []), ...added])];
}

function secondFactorMessage(reason: string): FlowMessage {
  return reason === 'replayed' ? messages.totpCodeUsed() : messages.invalidTotpCode();
}

/**
 * The second-factor steps of sign-in: a code from the authenticator app, or
 * one of the recovery codes instead. Both are reached only with
 * `state.accountId` set by a first factor; every answer counts against the
 * account's MFA rate limit, a TOTP code is accepted once (its time step is
 * recorded) and a recovery code is burnt when used.
 */
export const mfaChallengeSteps: Record<string, StepDefinition> = {
  totp: {
    fields: () => [totpCodeField],
    actions: [submitAction, { name: 'use-recovery-code', kind: 'secondary' }],
    async handle({ flowId, action, values, state, context, deps, audit }) {
      const { accountId } = state;
      if (!accountId || !deps.mfa) throw new Error('the totp step needs a first factor and deps.mfa');
      audit?.subject({ userId: accountId });
      if (action === 'use-recovery-code') return { kind: 'next', state: { ...state, step: 'recovery-code' } };
      const code = values.code?.trim() ?? '';
      if (!code) return invalid({ code: [messages.required()] });
      const result = await deps.mfa.checkTotp({ userId: accountId, code, context, flowId });
      if (!result.ok) return invalid({ code: [secondFactorMessage(result.reason)] });
      return { kind: 'complete', accountId, amr: withSecondFactor(state.amr, ['otp', 'mfa']) };
    },
  },
  'recovery-code': {
    fields: () => [recoveryCodeField],
    actions: [submitAction, { name: 'back-to-totp', kind: 'secondary' }],
    async handle({ flowId, action, values, state, context, deps, audit }) {
      const { accountId } = state;
      if (!accountId || !deps.mfa) throw new Error('the recovery-code step needs a first factor and deps.mfa');
      audit?.subject({ userId: accountId });
      if (action === 'back-to-totp') return { kind: 'next', state: { ...state, step: 'totp' } };
      const code = values.recovery_code?.trim() ?? '';
      if (!code) return invalid({ recovery_code: [messages.required()] });
      const result = await deps.mfa.useRecoveryCode({ userId: accountId, code, context, flowId });
      if (!result.ok) return invalid({ recovery_code: [messages.invalidRecoveryCode()] });
      return { kind: 'complete', accountId, amr: withSecondFactor(state.amr, ['mfa']) };
    },
  },
};
