import { sql } from 'kysely';
import { LatchError, InvalidRequestError } from '../errors.ts';
import type { AuditRecorder } from '../audit/createAuditLog.ts';
import { checkEmailChallenge, issueEmailChallenge, issueUnanswerableChallenge, isCodeShaped, normalizeCode, type EmailChallenge } from '../flows/emailChallenge.ts';
import type { RequestContext } from '../flows/flowTypes.ts';
import type { PasswordPolicy } from '../flows/stepDefinition.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { EmailRenderer } from '../mail/renderEmail.ts';
import { checkNewPassword } from '../passwords/checkNewPassword.ts';
import type { RateLimiter } from '../rateLimit/createRateLimiter.ts';
import type { CoreDatabase } from '../storage/createDatabase.ts';
import { isEmailShaped, normalizeEmail } from '../users/email.ts';
import type { PasswordHasher } from '../users/passwordHasher.ts';
import type { UserRepository } from '../users/userRepository.ts';
import { buildExport, type AccountEraser, type AccountRegistry, type ExportSection } from './accountExport.ts';
import { revokeProviderRecords } from './revokeProviderRecords.ts';

/**
 * Limits of the self-service account API, per account: address changes
 * send mail to an address the caller chooses; confirmations and current
 * password checks are guesses at a secret.
 */
export const accountLimits = {
  emailChangeRequests: { points: 5, windowSeconds: 3600 },
  emailChangeChecks: { points: 20, windowSeconds: 3600 },
  passwordChecks: { points: 5, windowSeconds: 900 },
};

export interface AccountSummary {
  id: string;
  email: string;
  emailVerified: boolean;
  hasPassword: boolean;
  createdAt: string;
  /** A change of address waiting for its code, if any. */
  pendingEmail: { email: string; expiresAt: string } | null;
}

export interface AccountLinks {
  /** Opened with `?token=<token>` to confirm a new address (the BFF's `/auth/account/email/confirm`). */
  confirmEmailChange: string;
  signIn: string;
  passwordReset: string;
}

export interface AccountService {
  summary(userId: string): Promise<AccountSummary>;
  /**
   * Mails a code and link to `email`. An address that belongs to another
   * account gets a notice instead, and the answer is the same, so the API
   * tells nobody which addresses have accounts.
   */
  requestEmailChange(input: { userId: string; email: string; clientId?: string | undefined; context: RequestContext }): Promise<{ pendingEmail: string; expiresAt: string }>;
  /** Confirms with the mailed code or the link's token; the old address is told. */
  confirmEmailChange(input: { userId: string; code?: string | undefined; token?: string | undefined; clientId?: string | undefined; context: RequestContext }): Promise<{ email: string }>;
  cancelEmailChange(userId: string): Promise<void>;
  /**
   * Sets a new password under the policy. With `currentPassword`, it must be
   * right; without it, the caller (the BFF) vouches for a recent sign-in.
   * Every provider grant of the account ends but `keepGrantId`'s.
   */
  changePassword(input: { userId: string; currentPassword?: string | undefined; newPassword: string; keepGrantId?: string | undefined; clientId?: string | undefined; context: RequestContext }): Promise<void>;
  /** Everything stored about the user, section by section; 404 `user_not_found`, 410 `account_deleted`. */
  exportData(userId: string): Promise<{ exportedAt: string; userId: string; sections: Record<string, unknown> }>;
  /** Erases the account in one transaction and leaves a tombstone; see "Deleting an account" in the README. */
  deleteAccount(input: { userId: string; context: RequestContext }): Promise<void>;
}

export class AccountError extends LatchError {}

const userNotFound = () => new AccountError({ status: 404, code: 'user_not_found', message: 'There is no such user.' });

export function createAccountService(options: {
  db: CoreDatabase;
  users: UserRepository;
  hasher: PasswordHasher;
  rateLimiter: RateLimiter;
  audit: AuditRecorder;
  mailer: Mailer;
  mail: EmailRenderer;
  passwordPolicy: PasswordPolicy;
  /** HMAC key for the code and token digests. */
  secret: string;
  codeTtlSeconds: number;
  /** Wrong answers per code before it is burnt. */
  maxAttempts: number;
  links(clientId: string | undefined): AccountLinks;
  exportSections: AccountRegistry<ExportSection>;
  erasers: AccountRegistry<AccountEraser>;
  now?: () => Date;
}): AccountService {
  const { db, users, hasher, rateLimiter, audit, mailer, mail } = options;
  const now = options.now ?? (() => new Date());
  // Digests are bound to the user, so a code for one account is no use on another.
  const challengeScope = (userId: string) => `email-change:${userId}`;

  async function requireUser(userId: string) {
    const user = await users.findById(userId);
    if (!user) {
      const tombstone = await db.selectFrom('latch_deleted_users').select('id').where('id', '=', userId).executeTakeFirst();
      if (tombstone) throw new AccountError({ status: 410, code: 'account_deleted', message: 'This account was deleted.' });
      throw userNotFound();
    }
    return user;
  }

  function record(type: string, userId: string, context: RequestContext, details: Record<string, string | number | boolean> = {}) {
    return audit.record({ type, userId, ip: context.ip, userAgent: context.userAgent, details });
  }

  async function pending(userId: string) {
    const row = await db.selectFrom('latch_email_changes').selectAll().where('user_id', '=', userId).executeTakeFirst();
    return row && { newEmail: row.new_email, challenge: row.challenge as unknown as EmailChallenge, attempts: row.attempts };
  }

  return {
    async summary(userId) {
      const user = await requireUser(userId);
      const change = await pending(userId);
      const live = change && Date.parse(change.challenge.expiresAt) > now().getTime();
      return {
        id: user.id,
        email: user.email,
        emailVerified: user.emailVerified,
        hasPassword: user.passwordHash !== null,
        createdAt: user.createdAt.toISOString(),
        pendingEmail: live ? { email: change.newEmail, expiresAt: change.challenge.expiresAt } : null,
      };
    },

    async requestEmailChange({ userId, email, clientId, context }) {
      const user = await requireUser(userId);
      const newEmail = normalizeEmail(email);
      if (!isEmailShaped(newEmail)) throw new InvalidRequestError('Enter a valid email address.', 'invalid_email');
      if (newEmail === user.email) throw new InvalidRequestError('That is already your email address.', 'email_unchanged');
      await rateLimiter.consume(`account:email-change:${userId}`, accountLimits.emailChangeRequests);
      const at = now();
      const owner = await users.findByEmail(newEmail);
      const scope = { secret: options.secret, flowId: challengeScope(userId), now: at, ttlSeconds: options.codeTtlSeconds };
      const issued = owner ? undefined : issueEmailChallenge(scope);
      // A taken address gets a challenge nobody can answer: the pending change
      // and the answers look the same as for a free one.
      const challenge = issued?.challenge ?? issueUnanswerableChallenge(scope);
      const value = { new_email: newEmail, challenge: JSON.stringify(challenge), attempts: 0, created_at: at };
      await db
        .insertInto('latch_email_changes')
        .values({ user_id: userId, ...value })
        .onConflict((oc) => oc.column('user_id').doUpdateSet(value))
        .execute();
      const links = options.links(clientId);
      const message = issued
        ? mail.render('email-change', {
            params: { code: issued.code, link: `${links.confirmEmailChange}?token=${issued.token}`, expiresInMinutes: Math.ceil(options.codeTtlSeconds / 60) },
          })
        : mail.render('email-change-unavailable', { params: { signInLink: links.signIn } });
      await mailer.send({ to: newEmail, ...message });
      await record('email_change.requested', userId, context, { addressTaken: owner !== undefined });
      return { pendingEmail: newEmail, expiresAt: challenge.expiresAt };
    },

    async confirmEmailChange({ userId, code, token, clientId, context }) {
      const user = await requireUser(userId);
      const change = await pending(userId);
      if (!change) throw new AccountError({ status: 404, code: 'email_change_not_found', message: 'There is no change of address to confirm; ask for a new code.' });
      await rateLimiter.consume(`account:email-change-check:${userId}`, accountLimits.emailChangeChecks);
      if (change.attempts >= options.maxAttempts) {
        throw new AccountError({ status: 429, code: 'too_many_attempts', message: 'Too many wrong codes; ask for a new one.' });
      }
      const answer = token !== undefined ? token : normalizeCode(code ?? '');
      const kind = token !== undefined ? 'token' : 'code';
      const check =
        kind === 'code' && !isCodeShaped(answer)
          ? 'invalid'
          : checkEmailChallenge({ secret: options.secret, flowId: challengeScope(userId), challenge: change.challenge, kind, answer, now: now() });
      if (check === 'expired') throw new AccountError({ status: 410, code: 'code_expired', message: 'This code has expired; ask for a new one.' });
      if (check === 'invalid') {
        await db.updateTable('latch_email_changes').set({ attempts: sql<number>`attempts + 1` }).where('user_id', '=', userId).execute();
        await record('email_change.failed', userId, context, { reason: 'invalid_code' });
        throw new AccountError({ status: 422, code: 'invalid_code', message: 'That code is not right.' });
      }
      const at = now();
      try {
        await db.transaction().execute(async (trx) => {
          await trx.updateTable('latch_users').set({ email: change.newEmail, email_verified_at: at, updated_at: at }).where('id', '=', userId).execute();
          await trx.deleteFrom('latch_email_changes').where('user_id', '=', userId).execute();
        });
      } catch (error) {
        // Someone signed up with the address between the request and now.
        if ((error as { code?: unknown }).code === '23505') {
          await db.deleteFrom('latch_email_changes').where('user_id', '=', userId).execute();
          throw new AccountError({ status: 409, code: 'email_unavailable', message: 'This address cannot be used; choose another.' });
        }
        throw error;
      }
      const notice = mail.render('email-changed', { params: { newEmail: change.newEmail, changedAt: at, resetLink: options.links(clientId).passwordReset } });
      await mailer.send({ to: user.email, ...notice }).catch(() => undefined);
      await record('email_change.completed', userId, context);
      return { email: change.newEmail };
    },

    async cancelEmailChange(userId) {
      await requireUser(userId);
      await db.deleteFrom('latch_email_changes').where('user_id', '=', userId).execute();
    },

    async changePassword({ userId, currentPassword, newPassword, keepGrantId, clientId, context }) {
      const user = await requireUser(userId);
      if (currentPassword !== undefined) {
        await rateLimiter.consume(`account:password-check:${userId}`, accountLimits.passwordChecks);
        if (!(await hasher.verify(user.passwordHash, currentPassword))) {
          await record('password_change.failed', userId, context, { reason: 'invalid_current_password' });
          throw new AccountError({ status: 422, code: 'invalid_current_password', message: 'Your current password is not right.' });
        }
      }
      const refusal = await checkNewPassword({ password: newPassword, email: user.email, policy: options.passwordPolicy });
      if (refusal) {
        const limit = 'min' in refusal ? ` (at least ${refusal.min} characters)` : 'max' in refusal ? ` (at most ${refusal.max} characters)` : '';
        throw new AccountError({ status: 422, code: refusal.code, message: `Choose another password${limit}.` });
      }
      await users.setPasswordHash({ id: userId, hash: await hasher.hash(newPassword) });
      await rateLimiter.reset(`account:password-check:${userId}`);
      // Other sign-ins end at the provider: their refresh tokens stop working.
      const revoked = await revokeProviderRecords(db, { accountId: userId, keepGrantId });
      const notice = mail.render('password-changed', { params: { changedAt: now(), resetLink: options.links(clientId).passwordReset } });
      await mailer.send({ to: user.email, ...notice }).catch(() => undefined);
      await record('password.changed', userId, context, { revokedProviderRecords: revoked, withCurrentPassword: currentPassword !== undefined });
    },

    async exportData(userId) {
      await requireUser(userId);
      return { exportedAt: now().toISOString(), userId, sections: await buildExport(options.exportSections, { userId, db }) };
    },

    async deleteAccount({ userId, context }) {
      await requireUser(userId);
      const at = now();
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('latch_deleted_users').values({ id: userId, deleted_at: at }).onConflict((oc) => oc.column('id').doNothing()).execute();
        for (const [, erase] of options.erasers.entries()) await erase({ userId, trx, now: at });
        // The audit trail keeps what happened, not who from where: the
        // address hash, IP and user agent of this user's events go.
        await trx.updateTable('latch_audit_events').set({ ip: null, user_agent: null, identifier_hash: null }).where('user_id', '=', userId).execute();
        await revokeProviderRecords(trx, { accountId: userId });
        // Credentials, challenges and pending changes go with the row (on delete cascade).
        await trx.deleteFrom('latch_users').where('id', '=', userId).execute();
      });
      await audit.record({ type: 'account.deleted', userId, details: { requestedFromSession: context.ip !== '' } });
    },
  };
}
