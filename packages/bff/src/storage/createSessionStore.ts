import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { BffSchema, FlowBindingData, SessionData, SessionOrganization, StoredTokens } from './bffSchema.ts';

export interface StoredSession {
  userId: string;
  data: SessionData;
  createdAt: Date;
  expiresAt: Date;
  /** Opaque id naming the session in the account's list of devices; never the cookie value or its hash. */
  publicId: string;
  /** The `User-Agent` it signed in with. */
  userAgent: string;
  /** The end user's address as last seen. */
  ip: string;
  /** When a request last used it, to within `LAST_SEEN_RESOLUTION_MS`. */
  lastSeenAt: Date;
}

/** A session ended by its public id, with the hash other instances' caches know it by. */
export type DestroyedSession = StoredSession & { idHash: string };

/** Where and from what a session was started. */
export interface SessionDevice {
  userAgent: string;
  ip: string;
}

export interface SessionStore {
  /** Creates a session and returns the new cookie value (256 random bits). */
  create(input: { userId: string; data: SessionData; ttlSeconds: number; device?: SessionDevice | undefined }): Promise<{ id: string; expiresAt: Date }>;
  /** `fresh` skips any cache in front of the store (used around token refreshes). */
  find(id: string, options?: { fresh?: boolean }): Promise<StoredSession | undefined>;
  destroy(id: string): Promise<StoredSession | undefined>;
  /**
   * Ends every session of `userId` (sign out everywhere), or every one but the
   * session whose cookie value is `except`; resolves with the ended sessions' id hashes.
   */
  destroyAllForUser(userId: string, options?: { except?: string | undefined }): Promise<string[]>;
  /** Records use of the session (last seen, and the address it came from); best effort. */
  touch(id: string, input: { at: Date; ip: string }): Promise<void>;
  /** The user's live sessions, most recently seen first. */
  listForUser(userId: string): Promise<StoredSession[]>;
  /** Ends one of `userId`'s sessions by its public id; `undefined` when they have none by that id. */
  destroyByPublicId(input: { userId: string; publicId: string }): Promise<DestroyedSession | undefined>;
  /** After a change of address: every session of the user shows the new one. Resolves with their id hashes. */
  updateEmail(input: { userId: string; email: string }): Promise<string[]>;
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
  /** Stores the session's active organization (`null`: the personal account); false when the session is gone. */
  setOrganization(id: string, organization: SessionOrganization | null): Promise<boolean>;
  releaseRefreshLock(id: string, lease: string): Promise<void>;
  bindFlow(input: { flowId: string; binding: string; data: FlowBindingData; expiresAt: Date }): Promise<void>;
  /** The flow's binding, only when `binding` is the browser's value that created it. */
  findFlowBinding(input: { flowId: string; binding: string }): Promise<FlowBindingData | undefined>;
  deleteFlowBinding(flowId: string): Promise<void>;
  /** Deletes expired sessions and flow bindings; returns how many rows went. */
  pruneExpired(): Promise<{ sessions: number; flowBindings: number }>;
}

export const newSecretToken = (): string => randomBytes(32).toString('base64url');
export const newPublicId = (): string => randomBytes(16).toString('base64url');
export const hashToken = (value: string): string => createHash('sha256').update(value).digest('base64url');
/** A public id as the API accepts it: what `newPublicId()` makes, or a migrated row's 32 hex digits. */
export const PUBLIC_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/u;

const SESSION_COLUMNS = ['id_hash', 'user_id', 'data', 'created_at', 'expires_at', 'public_id', 'user_agent', 'ip', 'last_seen_at'] as const;

type SessionRow = {
  id_hash: string;
  user_id: string;
  data: SessionData;
  created_at: Date;
  expires_at: Date;
  public_id: string;
  user_agent: string;
  ip: string;
  last_seen_at: Date;
};

const toStored = (row: SessionRow): StoredSession => ({
  userId: row.user_id,
  data: row.data,
  createdAt: new Date(row.created_at),
  expiresAt: new Date(row.expires_at),
  publicId: row.public_id,
  userAgent: row.user_agent,
  ip: row.ip,
  lastSeenAt: new Date(row.last_seen_at),
});

export function createSessionStore(db: Kysely<BffSchema>, now: () => Date = () => new Date()): SessionStore {
  return {
    async create({ userId, data, ttlSeconds, device }) {
      const id = newSecretToken();
      const createdAt = now();
      const expiresAt = new Date(createdAt.getTime() + ttlSeconds * 1000);
      await db
        .insertInto('latch_bff_sessions')
        .values({
          id_hash: hashToken(id),
          user_id: userId,
          data: JSON.stringify(data),
          created_at: createdAt,
          expires_at: expiresAt,
          public_id: newPublicId(),
          user_agent: (device?.userAgent ?? '').slice(0, 512),
          ip: (device?.ip ?? '').slice(0, 64),
          last_seen_at: createdAt,
        })
        .execute();
      return { id, expiresAt };
    },
    async find(id) {
      const row = await db.selectFrom('latch_bff_sessions').select(SESSION_COLUMNS).where('id_hash', '=', hashToken(id)).where('expires_at', '>', now()).executeTakeFirst();
      return row && toStored(row);
    },
    async destroy(id) {
      const row = await db.deleteFrom('latch_bff_sessions').where('id_hash', '=', hashToken(id)).returning(SESSION_COLUMNS).executeTakeFirst();
      return row && toStored(row);
    },
    async destroyAllForUser(userId, options = {}) {
      let query = db.deleteFrom('latch_bff_sessions').where('user_id', '=', userId);
      if (options.except) query = query.where('id_hash', '!=', hashToken(options.except));
      const rows = await query.returning(['id_hash']).execute();
      return rows.map((row) => row.id_hash);
    },
    async touch(id, { at, ip }) {
      await db.updateTable('latch_bff_sessions').set({ last_seen_at: at, ip: ip.slice(0, 64) }).where('id_hash', '=', hashToken(id)).execute();
    },
    async listForUser(userId) {
      const rows = await db.selectFrom('latch_bff_sessions').select(SESSION_COLUMNS).where('user_id', '=', userId).where('expires_at', '>', now()).orderBy('last_seen_at', 'desc').execute();
      return rows.map(toStored);
    },
    async destroyByPublicId({ userId, publicId }) {
      const row = await db.deleteFrom('latch_bff_sessions').where('user_id', '=', userId).where('public_id', '=', publicId).returning(SESSION_COLUMNS).executeTakeFirst();
      return row && { ...toStored(row), idHash: row.id_hash };
    },
    async updateEmail({ userId, email }) {
      const rows = await db
        .updateTable('latch_bff_sessions')
        .set({ data: sql`jsonb_set(jsonb_set(data, '{email}', to_jsonb(${email}::text)), '{claims,email}', to_jsonb(${email}::text))` })
        .where('user_id', '=', userId)
        .returning(['id_hash'])
        .execute();
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
    async setOrganization(id, organization) {
      const result = await db
        .updateTable('latch_bff_sessions')
        .set({ data: sql`jsonb_set(data, '{organization}', ${JSON.stringify(organization)}::jsonb)` as never })
        .where('id_hash', '=', hashToken(id))
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
