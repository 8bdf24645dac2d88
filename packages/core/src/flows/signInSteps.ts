import type { FlowMessage } from './flowTypes.ts';
import { isEmailShaped, normalizeEmail, EMAIL_MAX_LENGTH } from '../users/email.ts';
import { answerEmailChallenge, codeField, sendEmailChallenge } from './emailCodes.ts';
import { messages } from './messages.ts';
import { afterFirstFactor, mfaChallengeSteps } from './mfaSteps.ts';
import { invalid, submitAction, type FlowPrivateState, type StepDefinition, type StepInput, type StepOutcome } from './stepDefinition.ts';

/** Per IP and per account; the account limit is what stops a targeted guesser. */
export const signInLimits = {
  perIp: { points: 50, windowSeconds: 300 },
  perAccount: { points: 10, windowSeconds: 900 },
};

const emailField = { name: 'email', type: 'email', autocomplete: 'username', constraints: { required: true, maxLength: EMAIL_MAX_LENGTH } } as const;

/** Where the identifier step's passkey ceremony puts its answer (a hidden value, never rendered). */
export const PASSKEY_RESPONSE_FIELD = 'passkey_response';

/** Largest serialised assertion accepted; real ones are about 1 KB. */
const PASSKEY_RESPONSE_MAX = 8192;

/**
 * What a step that accepts a passkey assertion (action `passkey`) declares:
 * the answer arrives as a value no field renders, a challenge is drawn on
 * entering the step, and the ceremony is offered as `step.webauthn`.
 */
export const passkeyAuthentication: Pick<StepDefinition, 'hidden' | 'enter' | 'webauthn'> = {
  hidden: { actions: [], fields: [PASSKEY_RESPONSE_FIELD] },
  enter: (state, deps) => (deps.passkeys ? { ...state, webauthnChallenge: deps.passkeys.newChallenge() } : state),
  webauthn: (state, deps) =>
    deps.passkeys && state.webauthnChallenge
      ? { kind: 'authenticate', action: 'passkey', field: PASSKEY_RESPONSE_FIELD, options: { ...deps.passkeys.authenticationOptions(state.webauthnChallenge) } }
      : undefined,
};

/**
 * Identifier first, then password. The identifier step accepts any
 * well-formed address and always moves on, so it reveals nothing about which
 * accounts exist.
 */
export const signInSteps: Record<string, StepDefinition> = {
  identifier: {
    // `webauthn` in the token lets the browser offer passkeys in the field's autofill (conditional UI).
    fields: (_state, deps) => [deps.passkeys ? { ...emailField, autocomplete: 'username webauthn' } : emailField],
    actions: [submitAction, { name: 'email-code', kind: 'secondary' }],
    actionsFor: (_state, deps) => [submitAction, { name: 'email-code', kind: 'secondary' }, ...(deps.passkeys ? [{ name: 'passkey', kind: 'secondary' } as const] : [])],
    ...passkeyAuthentication,
    async handle({ flowId, action, values, state, context, deps, audit }) {
      if (action === 'passkey') return signInWithPasskey({ values, state, context, deps, audit });
      const email = values.email?.trim() ?? '';
      if (!email) return invalid({ email: [messages.required()] });
      if (!isEmailShaped(email)) return invalid({ email: [messages.invalidEmail()] });
      if (action === 'email-code') {
        // Same answer whether or not the account exists: only an owner gets mail.
        const normalized = normalizeEmail(email);
        const user = await deps.users.findByEmail(normalized);
        const challenge = await sendEmailChallenge({ deps, flowId, clientId: state.clientId, email: normalized, mail: user ? 'sign-in-code' : 'none', ip: context.ip });
        return { kind: 'next', state: { step: 'sign-in-code', clientId: state.clientId, email: normalized, challenge } };
      }
      return { kind: 'next', state: { step: 'password', clientId: state.clientId, email: normalizeEmail(email) } };
    },
  },
  password: {
    fields: (state) => [
      { ...emailField, value: state.email ?? '', readOnly: true },
      { name: 'password', type: 'password', autocomplete: 'current-password', constraints: { required: true, maxLength: 1024 } },
    ],
    actions: [submitAction, { name: 'back', kind: 'secondary' }],
    async handle({ action, values, state, context, deps }) {
      if (action === 'back') return { kind: 'next', state: { step: 'identifier', clientId: state.clientId } };
      const password = values.password ?? '';
      if (!password) return invalid({ password: [messages.required()] });
      const email = state.email ?? '';
      await deps.rateLimiter.consume(`sign-in:ip:${context.ip}`, signInLimits.perIp);
      await deps.rateLimiter.consume(`sign-in:account:${email}`, signInLimits.perAccount);
      const user = await deps.users.findByEmail(email);
      const ok = await deps.hasher.verify(user?.passwordHash ?? null, password);
      if (!user?.passwordHash || !ok) return invalid({}, [messages.invalidCredentials()]);
      await deps.rateLimiter.reset(`sign-in:account:${email}`);
      if (deps.hasher.needsRehash(user.passwordHash)) {
        // The only moment the plain password is at hand: bring the hash up to
        // the configured argon2 cost. Best effort: the old hash still verifies,
        // and the next sign-in tries again.
        try {
          await deps.users.replacePasswordHash({ id: user.id, from: user.passwordHash, to: await deps.hasher.hash(password) });
        } catch {
          // not worth failing a correct sign-in over
        }
      }
      return afterFirstFactor({ deps, state, accountId: user.id, amr: ['pwd'] });
    },
  },
  'sign-in-code': {
    fields: (state) => [{ ...emailField, value: state.email ?? '', readOnly: true }, codeField],
    actions: [submitAction, { name: 'resend', kind: 'secondary' }, { name: 'back', kind: 'secondary' }],
    hidden: { actions: ['link'], fields: ['token'] },
    async handle({ flowId, action, values, state, context, deps }) {
      if (action === 'back') return { kind: 'next', state: { step: 'identifier', clientId: state.clientId } };
      const email = state.email ?? '';
      if (action === 'resend') {
        const user = await deps.users.findByEmail(email);
        const challenge = await sendEmailChallenge({ deps, flowId, clientId: state.clientId, email, mail: user ? 'sign-in-code' : 'none', ip: context.ip });
        return { kind: 'next', state: { ...state, challenge }, flowMessages: [messages.codeSent()] };
      }
      // `link` is the magic link's token; the BFF submits it only from the
      // browser that asked for the code, so a forwarded link signs no one in.
      const byLink = action === 'link';
      const answer = byLink ? (values.token ?? '') : (values.code ?? '');
      if (!answer) return byLink ? invalid({}, [messages.invalidCode()]) : invalid({ code: [messages.required()] });
      await deps.rateLimiter.consume(`sign-in:ip:${context.ip}`, signInLimits.perIp);
      const refusal = await answerEmailChallenge({ deps, flowId, challenge: state.challenge, kind: byLink ? 'token' : 'code', answer });
      const user = refusal ? undefined : await deps.users.findByEmail(email);
      if (!user) {
        const message = refusal ?? messages.invalidCode();
        return byLink ? invalid({}, [message]) : invalid({ code: [message] });
      }
      // The code reached the mailbox: that proves the address too.
      if (!user.emailVerified) await deps.users.markEmailVerified(user.id);
      return afterFirstFactor({ deps, state, accountId: user.id, amr: ['otp'] });
    },
  },
  // An account with a second factor is asked for it after either first factor.
  ...mfaChallengeSteps,
};

/**
 * Usernameless sign-in: the browser answered the identifier step's challenge
 * with a discoverable credential, which names the account. The challenge is
 * replaced whatever the outcome, so an answer is accepted once. A passkey
 * with user verification (PIN, biometrics) is two factors in one, so it
 * completes the sign-in with `mfa` in `amr`; one without it (presence only)
 * counts as a first factor and an enrolled second factor is still asked for.
 */
async function signInWithPasskey(input: Pick<StepInput, 'values' | 'state' | 'context' | 'deps' | 'audit'>): Promise<StepOutcome> {
  const { values, state, context, deps, audit } = input;
  if (!deps.passkeys || !state.webauthnChallenge) return invalid({}, [messages.invalidPasskey()]);
  const fresh: FlowPrivateState = { ...state, webauthnChallenge: deps.passkeys.newChallenge() };
  await deps.rateLimiter.consume(`sign-in:ip:${context.ip}`, signInLimits.perIp);
  const response = readPasskeyResponse(values);
  const result = response === undefined ? ({ ok: false, reason: 'invalid_passkey' } as const) : await deps.passkeys.verifyAuthentication({ response, expectedChallenge: state.webauthnChallenge });
  if (!result.ok) return refusedPasskey(result.reason === 'passkey_origin_mismatch' ? messages.passkeyOriginMismatch() : messages.invalidPasskey(), fresh);
  audit?.subject({ userId: result.userId });
  const user = await deps.users.findById(result.userId);
  if (!user) return refusedPasskey(messages.invalidPasskey(), fresh);
  audit?.subject({ identifier: user.email });
  if (result.userVerified) return { kind: 'complete', accountId: user.id, amr: ['hwk', 'user', 'mfa'] };
  return afterFirstFactor({ deps, state: { step: 'identifier', clientId: state.clientId, email: user.email }, accountId: user.id, amr: ['hwk', 'user'] });
}

/** The browser's serialised assertion from a step's submission; `undefined` when missing, oversized or not JSON. */
export function readPasskeyResponse(values: Readonly<Record<string, string>>): unknown {
  const raw = values[PASSKEY_RESPONSE_FIELD] ?? '';
  if (raw.length === 0 || raw.length > PASSKEY_RESPONSE_MAX) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

function refusedPasskey(message: FlowMessage, state: FlowPrivateState): StepOutcome {
  return { kind: 'invalid', fieldMessages: {}, flowMessages: [message], state };
}
