import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { BffSchema, FlowBindingData, SessionData } from './bffSchema.ts';

export interface StoredSession {
  userId: string;
  data: SessionData;
  createdAt: Date;
  expiresAt: Date;
}

export interface SessionStore {
  /** Creates a session and returns the new cookie value (256 random bits). */
  create(input: { userId: string; data: SessionData; ttlSeconds: number }): Promise<{ id: string; expiresAt: Date }>;
  find(id: string): Promise<StoredSession | undefined>;
  destroy(id: string): Promise<StoredSession | undefined>;
  /** Ends every session of `userId` (sign out everywhere); resolves with the ended sessions' id hashes. */
  destroyAllForUser(userId: string): Promise<string[]>;
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
