import { isEmailShaped, normalizeEmail, EMAIL_MAX_LENGTH } from '../users/email.ts';
import { answerEmailChallenge, codeField, sendEmailChallenge } from './emailCodes.ts';
import { messages } from './messages.ts';
import { randomBytes } from 'node:crypto';
import { invalid, submitAction, type FlowPrivateState, type StepDefinition, type StepOutcome } from './stepDefinition.ts';
import type { FlowMessage } from './flowTypes.ts';
import { checkNewPassword, type PasswordRefusal } from '../passwords/checkNewPassword.ts';
import { createUserWithConsents, signUpConsentFields, signUpConsents } from '../consent/consentSteps.ts';

export const signUpLimits = { perIp: { points: 20, windowSeconds: 3600 } };

/** Where the passkey ceremony's answer goes, as at sign-in. */
const PASSKEY_RESPONSE_FIELD = 'passkey_response';

/**
 * Email and password, then (by default) the emailed code or link that
 * confirms the address; only then does the account exist. With verification
 * a taken address is answered exactly like a new one; without it, a taken
 * address answers `email_unavailable` in the same shape and time as any other
 * refusal (see the core README for why that cannot hide more).
 */
export const signUpSteps: Record<string, StepDefinition> = {
  credentials: {
    fields: (state, deps) => [
      { name: 'email', type: 'email', autocomplete: 'email', constraints: { required: true, maxLength: EMAIL_MAX_LENGTH } },
      {
        name: 'password',
        type: 'new-password',
        autocomplete: 'new-password',
        constraints: { required: true, minLength: deps.passwordPolicy.minLength, maxLength: deps.passwordPolicy.maxLength },
      },
      ...signUpConsentFields(deps, state.locale),
    ],
    // `passkey`: sign up without a password; the address is verified first, then a passkey is created.
    actions: [submitAction],
    // Only where the address is verified first: the passkey must belong to its owner.
    actionsFor: (_state, deps) => (deps.passkeys && deps.email?.requireVerificationAtSignUp ? [submitAction, { name: 'passkey', kind: 'secondary' }] : [submitAction]),
    async handle({ flowId, action, values, state, context, deps }) {
      const email = values.email?.trim() ?? '';
      const consents = signUpConsents(deps, values, state.locale);
      if (action === 'passkey') return startPasskeySignUp({ flowId, email, state, context, deps, consents });
      const password = values.password ?? '';
      const errors: Record<string, FlowMessage[]> = { ...consents.errors };
      if (!email) errors.email = [messages.required()];
      else if (!isEmailShaped(email)) errors.email = [messages.invalidEmail()];
      const refusal = password ? await checkNewPassword({ password, email: errors.email ? undefined : email, policy: deps.passwordPolicy }) : undefined;
      if (!password) errors.password = [messages.required()];
      else if (refusal) errors.password = [passwordMessage(refusal)];
      if (Object.keys(errors).length > 0) return invalid(errors);

      await deps.rateLimiter.consume(`sign-up:ip:${context.ip}`, signUpLimits.perIp);
      const passwordHash = await deps.hasher.hash(password);
      if (deps.email?.requireVerificationAtSignUp) {
        // Nothing is created yet: an unconfirmed sign-up holds no address, so
        // it cannot stand in the way of the real owner. A taken address gets
        // the same answer and a "you already have an account" email instead
        // of a code, so the answer reveals nothing and cannot be completed.
        const normalized = normalizeEmail(email);
        const existing = await deps.users.findByEmail(normalized);
        const challenge = await sendEmailChallenge({
          deps,
          flowId,
          clientId: state.clientId,
          email: normalized,
          mail: existing ? 'account-exists' : 'verify-email',
          ip: context.ip,
        });
        return { kind: 'next', state: { step: 'verify-email', clientId: state.clientId, email: normalized, passwordHash, challenge, consents: consents.decisions } };
      }
      const user = await createUserWithConsents(deps, { email, passwordHash }, { consents: consents.decisions }, context);
      if (!user) return invalid({ email: [messages.emailUnavailable()] });
      return { kind: 'complete', accountId: user.id, amr: ['pwd'] };
    },
  },
  'verify-email': {
    fields: (state) => [{ ...readOnlyEmail, value: state.email ?? '' }, codeField],
    actions: [submitAction, { name: 'resend', kind: 'secondary' }, { name: 'back', kind: 'secondary' }],
    hidden: { actions: ['link'], fields: ['token'] },
    async handle({ flowId, action, values, state, context, deps }) {
      if (action === 'back') return { kind: 'next', state: { step: 'credentials', clientId: state.clientId } };
      const email = state.email ?? '';
      if (action === 'resend') {
        const existing = await deps.users.findByEmail(email);
        const challenge = await sendEmailChallenge({ deps, flowId, clientId: state.clientId, email, mail: existing ? 'account-exists' : 'verify-email', ip: context.ip });
        return { kind: 'next', state: { ...state, challenge }, flowMessages: [messages.codeSent()] };
      }
      const byLink = action === 'link';
      const answer = byLink ? (values.token ?? '') : (values.code ?? '');
      if (!answer) return byLink ? invalid({}, [messages.invalidCode()]) : invalid({ code: [messages.required()] });
      const refusal = await answerEmailChallenge({ deps, flowId, challenge: state.challenge, kind: byLink ? 'token' : 'code', answer });
      if (refusal) return byLink ? invalid({}, [refusal]) : invalid({ code: [refusal] });
      // Only a real sign-up holds a challenge someone could answer; the taken
      // address's was never mailed. Should the address have been taken since
      // (its owner confirmed another sign-up first), refuse like a wrong code.
      if (state.passkeyOnly) {
        // Only the sign-up that mailed a real code gets here (a taken address got no code).
        return {
          kind: 'next',
          state: { step: 'passkey-register', clientId: state.clientId, email, passkeyOnly: true, passkeyUserHandle: randomBytes(16).toString('base64url'), consents: state.consents },
        };
      }
      const user = state.passwordHash ? await createUserWithConsents(deps, { email, passwordHash: state.passwordHash, emailVerified: true }, state, context) : undefined;
      if (!user) return byLink ? invalid({}, [messages.invalidCode()]) : invalid({ code: [messages.invalidCode()] });
      // A link may be opened in another browser, which must not be signed in:
      // the flow waits on `email-verified` for the browser that started it.
      if (byLink) return { kind: 'next', state: { step: 'email-verified', clientId: state.clientId, email, accountId: user.id } };
      return { kind: 'complete', accountId: user.id, amr: ['pwd'] };
    },
  },
  'passkey-register': {
    fields: (state) => [{ ...readOnlyEmail, value: state.email ?? '' }],
    actions: [{ name: 'passkey', kind: 'primary' }, { name: 'back', kind: 'secondary' }],
    hidden: { actions: [], fields: [PASSKEY_RESPONSE_FIELD] },
    enter: (state, deps) => (deps.passkeys ? { ...state, webauthnChallenge: deps.passkeys.newChallenge() } : state),
    webauthn: (state, deps) =>
      deps.passkeys && state.webauthnChallenge && state.passkeyUserHandle
        ? {
            kind: 'register',
            action: 'passkey',
            field: PASSKEY_RESPONSE_FIELD,
            options: { ...deps.passkeys.creationOptions({ challenge: state.webauthnChallenge, userHandle: state.passkeyUserHandle, userName: state.email ?? '' }) },
          }
        : undefined,
    async handle({ action, values, state, context, deps, audit }) {
      if (action === 'back') return { kind: 'next', state: { step: 'credentials', clientId: state.clientId } };
      if (!deps.passkeys || !state.webauthnChallenge || !state.email) return invalid({}, [messages.invalidPasskey()]);
      const fresh: FlowPrivateState = { ...state, webauthnChallenge: deps.passkeys.newChallenge() };
      const raw = values[PASSKEY_RESPONSE_FIELD] ?? '';
      await deps.rateLimiter.consume(`sign-up:ip:${context.ip}`, signUpLimits.perIp);
      let response: unknown;
      try {
        response = raw.length > 0 && raw.length <= 8192 ? JSON.parse(raw) : undefined;
      } catch {
        response = undefined;
      }
      const verified = response === undefined ? ({ ok: false, reason: 'invalid_passkey' } as const) : await deps.passkeys.verifyNewCredential({ response, expectedChallenge: state.webauthnChallenge });
      if (!verified.ok) return refused(verified.reason === 'passkey_origin_mismatch' ? messages.passkeyOriginMismatch() : messages.invalidPasskey(), fresh);
      // Verified before anything is written; the address may have been taken since.
      const user = await createUserWithConsents(deps, { email: state.email, passwordHash: null, emailVerified: true }, state, context);
      if (!user) return refused(messages.invalidCode(), fresh);
      audit?.subject({ userId: user.id });
      const saved = await deps.passkeys.save({ userId: user.id, credential: verified.credential, context });
      // Only a credential registered by someone else between the check above and
      // now fails here; the verified, passwordless account stays, reachable by email code.
      if (!saved) return refused(messages.invalidPasskey(), fresh);
      return { kind: 'complete', accountId: user.id, amr: verified.credential.userVerified ? ['hwk', 'user', 'mfa'] : ['hwk', 'user'] };
    },
  },
  'email-verified': {
    fields: (state) => [{ ...readOnlyEmail, value: state.email ?? '' }],
    actions: [submitAction],
    async handle({ state }) {
      if (!state.accountId) throw new Error('email-verified without an account');
      return { kind: 'complete', accountId: state.accountId, amr: ['pwd'] };
    },
  },
};

const readOnlyEmail = { name: 'email', type: 'email', autocomplete: 'email', constraints: { required: true, maxLength: EMAIL_MAX_LENGTH }, readOnly: true } as const;

export function passwordMessage(refusal: PasswordRefusal): FlowMessage {
  switch (refusal.code) {
    case 'password_too_short':
      return messages.passwordTooShort(refusal.min);
    case 'password_too_long':
      return messages.passwordTooLong(refusal.max);
    case 'password_contains_email':
      return messages.passwordContainsEmail();
    case 'password_too_common':
      return messages.passwordTooCommon();
  }
}

function refused(message: FlowMessage, state: FlowPrivateState): StepOutcome {
  return { kind: 'invalid', fieldMessages: {}, flowMessages: [message], state };
}

/** The passkey-only sign-up's first step: the same enumeration-safe verification email as with a password. */
async function startPasskeySignUp(input: {
  flowId: string;
  email: string;
  state: FlowPrivateState;
  context: { ip: string };
  deps: Parameters<StepDefinition['handle']>[0]['deps'];
  consents: ReturnType<typeof signUpConsents>;
}): Promise<StepOutcome> {
  const { flowId, email, state, context, deps, consents } = input;
  const emailError = !email ? messages.required() : !isEmailShaped(email) ? messages.invalidEmail() : undefined;
  if (emailError || Object.keys(consents.errors).length > 0) return invalid({ ...consents.errors, ...(emailError ? { email: [emailError] } : {}) });
  if (!deps.passkeys || !deps.email?.requireVerificationAtSignUp) return invalid({}, [messages.invalidPasskey()]);
  await deps.rateLimiter.consume(`sign-up:ip:${context.ip}`, signUpLimits.perIp);
  const normalized = normalizeEmail(email);
  const existing = await deps.users.findByEmail(normalized);
  const challenge = await sendEmailChallenge({ deps, flowId, clientId: state.clientId, email: normalized, mail: existing ? 'account-exists' : 'verify-email', ip: context.ip });
  return { kind: 'next', state: { step: 'verify-email', clientId: state.clientId, email: normalized, passkeyOnly: true, challenge, consents: consents.decisions } };
}
