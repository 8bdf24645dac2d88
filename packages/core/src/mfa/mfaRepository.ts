import { randomBytes } from 'node:crypto';
import type { CoreDatabase } from '../storage/createDatabase.ts';
import { findRecoveryCode, hashRecoveryCode } from './recoveryCodes.ts';
import type { TotpSecretBox } from './totpSecretBox.ts';

/** A confirmed TOTP factor, with its secret decrypted. */
export interface TotpFactor {
  id: string;
  userId: string;
  secret: string;
  /** The time step of the last code accepted; codes of this step or earlier are replays. */
  lastUsedStep: number | null;
  confirmedAt: Date;
  createdAt: Date;
}

/** An enrollment that was started but not yet confirmed by a first code. */
export interface PendingTotp {
  id: string;
  userId: string;
  secret: string;
  createdAt: Date;
}

export interface MfaRepository {
  /** The user's confirmed TOTP factor, if any. */
  findTotp(userId: string): Promise<TotpFactor | undefined>;
  /** Stores a new unconfirmed factor (replacing earlier unconfirmed ones of this user); answers its id. */
  createPendingTotp(input: { userId: string; secret: string }): Promise<string>;
  findPendingTotp(input: { userId: string; id: string }): Promise<PendingTotp | undefined>;
  /**
   * Confirms a pending factor, recording `step` as used. Answers false when the
   * user meanwhile confirmed another one (a unique index makes this race-safe)
   * or the pending factor is gone.
   */
  confirmTotp(input: { userId: string; id: string; step: number }): Promise<boolean>;
  /**
   * Records `step` as used, only if it is later than the last used step, in one
   * conditional update: of two requests racing with the same code, one wins.
   */
  recordTotpStep(input: { factorId: string; step: number }): Promise<boolean>;
  /** Deletes the user's TOTP factors (confirmed or not) and, with them, the recovery codes. Answers whether a confirmed one existed. */
  removeTotp(userId: string): Promise<boolean>;
  /** Replaces every recovery code of the user with these (stored as keyed digests). */
  replaceRecoveryCodes(input: { userId: string; codes: readonly string[] }): Promise<void>;
  /** Unused recovery codes left. */
  countRecoveryCodes(userId: string): Promise<number>;
  /** Marks the matching unused code as used; answers false when none matches (or a racing request used it first). */
  consumeRecoveryCode(input: { userId: string; input: string }): Promise<boolean>;
}

export function createMfaRepository(db: CoreDatabase, options: { secretBox: TotpSecretBox; recoveryKey: string; now?: () => Date }): MfaRepository {
  const { secretBox, recoveryKey } = options;
  const now = options.now ?? (() => new Date());

  return {
    async findTotp(userId) {
      const row = await db
        .selectFrom('latch_mfa_factors')
        .selectAll()
        .where('user_id', '=', userId)
        .where('type', '=', 'totp')
        .where('confirmed_at', 'is not', null)
        .executeTakeFirst();
      if (!row?.confirmed_at) return undefined;
      return {
        id: row.id,
        userId: row.user_id,
        secret: secretBox.open({ sealed: row.secret, factorId: row.id, userId: row.user_id }),
        lastUsedStep: row.last_used_step,
        confirmedAt: new Date(row.confirmed_at),
        createdAt: new Date(row.created_at),
      };
    },

    async createPendingTotp({ userId, secret }) {
      const id = `mfa_${randomBytes(12).toString('base64url')}`;
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('latch_mfa_factors').where('user_id', '=', userId).where('confirmed_at', 'is', null).execute();
        await trx
          .insertInto('latch_mfa_factors')
          .values({ id, user_id: userId, type: 'totp', secret: secretBox.seal({ secret, factorId: id, userId }), last_used_step: null, confirmed_at: null, created_at: now() })
          .execute();
      });
      return id;
    },

    async findPendingTotp({ userId, id }) {
      const row = await db
        .selectFrom('latch_mfa_factors')
        .selectAll()
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .where('confirmed_at', 'is', null)
        .executeTakeFirst();
      if (!row) return undefined;
      return { id: row.id, userId: row.user_id, secret: secretBox.open({ sealed: row.secret, factorId: row.id, userId: row.user_id }), createdAt: new Date(row.created_at) };
    },

    async confirmTotp({ userId, id, step }) {
      try {
        const result = await db
          .updateTable('latch_mfa_factors')
          .set({ confirmed_at: now(), last_used_step: step })
          .where('id', '=', id)
          .where('user_id', '=', userId)
          .where('confirmed_at', 'is', null)
          .executeTakeFirst();
        return result.numUpdatedRows > 0n;
      } catch (error) {
        // latch_mfa_factors_one_confirmed: another enrollment was confirmed first.
        if ((error as { code?: unknown }).code === '23505') return false;
        throw error;
      }
    },

    async recordTotpStep({ factorId, step }) {
      const result = await db
        .updateTable('latch_mfa_factors')
        .set({ last_used_step: step })
        .where('id', '=', factorId)
        .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async removeTotp(userId) {
      return db.transaction().execute(async (trx) => {
        const removed = await trx.deleteFrom('latch_mfa_factors').where('user_id', '=', userId).returning(['confirmed_at']).execute();
        // Recovery codes stand in for a second factor; with none left they mean nothing.
        await trx.deleteFrom('latch_recovery_codes').where('user_id', '=', userId).execute();
        return removed.some((row) => row.confirmed_at !== null);
      });
    },

    async replaceRecoveryCodes({ userId, codes }) {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('latch_recovery_codes').where('user_id', '=', userId).execute();
        if (codes.length === 0) return;
        const created = now();
        await trx
          .insertInto('latch_recovery_codes')
          .values(codes.map((code) => ({ user_id: userId, code_hash: hashRecoveryCode({ code, key: recoveryKey }), used_at: null, created_at: created })))
          .execute();
      });
    },

    async countRecoveryCodes(userId) {
      const row = await db
        .selectFrom('latch_recovery_codes')
        .select((eb) => eb.fn.countAll<string | number>().as('count'))
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(row?.count ?? 0);
    },

    async consumeRecoveryCode({ userId, input }) {
      const rows = await db.selectFrom('latch_recovery_codes').select('code_hash').where('user_id', '=', userId).where('used_at', 'is', null).execute();
      const storedHashes = rows.map((row) => row.code_hash);
      const index = findRecoveryCode({ input, storedHashes, key: recoveryKey });
      if (index < 0) return false;
      const result = await db
        .updateTable('latch_recovery_codes')
        .set({ used_at: now() })
        .where('user_id', '=', userId)
        .where('code_hash', '=', storedHashes[index] ?? '')
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}
