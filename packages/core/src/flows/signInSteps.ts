import { isEmailShaped, normalizeEmail, EMAIL_MAX_LENGTH } from '../users/email.ts';
import { messages } from './messages.ts';
import { invalid, submitAction, type StepDefinition } from './stepDefinition.ts';

/** Per IP and per account; the account limit is what stops a targeted guesser. */
export const signInLimits = {
  perIp: { points: 50, windowSeconds: 300 },
  perAccount: { points: 10, windowSeconds: 900 },
};

const emailField = { name: 'email', type: 'email', autocomplete: 'username', constraints: { required: true, maxLength: EMAIL_MAX_LENGTH } } as const;

/**
 * Identifier first, then password. The identifier step accepts any
 * well-formed address and always moves on, so it reveals nothing about which
 * accounts exist.
 */
export const signInSteps: Record<string, StepDefinition> = {
  identifier: {
    fields: () => [emailField],
    actions: [submitAction],
    async handle({ values }) {
      const email = values.email?.trim() ?? '';
      if (!email) return invalid({ email: [messages.required()] });
      if (!isEmailShaped(email)) return invalid({ email: [messages.invalidEmail()] });
      return { kind: 'next', state: { step: 'password', email: normalizeEmail(email) } };
    },
  },
  password: {
    fields: (state) => [
      { ...emailField, value: state.email ?? '', readOnly: true },
      { name: 'password', type: 'password', autocomplete: 'current-password', constraints: { required: true, maxLength: 1024 } },
    ],
    actions: [submitAction, { name: 'back', kind: 'secondary' }],
    async handle({ action, values, state, context, deps }) {
      if (action === 'back') return { kind: 'next', state: { step: 'identifier' } };
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
      return { kind: 'complete', accountId: user.id, amr: ['pwd'] };
    },
  },
};
