import { hashToken, type SessionStore, type StoredSession } from './createSessionStore.ts';

/** Tells other instances that a session ended, by the hash of its id (never the id itself). */
export interface RevocationChannel {
  publish(idHash: string): Promise<void>;
  subscribe(listener: (idHash: string) => void): void;
}

export interface SessionCacheOptions {
  /** How long a lookup is reused: without a revocation channel, the most a session ended on another instance outlives its end here. */
  maxStalenessMs: number;
  /** Entries kept at most; the oldest go first. */
  maxEntries: number;
  revocations?: RevocationChannel;
  now?: () => number;
}

interface Entry {
  session: StoredSession | undefined;
  fetchedAt: number;
}

/**
 * `GET /auth/session` and every guarded route look the session up, so the
 * lookup is the hot path. This keeps recent answers (found and not found) for
 * `maxStalenessMs`. Ending a session through this instance evicts it at once;
 * with a revocation channel (Redis pub/sub) every instance evicts it within
 * the channel's delivery time, otherwise within the staleness bound.
 */
export function cachedSessionStore(store: SessionStore, options: SessionCacheOptions): SessionStore {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  options.revocations?.subscribe((idHash) => entries.delete(idHash));

  function remember(key: string, session: StoredSession | undefined): void {
    entries.delete(key);
    entries.set(key, { session, fetchedAt: now() });
    if (entries.size > options.maxEntries) {
      const oldest = entries.keys().next();
      if (!oldest.done) entries.delete(oldest.value);
    }
  }

  return {
    ...store,
    async create(input) {
      const created = await store.create(input);
      entries.delete(hashToken(created.id));
      return created;
    },
    async find(id, findOptions) {
      const key = hashToken(id);
      const entry = entries.get(key);
      const at = now();
      if (entry && !findOptions?.fresh && at - entry.fetchedAt < options.maxStalenessMs) {
        if (!entry.session || entry.session.expiresAt.getTime() > at) return entry.session;
        entries.delete(key);
        return undefined;
      }
      const session = await store.find(id);
      remember(key, session);
      return session;
    },
    async updateTokens(id, input) {
      const key = hashToken(id);
      const updated = await store.updateTokens(id, input);
      entries.delete(key);
      // Other instances drop their copy too (the channel only evicts), so none keeps sending the old token.
      if (updated) await options.revocations?.publish(key);
      return updated;
    },
    async destroy(id) {
      const key = hashToken(id);
      entries.delete(key);
      const destroyed = await store.destroy(id);
      entries.delete(key);
      if (destroyed) await options.revocations?.publish(key);
      return destroyed;
    },
    async destroyAllForUser(userId) {
      const hashes = await store.destroyAllForUser(userId);
      for (const hash of hashes) {
        entries.delete(hash);
        await options.revocations?.publish(hash);
      }
      // Lookups of this user's sessions cached by id before this call are dropped too,
      // whether or not the store still listed them (e.g. a Redis set that lost a member).
      for (const [key, entry] of entries) if (entry.session?.userId === userId) entries.delete(key);
      return hashes;
    },
  };
}
