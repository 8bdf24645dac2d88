import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { BffSchema, FlowBindingData, SessionData, StoredTokens } from './bffSchema.ts';

export interface StoredSession {
  userId: string;
  data: SessionData;
  createdAt: Date;
  expiresAt: Date;
}

export interface SessionStore {
  /** Creates a session and returns the new cookie value (256 random bits). */
  create(input: { userId: string; data: SessionData; ttlSeconds: number }): Promise<{ id: string; expiresAt: Date }>;
  /** `fresh` skips any cache in front of the store (used around token refreshes). */
  find(id: string, options?: { fresh?: boolean }): Promise<StoredSession | undefined>;
  destroy(id: string): Promise<StoredSession | undefined>;
  /** Ends every session of `userId` (sign out everywhere); resolves with the ended sessions' id hashes. */
  destroyAllForUser(userId: string): Promise<string[]>;
  /**
   * Stores refreshed tokens, only if the session still holds `previousRefreshToken`
   * (compare-and-swap); false when the session is gone or was refreshed meanwhile.
   */
  updateTokens(id: string, input: { previousRefreshToken: string | undefined; tokens: StoredTokens }): Promise<boolean>;
  /**
   * Takes the session's refresh lock for `ttlMs` across every instance sharing
   * the store; resolves with a lease to release, or `undefined` when another
   * holder has it. A crashed holder's lease simply lapses.
   */
  acquireRefreshLock(id: string, ttlMs: number): Promise<string | undefined>;
  releaseRefreshLock(id: string, lease: string): Promise<void>;
  bindFlow(input: { flowId: string; binding: string; data: FlowBindingData; expiresAt: Date }): Promise<void>;
  /** The flow's binding, only when `binding` is the browser's value that created it. */
  findFlowBinding(input: { flowId: string; binding: string }): Promise<FlowBindingData | undefined>;
  deleteFlowBinding(flowId: string): Promise<void>;
  /** Deletes expired sessions and flow bindings; returns how many rows went. */
  pruneExpired(): Promise<{ sessions: number; flowBindings: number }>;
}

export const newSecretToken = (): string => randomBytes(32).toString('base64url');
export const hashToken = (value: string): string => createHash('sha256').update(value).digest('base64url');

export function createSessionStore(db: Kysely<BffSchema>, now: () => Date = () => new Date()): SessionStore {
  return {
    async create({ userId, data, ttlSeconds }) {
      const id = newSecretToken();
      const createdAt = now();
      const expiresAt = new Date(createdAt.getTime() + ttlSeconds * 1000);
      await db
        .insertInto('latch_bff_sessions')
        .values({ id_hash: hashToken(id), user_id: userId, data: JSON.stringify(data), created_at: createdAt, expires_at: expiresAt })
        .execute();
      return { id, expiresAt };
    },
    async find(id) {
      const row = await db
        .selectFrom('latch_bff_sessions')
        .select(['user_id', 'data', 'created_at', 'expires_at'])
        .where('id_hash', '=', hashToken(id))
        .where('expires_at', '>', now())
        .executeTakeFirst();
      return row && { userId: row.user_id, data: row.data, createdAt: new Date(row.created_at), expiresAt: new Date(row.expires_at) };
    },
    async destroy(id) {
      const row = await db
        .deleteFrom('latch_bff_sessions')
        .where('id_hash', '=', hashToken(id))
        .returning(['user_id', 'data', 'created_at', 'expires_at'])
        .executeTakeFirst();
      return row && { userId: row.user_id, data: row.data, createdAt: new Date(row.created_at), expiresAt: new Date(row.expires_at) };
    },
    async destroyAllForUser(userId) {
      const rows = await db.deleteFrom('latch_bff_sessions').where('user_id', '=', userId).returning(['id_hash']).execute();
      return rows.map((row) => row.id_hash);
    },
    async updateTokens(id, { previousRefreshToken, tokens }) {
      const result = await db
        .updateTable('latch_bff_sessions')
        .set({ data: sql`jsonb_set(data, '{tokens}', ${JSON.stringify(tokens)}::jsonb)` as never })
        .where('id_hash', '=', hashToken(id))
        .where(sql<string>`coalesce(data->'tokens'->>'refreshToken', '')`, '=', previousRefreshToken ?? '')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    // The lease lives in the session row itself (`data.refreshLock`): one conditional
    // UPDATE takes it, so two instances on one PostgreSQL can never both hold it.
    async acquireRefreshLock(id, ttlMs) {
      const lease = newSecretToken();
      const at = now().getTime();
      const result = await db
        .updateTable('latch_bff_sessions')
        .set({ data: sql`jsonb_set(data, '{refreshLock}', ${JSON.stringify({ lease, until: at + ttlMs })}::jsonb)` as never })
        .where('id_hash', '=', hashToken(id))
        .where((eb) => eb.or([eb(sql`data->'refreshLock'`, 'is', null), eb(sql`(data->'refreshLock'->>'until')::bigint`, '<', at)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1 ? lease : undefined;
    },
    async releaseRefreshLock(id, lease) {
      await db
        .updateTable('latch_bff_sessions')
        .set({ data: sql`data - 'refreshLock'` as never })
        .where('id_hash', '=', hashToken(id))
        .where(sql<string>`data->'refreshLock'->>'lease'`, '=', lease)
        .execute();
    },
    async bindFlow({ flowId, binding, data, expiresAt }) {
      await db
        .insertInto('latch_bff_flow_bindings')
        .values({ flow_id: flowId, binding_hash: hashToken(binding), data: JSON.stringify(data), expires_at: expiresAt })
        .execute();
    },
    async findFlowBinding({ flowId, binding }) {
      const row = await db
        .selectFrom('latch_bff_flow_bindings')
        .select(['data'])
        .where('flow_id', '=', flowId)
        .where('binding_hash', '=', hashToken(binding))
        .executeTakeFirst();
      return row?.data;
    },
    async deleteFlowBinding(flowId) {
      await db.deleteFrom('latch_bff_flow_bindings').where('flow_id', '=', flowId).execute();
    },
    async pruneExpired() {
      const at = now();
      const sessions = await db.deleteFrom('latch_bff_sessions').where('expires_at', '<=', at).executeTakeFirst();
      const flowBindings = await db.deleteFrom('latch_bff_flow_bindings').where('expires_at', '<=', at).executeTakeFirst();
      return { sessions: Number(sessions.numDeletedRows), flowBindings: Number(flowBindings.numDeletedRows) };
    },
  };
}
