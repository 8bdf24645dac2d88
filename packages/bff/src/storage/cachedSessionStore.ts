import type { SessionStore, StoredSession } from './createSessionStore.ts';

export interface SessionCacheOptions {
  /** How long a lookup is reused: the most a session revoked on another instance can outlive its revocation here. */
  maxStalenessMs: number;
  /** Entries kept at most; the oldest go first. */
  maxEntries: number;
  now?: () => number;
}

interface Entry {
  session: StoredSession | undefined;
  fetchedAt: number;
}

/**
 * `GET /auth/session` and every guarded route look the session up, so the
 * lookup is the hot path. This keeps recent answers (found and not found) for
 * `maxStalenessMs`. Destroying a session through this instance evicts it at
 * once; other instances see the revocation within the staleness bound.
 */
export function cachedSessionStore(store: SessionStore, options: SessionCacheOptions): SessionStore {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();

  function remember(id: string, session: StoredSession | undefined): void {
    entries.delete(id);
    entries.set(id, { session, fetchedAt: now() });
    if (entries.size > options.maxEntries) {
      const oldest = entries.keys().next();
      if (!oldest.done) entries.delete(oldest.value);
    }
  }

  return {
    ...store,
    async create(input) {
      const created = await store.create(input);
      entries.delete(created.id);
      return created;
    },
    async find(id) {
      const entry = entries.get(id);
      const at = now();
      if (entry && at - entry.fetchedAt < options.maxStalenessMs) {
        if (!entry.session || entry.session.expiresAt.getTime() > at) return entry.session;
        entries.delete(id);
        return undefined;
      }
      const session = await store.find(id);
      remember(id, session);
      return session;
    },
    async destroy(id) {
      entries.delete(id);
      const destroyed = await store.destroy(id);
      entries.delete(id);
      return destroyed;
    },
  };
}
