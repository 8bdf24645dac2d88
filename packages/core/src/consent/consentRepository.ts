import type { Kysely } from 'kysely';
import type { CoreSchema } from '../storage/schema.ts';
import type { ConsentDecision, ConsentSource, CurrentDecision } from './consentDecisions.ts';

/** One stored receipt, as the account API returns it. */
export interface ConsentReceipt {
  id: string;
  purposeId: string;
  version: number;
  decision: ConsentDecision;
  source: ConsentSource;
  locale: string;
  /** Hex SHA-256 of the title and text shown. */
  textSha256: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
}

export interface NewReceipt {
  userId: string;
  purposeId: string;
  version: number;
  decision: ConsentDecision;
  source: ConsentSource;
  locale: string;
  textSha256: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
}

/** Largest history page the account API returns. */
export const RECEIPTS_MAX_LIMIT = 500;

/**
 * The receipts table: insert and read only. The table refuses updates and
 * deletes itself (a trigger of migration 0011).
 */
export function createConsentRepository() {
  return {
    /** `db` may be a transaction, so receipts join the write they belong to (a new user). */
    async insert(db: Kysely<CoreSchema>, receipts: readonly NewReceipt[]): Promise<void> {
      if (receipts.length === 0) return;
      await db
        .insertInto('latch_consent_receipts')
        .values(
          receipts.map((receipt) => ({
            user_id: receipt.userId,
            purpose_id: receipt.purposeId,
            purpose_version: receipt.version,
            decision: receipt.decision,
            source: receipt.source,
            locale: receipt.locale,
            text_sha256: receipt.textSha256,
            ip: receipt.ip,
            user_agent: receipt.userAgent,
            created_at: receipt.createdAt,
          })),
        )
        .execute();
    },

    /** The latest receipt per purpose: the user's current decisions. */
    async current(db: Kysely<CoreSchema>, userId: string): Promise<Map<string, CurrentDecision>> {
      const rows = await db
        .selectFrom('latch_consent_receipts')
        .select(['purpose_id', 'purpose_version', 'decision', 'created_at'])
        .distinctOn('purpose_id')
        .where('user_id', '=', userId)
        .orderBy('purpose_id')
        .orderBy('id', 'desc')
        .execute();
      return new Map(rows.map((row) => [row.purpose_id, { decision: row.decision, version: row.purpose_version, decidedAt: new Date(row.created_at) }]));
    },

    /** Newest first. */
    async history(db: Kysely<CoreSchema>, userId: string, limit = RECEIPTS_MAX_LIMIT): Promise<ConsentReceipt[]> {
      const rows = await db
        .selectFrom('latch_consent_receipts')
        .selectAll()
        .select((eb) => eb.cast<string>('id', 'text').as('id_text'))
        .where('user_id', '=', userId)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((row) => ({
        id: row.id_text,
        purposeId: row.purpose_id,
        version: row.purpose_version,
        decision: row.decision,
        source: row.source,
        locale: row.locale,
        textSha256: row.text_sha256,
        ip: row.ip,
        userAgent: row.user_agent,
        createdAt: new Date(row.created_at).toISOString(),
      }));
    },
  };
}

export type ConsentRepository = ReturnType<typeof createConsentRepository>;
