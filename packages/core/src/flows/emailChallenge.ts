import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * A one-time code and link token sent by email, as the flow keeps it: only
 * HMAC-SHA-256 digests (keyed with a per-deployment secret and bound to the
 * flow and challenge), so a leaked `latch_flows` table reveals no live code,
 * and a six-digit code cannot be recovered by hashing all million of them.
 */
export interface EmailChallenge {
  /** Random; names the attempt counter, so a new code starts with fresh attempts. */
  id: string;
  codeDigest: string;
  tokenDigest: string;
  /** ISO time after which neither the code nor the link is accepted. */
  expiresAt: string;
}

export interface IssuedEmailChallenge {
  challenge: EmailChallenge;
  /** Six digits, to be mailed and forgotten. */
  code: string;
  /** 256 random bits for the link, to be mailed and forgotten. */
  token: string;
}

export const EMAIL_CODE_LENGTH = 6;

/** A fresh code and link token, valid for `ttlSeconds` from `now`. */
export function issueEmailChallenge(options: { secret: string; flowId: string; now: Date; ttlSeconds: number }): IssuedEmailChallenge {
  const id = randomBytes(12).toString('base64url');
  const code = String(randomInt(0, 10 ** EMAIL_CODE_LENGTH)).padStart(EMAIL_CODE_LENGTH, '0');
  const token = randomBytes(32).toString('base64url');
  return {
    code,
    token,
    challenge: {
      id,
      codeDigest: digest(options.secret, options.flowId, id, 'code', code),
      tokenDigest: digest(options.secret, options.flowId, id, 'token', token),
      expiresAt: new Date(options.now.getTime() + options.ttlSeconds * 1000).toISOString(),
    },
  };
}

/**
 * A challenge whose code and token nobody knows: what a sign-up for a taken
 * address (or a sign-in code for an unknown one) stores, so the flow's state
 * and answers look exactly like the real thing while nothing can complete it.
 */
export function issueUnanswerableChallenge(options: { secret: string; flowId: string; now: Date; ttlSeconds: number }): EmailChallenge {
  return issueEmailChallenge(options).challenge;
}

export type ChallengeCheck = 'ok' | 'invalid' | 'expired';

/** Compares in constant time; `kind` says whether `answer` is the typed code or the link's token. */
export function checkEmailChallenge(options: {
  secret: string;
  flowId: string;
  challenge: EmailChallenge | undefined;
  kind: 'code' | 'token';
  answer: string;
  now: Date;
}): ChallengeCheck {
  const { challenge } = options;
  if (!challenge || Date.parse(challenge.expiresAt) <= options.now.getTime()) return 'expired';
  const expected = Buffer.from(options.kind === 'code' ? challenge.codeDigest : challenge.tokenDigest, 'base64url');
  const actual = Buffer.from(digest(options.secret, options.flowId, challenge.id, options.kind, options.answer), 'base64url');
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? 'ok' : 'invalid';
}

/** What people type: spaces and dashes ("123 456", "123-456") are dropped. */
export function normalizeCode(input: string): string {
  return input.normalize('NFKC').replace(/[\s-]/gu, '');
}

export function isCodeShaped(code: string): boolean {
  return new RegExp(`^[0-9]{${EMAIL_CODE_LENGTH}}$`, 'u').test(code);
}

function digest(secret: string, flowId: string, challengeId: string, kind: string, value: string): string {
  return createHmac('sha256', secret).update(`${flowId}\0${challengeId}\0${kind}\0${value}`).digest('base64url');
}
