import { isEmailShaped, EMAIL_MAX_LENGTH } from '../users/email.ts';
import { messages } from './messages.ts';
import { invalid, submitAction, type StepDefinition } from './stepDefinition.ts';
import type { FlowMessage } from './flowTypes.ts';
import { checkNewPassword, type PasswordRefusal } from '../passwords/checkNewPassword.ts';

export const signUpLimits = { perIp: { points: 20, windowSeconds: 3600 } };

/**
 * Email and password in one step. A taken address answers `email_unavailable`
 * in the same shape and time as any other refusal; see the core README for
 * why sign-up without email verification cannot hide more than that.
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
    async handle({ values, context, deps }) {
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
      const user = await deps.users.create({ email, passwordHash });
      if (!user) return invalid({ email: [messages.emailUnavailable()] });
      return { kind: 'complete', accountId: user.id, amr: ['pwd'] };
    },
  },
};

function passwordMessage(refusal: PasswordRefusal): FlowMessage {
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
