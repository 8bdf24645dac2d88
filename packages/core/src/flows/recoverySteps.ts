import { checkNewPassword } from '../passwords/checkNewPassword.ts';
import { EMAIL_MAX_LENGTH, isEmailShaped, normalizeEmail } from '../users/email.ts';
import { answerEmailChallenge, codeField, emailDeps, sendEmailChallenge } from './emailCodes.ts';
import { messages } from './messages.ts';
import { mfaChallengeSteps } from './mfaSteps.ts';
import { passwordMessage } from './signUpSteps.ts';
import { invalid, submitAction, type StepDefinition, type StepInput } from './stepDefinition.ts';

/**
 * Recovery requests are mails sent to someone's inbox, and code checks are
 * guesses at a six-digit secret: both limited per end-user IP and per
 * address, on top of the email-code limits every mailed code has (5 sends
 * per flow, 10 per address, 30 per IP; 5 wrong answers per code).
 */
export const recoveryLimits = {
  requestsPerIp: { points: 20, windowSeconds: 3600 },
  requestsPerAddress: { points: 5, windowSeconds: 3600 },
  checksPerIp: { points: 50, windowSeconds: 300 },
  checksPerAccount: { points: 20, windowSeconds: 3600 },
};

const emailField = { name: 'email', type: 'email', autocomplete: 'username', constraints: { required: true, maxLength: EMAIL_MAX_LENGTH } } as const;

/**
 * With a second factor enrolled, a mailbox is not enough to take the
 * account: after the emailed code, recovery asks for the TOTP code (or a
 * recovery code instead), exactly as sign-in does, and only then for the new
 * password. The sign-in steps are reused; where they would complete the
 * flow, recovery moves on to `new-password`.
 */
function mfaStep(name: string): StepDefinition {
  const definition = mfaChallengeSteps[name];
  if (!definition) throw new Error(`sign-in has no "${name}" step to reuse for recovery`);
  return definition;
}

function thenNewPassword(definition: StepDefinition): StepDefinition {
  return {
    ...definition,
    async handle(input) {
      const outcome = await definition.handle(input);
      if (outcome.kind !== 'complete') return outcome;
      const { state } = input;
      return { kind: 'next', state: { step: 'new-password', clientId: state.clientId, email: state.email, accountId: outcome.accountId, amr: outcome.amr } };
    },
  };
}

/** Mails a reset code to an existing account, or nothing to an unknown one: the answer is the same. */
async function requestReset({ flowId, state, context, deps }: StepInput, email: string) {
  await deps.rateLimiter.consume(`recovery:ip:${context.ip}`, recoveryLimits.requestsPerIp);
  await deps.rateLimiter.consume(`recovery:address:${email}`, recoveryLimits.requestsPerAddress);
  const user = await deps.users.findByEmail(email);
  return sendEmailChallenge({ deps, flowId, clientId: state.clientId, email, mail: user ? 'password-reset' : 'none', ip: context.ip });
}

/**
 * Password reset: the address, then the emailed code (or its link), then a
 * new password. The first step moves on for any well-formed address and only
 * an existing account gets mail, so the flow reveals nothing about which
 * accounts exist. Completing it replaces the hash, ends every session the
 * account has at the provider, mails a "password changed" notice and signs
 * the user in (the BFF ends its own sessions of the account too).
 */
export const recoverySteps: Record<string, StepDefinition> = {
  'recovery-identifier': {
    fields: () => [emailField],
    actions: [submitAction],
    async handle(input) {
      const { values, state } = input;
      const typed = values.email?.trim() ?? '';
      if (!typed) return invalid({ email: [messages.required()] });
      if (!isEmailShaped(typed)) return invalid({ email: [messages.invalidEmail()] });
      const email = normalizeEmail(typed);
      const challenge = await requestReset(input, email);
      return { kind: 'next', state: { step: 'recovery-email-code', clientId: state.clientId, email, challenge }, auditEvent: 'requested' };
    },
  },
  'recovery-email-code': {
    fields: (state) => [{ ...emailField, value: state.email ?? '', readOnly: true }, codeField],
    actions: [submitAction, { name: 'resend', kind: 'secondary' }, { name: 'back', kind: 'secondary' }],
    // `link` is the emailed link's token; the BFF submits it only from the browser that asked.
    hidden: { actions: ['link'], fields: ['token'] },
    async handle(input) {
      const { flowId, action, values, state, context, deps } = input;
      if (action === 'back') return { kind: 'next', state: { step: 'recovery-identifier', clientId: state.clientId } };
      const email = state.email ?? '';
      if (action === 'resend') {
        const challenge = await requestReset(input, email);
        return { kind: 'next', state: { ...state, challenge }, flowMessages: [messages.codeSent()], auditEvent: 'requested' };
      }
      const byLink = action === 'link';
      const answer = byLink ? (values.token ?? '') : (values.code ?? '');
      if (!answer) return byLink ? invalid({}, [messages.invalidCode()]) : invalid({ code: [messages.required()] });
      await deps.rateLimiter.consume(`recovery-check:ip:${context.ip}`, recoveryLimits.checksPerIp);
      await deps.rateLimiter.consume(`recovery-check:account:${email}`, recoveryLimits.checksPerAccount);
      const refusal = await answerEmailChallenge({ deps, flowId, challenge: state.challenge, kind: byLink ? 'token' : 'code', answer });
      // An unknown address's challenge was never mailed; should one be guessed, it still leads nowhere.
      const user = refusal ? undefined : await deps.users.findByEmail(email);
      if (!user) {
        const message = refusal ?? messages.invalidCode();
        return byLink ? invalid({}, [message]) : invalid({ code: [message] });
      }
      // The code reached the mailbox: that proves the address too.
      if (!user.emailVerified) await deps.users.markEmailVerified(user.id);
      // The challenge is dropped: the code and link cannot be answered twice.
      const secondFactor = deps.mfa && (await deps.mfa.isEnrolled(user.id)) ? 'totp' : 'new-password';
      return { kind: 'next', state: { step: secondFactor, clientId: state.clientId, email, accountId: user.id, amr: ['otp'] } };
    },
  },
  totp: thenNewPassword(mfaStep('totp')),
  'recovery-code': thenNewPassword(mfaStep('recovery-code')),
  'new-password': {
    fields: (state, deps) => [
      { ...emailField, value: state.email ?? '', readOnly: true },
      {
        name: 'password',
        type: 'new-password',
        autocomplete: 'new-password',
        constraints: { required: true, minLength: deps.passwordPolicy.minLength, maxLength: deps.passwordPolicy.maxLength },
      },
    ],
    actions: [submitAction],
    async handle({ values, state, deps }) {
      const password = values.password ?? '';
      if (!password) return invalid({ password: [messages.required()] });
      const user = state.accountId ? await deps.users.findById(state.accountId) : undefined;
      if (!user) return invalid({}, [messages.codeExpired()]);
      const refusal = await checkNewPassword({ password, email: user.email, policy: deps.passwordPolicy });
      if (refusal) return invalid({ password: [passwordMessage(refusal)] });
      if (!deps.sessions) throw new Error('account recovery needs deps.sessions');
      const config = emailDeps(deps);

      await deps.users.setPasswordHash({ id: user.id, hash: await deps.hasher.hash(password) });
      // Signed out everywhere: whoever knew the old password (or holds a
      // session or refresh token) loses access now. The new login this flow
      // completes is created afterwards, so it survives.
      await deps.sessions.revokeAll(user.id);
      // The owner proved the mailbox and chose a new password: a lockout from guesses at the old one no longer applies.
      await deps.rateLimiter.reset(`sign-in:account:${user.email}`);
      const notice = config.mail.render('password-changed', { params: { changedAt: config.now(), resetLink: config.links(state.clientId).passwordReset } });
      // Sent before completing: if the mail cannot go out, the flow stays here and submitting again retries it.
      await config.mailer.send({ to: user.email, ...notice });
      return { kind: 'complete', accountId: user.id, amr: state.amr ?? ['otp'] };
    },
  },
};
