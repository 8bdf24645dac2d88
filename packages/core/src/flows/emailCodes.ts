import { RateLimitedError } from '../errors.ts';
import { checkEmailChallenge, isCodeShaped, issueEmailChallenge, normalizeCode, type EmailChallenge } from './emailChallenge.ts';
import type { FlowMessage } from './flowTypes.ts';
import { messages } from './messages.ts';
import type { EmailStepDependencies, FieldTemplate, StepDependencies } from './stepDefinition.ts';

/** Sending codes: per flow (resends) and per address, so nobody floods an inbox. */
export const emailCodeLimits = {
  perFlow: { points: 5, windowSeconds: 900 },
  perAddress: { points: 10, windowSeconds: 3600 },
  perIp: { points: 30, windowSeconds: 3600 },
};

export const codeField: FieldTemplate = {
  name: 'code',
  type: 'text',
  autocomplete: 'one-time-code',
  inputMode: 'numeric',
  // Loose on purpose: "123 456" and "123-456" are accepted and normalised.
  constraints: { required: true, maxLength: 16 },
};

/** What to mail: the code itself, the "you already have an account" note, or nothing (unknown address). */
export type EmailChallengeMail = 'verify-email' | 'sign-in-code' | 'password-reset' | 'account-exists' | 'none';

/** `deps.email`, or a 500: steps that use it are only reachable when it is configured. */
export function emailDeps(deps: StepDependencies): EmailStepDependencies {
  if (!deps.email) throw new Error('email steps need deps.email');
  return deps.email;
}

/**
 * Issues a new challenge for `email` and sends the mail `mail` names. Every
 * branch issues a challenge and renders an email, so answers take the same
 * shape and about the same time whether or not an account exists; only the
 * real owner's mailbox learns the difference.
 */
export async function sendEmailChallenge(options: {
  deps: StepDependencies;
  flowId: string;
  clientId: string | undefined;
  email: string;
  mail: EmailChallengeMail;
  ip: string;
}): Promise<EmailChallenge> {
  const { deps, flowId, email } = options;
  const config = emailDeps(deps);
  await deps.rateLimiter.consume(`email-code:ip:${options.ip}`, emailCodeLimits.perIp);
  await deps.rateLimiter.consume(`email-code:flow:${flowId}`, emailCodeLimits.perFlow);
  await deps.rateLimiter.consume(`email-code:address:${email}`, emailCodeLimits.perAddress);
  const { challenge, code, token } = issueEmailChallenge({ secret: config.secret, flowId, now: config.now(), ttlSeconds: config.codeTtlSeconds });
  const links = config.links(options.clientId);
  const expiresInMinutes = Math.max(1, Math.round(config.codeTtlSeconds / 60));
  const withToken = (base: string) => {
    const url = new URL(base);
    url.searchParams.set('flow', flowId);
    url.searchParams.set('token', token);
    return url.toString();
  };
  const codeTemplate = options.mail === 'verify-email' || options.mail === 'password-reset' ? options.mail : 'sign-in-code';
  const linkBase = { 'verify-email': links.verifyEmail, 'sign-in-code': links.signInLink, 'password-reset': links.recoveryLink }[codeTemplate];
  const rendered =
    options.mail === 'account-exists'
      ? config.mail.render('account-exists', { params: { signInLink: links.signIn, resetLink: links.passwordReset } })
      : config.mail.render(codeTemplate, { params: { code, link: withToken(linkBase), expiresInMinutes } });
  if (options.mail !== 'none') await config.mailer.send({ to: email, ...rendered });
  return challenge;
}

/**
 * Checks a typed code or a link's token against the flow's challenge. Every
 * answer counts against the challenge's attempts (in the shared rate-limit
 * store, so concurrent guesses cannot race past the limit); past
 * `maxAttempts` the challenge is burnt and only a new code helps.
 * Answers `undefined` when it matches, else the message to show.
 */
export async function answerEmailChallenge(options: {
  deps: StepDependencies;
  flowId: string;
  challenge: EmailChallenge | undefined;
  kind: 'code' | 'token';
  answer: string;
}): Promise<FlowMessage | undefined> {
  const { deps, challenge } = options;
  const config = emailDeps(deps);
  const answer = options.kind === 'code' ? normalizeCode(options.answer) : options.answer;
  if (!challenge || Date.parse(challenge.expiresAt) <= config.now().getTime()) return messages.codeExpired();
  try {
    await deps.rateLimiter.consume(`email-code:attempts:${challenge.id}`, { points: config.maxAttempts, windowSeconds: config.codeTtlSeconds });
  } catch (error) {
    if (error instanceof RateLimitedError) return messages.tooManyAttempts();
    throw error;
  }
  if (options.kind === 'code' && !isCodeShaped(answer)) return messages.invalidCode();
  const result = checkEmailChallenge({ secret: config.secret, flowId: options.flowId, challenge, kind: options.kind, answer, now: config.now() });
  if (result === 'expired') return messages.codeExpired();
  return result === 'ok' ? undefined : messages.invalidCode();
}
