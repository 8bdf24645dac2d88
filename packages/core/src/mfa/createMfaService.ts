import { LatchError } from '../errors.ts';
import type { AuditRecorder } from '../audit/createAuditLog.ts';
import type { RequestContext } from '../flows/flowTypes.ts';
import type { RateLimiter } from '../rateLimit/createRateLimiter.ts';
import type { UserRepository } from '../users/userRepository.ts';
import type { MfaRepository } from './mfaRepository.ts';
import { generateRecoveryCodes } from './recoveryCodes.ts';
import { createTotpEnrollment, verifyTotp, type TotpVerification } from './totp.ts';

/** Code checks per account: enrollment confirmations and sign-in challenges each. */
export const mfaLimits = {
  perAccount: { points: 10, windowSeconds: 900 },
};

/** An unconfirmed enrollment is answered as `enrollment_not_found` after this long. */
export const TOTP_ENROLLMENT_TTL_SECONDS = 900;

export interface MfaStatus {
  factors: { id: string; type: 'totp'; confirmedAt: string; createdAt: string }[];
  recoveryCodes: { remaining: number };
}

export interface StartedTotpEnrollment {
  enrollmentId: string;
  /** Base32: the manual key. */
  secret: string;
  uri: string;
  qrSvg: string;
}

export type SecondFactorCheck = { ok: true } | { ok: false; reason: 'invalid' | 'replayed' | 'malformed' | 'not_enrolled' };

export interface MfaService {
  /** Whether the user has a confirmed second factor (sign-in asks for it). */
  isEnrolled(userId: string): Promise<boolean>;
  status(userId: string): Promise<MfaStatus>;
  startTotpEnrollment(input: { userId: string; context: RequestContext }): Promise<StartedTotpEnrollment>;
  /** Confirms with a first code; answers the recovery codes to show once (when this is the user's first factor). */
  confirmTotpEnrollment(input: { userId: string; enrollmentId: string; code: string; context: RequestContext }): Promise<{ recoveryCodes: string[] }>;
  removeTotp(input: { userId: string; context: RequestContext }): Promise<void>;
  regenerateRecoveryCodes(input: { userId: string; context: RequestContext }): Promise<{ recoveryCodes: string[] }>;
  /** A sign-in challenge: checks a TOTP code (rate-limited per account, replay refused) and audits a failure. */
  checkTotp(input: { userId: string; code: string; context: RequestContext; flowId?: string }): Promise<SecondFactorCheck>;
  /** A sign-in challenge with a recovery code (single use), audited either way. */
  useRecoveryCode(input: { userId: string; code: string; context: RequestContext; flowId?: string }): Promise<SecondFactorCheck>;
}

export class MfaError extends LatchError {}

const userNotFound = () => new MfaError({ status: 404, code: 'user_not_found', message: 'There is no such user.' });

export function createMfaService(options: {
  repository: MfaRepository;
  users: UserRepository;
  rateLimiter: RateLimiter;
  audit: AuditRecorder;
  /** Shown by authenticator apps above the account name (no colon). */
  issuer: string;
  now?: () => Date;
}): MfaService {
  const { repository, users, rateLimiter, audit } = options;
  const now = options.now ?? (() => new Date());
  const issuer = options.issuer.replace(/:/gu, ' ').trim() || 'Latch';

  async function requireUser(userId: string) {
    const user = await users.findById(userId);
    if (!user) throw userNotFound();
    return user;
  }

  function record(type: string, userId: string, context: RequestContext, details: Record<string, string | number> = {}, flowId?: string) {
    return audit.record({ type, userId, ip: context.ip, userAgent: context.userAgent, flowId, details });
  }

  async function newRecoveryCodes(userId: string): Promise<string[]> {
    const codes = generateRecoveryCodes();
    await repository.replaceRecoveryCodes({ userId, codes });
    return codes;
  }

  return {
    async isEnrolled(userId) {
      return (await repository.findTotp(userId)) !== undefined;
    },

    async status(userId) {
      await requireUser(userId);
      const totp = await repository.findTotp(userId);
      return {
        factors: totp ? [{ id: totp.id, type: 'totp', confirmedAt: totp.confirmedAt.toISOString(), createdAt: totp.createdAt.toISOString() }] : [],
        recoveryCodes: { remaining: totp ? await repository.countRecoveryCodes(userId) : 0 },
      };
    },

    async startTotpEnrollment({ userId }) {
      const user = await requireUser(userId);
      if (await repository.findTotp(userId)) throw totpAlreadyEnrolled();
      const enrollment = await createTotpEnrollment({ issuer, accountName: user.email.replace(/:/gu, '') });
      const enrollmentId = await repository.createPendingTotp({ userId, secret: enrollment.secret });
      return { enrollmentId, ...enrollment };
    },

    async confirmTotpEnrollment({ userId, enrollmentId, code, context }) {
      await requireUser(userId);
      const pending = await repository.findPendingTotp({ userId, id: enrollmentId });
      if (!pending || pending.createdAt.getTime() + TOTP_ENROLLMENT_TTL_SECONDS * 1000 <= now().getTime()) {
        throw new MfaError({ status: 404, code: 'enrollment_not_found', message: 'There is no such enrollment, or it expired; start again.' });
      }
      await rateLimiter.consume(`mfa-enroll:account:${userId}`, mfaLimits.perAccount);
      const result = verifyTotp({ secret: pending.secret, code, now: now() });
      if (!result.ok) throw invalidCode();
      const hadFactor = await repository.findTotp(userId);
      if (hadFactor || !(await repository.confirmTotp({ userId, id: enrollmentId, step: result.step }))) throw totpAlreadyEnrolled();
      await rateLimiter.reset(`mfa-enroll:account:${userId}`);
      // TOTP is the only factor type today, so this is always the first one.
      const recoveryCodes = await newRecoveryCodes(userId);
      await record('mfa.totp_enrolled', userId, context);
      return { recoveryCodes };
    },

    async removeTotp({ userId, context }) {
      await requireUser(userId);
      if (!(await repository.removeTotp(userId))) {
        throw new MfaError({ status: 404, code: 'totp_not_enrolled', message: 'No authenticator app is set up.' });
      }
      await record('mfa.totp_removed', userId, context);
    },

    async regenerateRecoveryCodes({ userId, context }) {
      await requireUser(userId);
      if (!(await repository.findTotp(userId))) {
        throw new MfaError({ status: 409, code: 'mfa_not_enrolled', message: 'Set up a second factor before creating recovery codes.' });
      }
      const recoveryCodes = await newRecoveryCodes(userId);
      await record('mfa.recovery_codes_regenerated', userId, context);
      return { recoveryCodes };
    },

    async checkTotp({ userId, code, context, flowId }) {
      const factor = await repository.findTotp(userId);
      if (!factor) return { ok: false, reason: 'not_enrolled' };
      await rateLimiter.consume(`mfa:account:${userId}`, mfaLimits.perAccount);
      let result: TotpVerification = verifyTotp({ secret: factor.secret, code, now: now(), ...(factor.lastUsedStep === null ? {} : { lastUsedStep: factor.lastUsedStep }) });
      // A request racing this one with the same code may have recorded its step first.
      if (result.ok && !(await repository.recordTotpStep({ factorId: factor.id, step: result.step }))) result = { ok: false, reason: 'replayed' };
      if (!result.ok) {
        await record('mfa.challenge_failed', userId, context, { method: 'totp', reason: result.reason }, flowId);
        return result;
      }
      await rateLimiter.reset(`mfa:account:${userId}`);
      return { ok: true };
    },

    async useRecoveryCode({ userId, code, context, flowId }) {
      if (!(await repository.findTotp(userId))) return { ok: false, reason: 'not_enrolled' };
      await rateLimiter.consume(`mfa:account:${userId}`, mfaLimits.perAccount);
      if (!(await repository.consumeRecoveryCode({ userId, input: code }))) {
        await record('mfa.challenge_failed', userId, context, { method: 'recovery_code', reason: 'invalid' }, flowId);
        return { ok: false, reason: 'invalid' };
      }
      await rateLimiter.reset(`mfa:account:${userId}`);
      await record('mfa.recovery_code_used', userId, context, { remaining: await repository.countRecoveryCodes(userId) }, flowId);
      return { ok: true };
    },
  };
}

function totpAlreadyEnrolled(): MfaError {
  return new MfaError({ status: 409, code: 'totp_already_enrolled', message: 'An authenticator app is already set up; remove it first.' });
}

function invalidCode(): MfaError {
  return new MfaError({ status: 422, code: 'invalid_code', message: 'That code is not right. Check your authenticator app and try again.' });
}

