import { isEmailShaped, normalizeEmail, EMAIL_MAX_LENGTH } from '../users/email.ts';
import { answerEmailChallenge, codeField, sendEmailChallenge } from './emailCodes.ts';
import { messages } from './messages.ts';
import { invalid, submitAction, type StepDefinition } from './stepDefinition.ts';
import type { FlowMessage } from './flowTypes.ts';
import { checkNewPassword, type PasswordRefusal } from '../passwords/checkNewPassword.ts';

export const signUpLimits = { perIp: { points: 20, windowSeconds: 3600 } };

/**
 * Email and password, then (by default) the emailed code or link that
 * confirms the address; only then does the account exist. With verification
 * a taken address is answered exactly like a new one; without it, a taken
 * address answers `email_unavailable` in the same shape and time as any other
 * refusal (see the core README for why that cannot hide more).
 */
export const signUpSteps: Record<string, StepDefinition> = {
  credentials: {
    fields: (_state, deps) => [
      { name: 'email', type: 'email', autocomplete: 'email', constraints: { required: true, maxLength: EMAIL_MAX_LENGTH } },
      {
        name: 'password',
        type: 'new-password',
        autocomplete: 'new-password',
        constraints: { required: true, minLength: deps.passwordPolicy.minLength, maxLength: deps.passwordPolicy.maxLength },
      },
    ],
    actions: [submitAction],
    async handle({ flowId, values, state, context, deps }) {
      const email = values.email?.trim() ?? '';
      const password = values.password ?? '';
      const errors: Record<string, FlowMessage[]> = {};
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
        return { kind: 'next', state: { step: 'verify-email', clientId: state.clientId, email: normalized, passwordHash, challenge } };
      }
      const user = await deps.users.create({ email, passwordHash });
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
      const user = state.passwordHash ? await deps.users.create({ email, passwordHash: state.passwordHash, emailVerified: true }) : undefined;
      if (!user) return byLink ? invalid({}, [messages.invalidCode()]) : invalid({ code: [messages.invalidCode()] });
      // A link may be opened in another browser, which must not be signed in:
      // the flow waits on `email-verified` for the browser that started it.
      if (byLink) return { kind: 'next', state: { step: 'email-verified', clientId: state.clientId, email, accountId: user.id } };
      return { kind: 'complete', accountId: user.id, amr: ['pwd'] };
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
