import type { Redis } from 'ioredis';
import type { FlowBindingData, SessionData } from './bffSchema.ts';
import { hashToken, newPublicId, newSecretToken, type SessionStore, type StoredSession } from './createSessionStore.ts';

interface RedisSession {
  userId: string;
  data: SessionData;
  createdAt: string;
  expiresAt: string;
  publicId?: string;
  userAgent?: string;
  ip?: string;
  lastSeenAt?: string;
}

interface RedisFlowBinding {
  bindingHash: string;
  data: FlowBindingData;
}

/**
 * Sessions and flow bindings in Redis, for deployments that set `redisUrl`.
 * Keys hold the SHA-256 of the cookie value, as the SQL store does, and expire
 * with the session, so nothing needs pruning.
 */
export function createRedisSessionStore(redis: Redis, options: { keyPrefix?: string; now?: () => Date } = {}): SessionStore {
  const prefix = options.keyPrefix ?? 'latch:bff';
  const now = options.now ?? (() => new Date());
  const hashKey = (hash: string) => `${prefix}:session:${hash}`;
  const sessionKey = (id: string) => hashKey(hashToken(id));
  const flowKey = (flowId: string) => `${prefix}:flow:${flowId}`;
  // Per user, the hashes of their session keys, so "sign out everywhere" and the device list need no scan.
  const userKey = (userId: string) => `${prefix}:user-sessions:${userId}`;
  const lockKey = (id: string) => `${prefix}:refresh-lock:${hashToken(id)}`;

  function parseSession(raw: string | null): RedisSession | undefined {
    if (!raw) return undefined;
    const session = JSON.parse(raw) as RedisSession;
    return new Date(session.expiresAt) > now() ? session : undefined;
  }
  const toStored = (session: RedisSession): StoredSession => ({
    userId: session.userId,
    data: session.data,
    createdAt: new Date(session.createdAt),
    expiresAt: new Date(session.expiresAt),
    // Sessions written before devices were recorded have no public id: listed, ended only by "sign out everywhere" (or expiry).
    publicId: session.publicId ?? '',
    userAgent: session.userAgent ?? '',
    ip: session.ip ?? '',
    lastSeenAt: new Date(session.lastSeenAt ?? session.createdAt),
  });

  /** The user's live sessions with the hash of each (members of expired ones are dropped from the set). */
  async function sessionsOf(userId: string): Promise<{ hash: string; session: RedisSession }[]> {
    const hashes = await redis.smembers(userKey(userId));
    if (hashes.length === 0) return [];
    const values = await redis.mget(...hashes.map(hashKey));
    const live: { hash: string; session: RedisSession }[] = [];
    const gone: string[] = [];
    hashes.forEach((hash, index) => {
      const session = parseSession(values[index] ?? null);
      if (session) live.push({ hash, session });
      else gone.push(hash);
    });
    if (gone.length > 0) await redis.srem(userKey(userId), ...gone);
    return live;
  }

  /**
   * Rewrites a session's value, keeping its expiry; a session that ended
   * meanwhile stays ended. Holds the session's refresh lock while it does, so
   * a token refresh on another instance cannot be overwritten with the old
   * refresh token (the core would take its reuse for theft). `waitMs: 0`
   * gives up at once when the lock is taken (last-seen updates are best effort).
   */
  async function rewrite(hash: string, change: (session: RedisSession) => RedisSession, waitMs = 2_000): Promise<boolean> {
    const lock = `${prefix}:refresh-lock:${hash}`;
    const lease = newSecretToken();
    const deadline = Date.now() + waitMs;
    while ((await redis.set(lock, lease, 'PX', 5_000, 'NX')) !== 'OK') {
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    try {
      const session = parseSession(await redis.get(hashKey(hash)));
      if (!session) return false;
      return (await redis.set(hashKey(hash), JSON.stringify(change(session)), 'KEEPTTL', 'XX')) === 'OK';
    } finally {
      await redis.eval(RELEASE_LOCK, 1, lock, lease);
    }
  }

  return {
    async create({ userId, data, ttlSeconds, device }) {
      const id = newSecretToken();
      const createdAt = now();
      const expiresAt = new Date(createdAt.getTime() + ttlSeconds * 1000);
      const value: RedisSession = {
        userId,
        data,
        createdAt: createdAt.toISOString(),
        expiresAt: expiresAt.toISOString(),
        publicId: newPublicId(),
        userAgent: (device?.userAgent ?? '').slice(0, 512),
        ip: (device?.ip ?? '').slice(0, 64),
        lastSeenAt: createdAt.toISOString(),
      };
      // The set lives as long as the newest session in it (sessions share one TTL); members
      // of expired sessions are harmless, since deleting a key that is gone does nothing.
      await redis
        .multi()
        .set(sessionKey(id), JSON.stringify(value), 'PX', ttlSeconds * 1000)
        .sadd(userKey(userId), hashToken(id))
        .pexpire(userKey(userId), ttlSeconds * 1000)
        .exec();
      return { id, expiresAt };
    },
    async find(id) {
      const session = parseSession(await redis.get(sessionKey(id)));
      return session && toStored(session);
    },
    async destroy(id) {
      const session = parseSession(await redis.getdel(sessionKey(id)));
      if (session) await redis.srem(userKey(session.userId), hashToken(id));
      return session && toStored(session);
    },
    async destroyAllForUser(userId, options = {}) {
      const keep = options.except ? hashToken(options.except) : undefined;
      const hashes = (await redis.smembers(userKey(userId))).filter((hash) => hash !== keep);
      if (hashes.length > 0) {
        await redis.del(...hashes.map(hashKey));
        await redis.srem(userKey(userId), ...hashes);
      }
      if (!keep) await redis.del(userKey(userId));
      return hashes;
    },
    async touch(id, { at, ip }) {
      await rewrite(hashToken(id), (session) => ({ ...session, lastSeenAt: at.toISOString(), ip: ip.slice(0, 64) }), 0);
    },
    async listForUser(userId) {
      const sessions = (await sessionsOf(userId)).map(({ session }) => toStored(session));
      return sessions.sort((a, b) => b.lastSeenAt.getTime() - a.lastSeenAt.getTime());
    },
    async destroyByPublicId({ userId, publicId }) {
      const match = (await sessionsOf(userId)).find(({ session }) => session.publicId === publicId);
      if (!match) return undefined;
      const removed = await redis.del(hashKey(match.hash));
      await redis.srem(userKey(userId), match.hash);
      return removed > 0 ? { ...toStored(match.session), idHash: match.hash } : undefined;
    },
    async updateEmail({ userId, email }) {
      const updated: string[] = [];
      for (const { hash } of await sessionsOf(userId)) {
        const changed = await rewrite(hash, (session) => ({ ...session, data: { ...session.data, email, claims: { ...session.data.claims, email } } }));
        if (changed) updated.push(hash);
      }
      return updated;
    },
    async updateTokens(id, { previousRefreshToken, tokens }) {
      // Callers hold the session's refresh lock, so no other writer races between GET and SET;
      // XX never brings back a session destroyed meanwhile, KEEPTTL keeps its lifetime.
      const session = parseSession(await redis.get(sessionKey(id)));
      if (!session || (session.data.tokens.refreshToken ?? '') !== (previousRefreshToken ?? '')) return false;
      const value: RedisSession = { ...session, data: { ...session.data, tokens } };
      return (await redis.set(sessionKey(id), JSON.stringify(value), 'KEEPTTL', 'XX')) === 'OK';
    },
    async setOrganization(id, organization) {
      const session = parseSession(await redis.get(sessionKey(id)));
      if (!session) return false;
      const value: RedisSession = { ...session, data: { ...session.data, organization } };
      return (await redis.set(sessionKey(id), JSON.stringify(value), 'KEEPTTL', 'XX')) === 'OK';
    },
    async acquireRefreshLock(id, ttlMs) {
      const lease = newSecretToken();
      return (await redis.set(lockKey(id), lease, 'PX', ttlMs, 'NX')) === 'OK' ? lease : undefined;
    },
    async releaseRefreshLock(id, lease) {
      await redis.eval(RELEASE_LOCK, 1, lockKey(id), lease);
    },
    async bindFlow({ flowId, binding, data, expiresAt }) {
      const value: RedisFlowBinding = { bindingHash: hashToken(binding), data };
      const ttl = Math.max(1, expiresAt.getTime() - now().getTime());
      await redis.set(flowKey(flowId), JSON.stringify(value), 'PX', ttl);
    },
    async findFlowBinding({ flowId, binding }) {
      const raw = await redis.get(flowKey(flowId));
      if (!raw) return undefined;
      const value = JSON.parse(raw) as RedisFlowBinding;
      return value.bindingHash === hashToken(binding) ? value.data : undefined;
    },
    async deleteFlowBinding(flowId) {
      await redis.del(flowKey(flowId));
    },
    async pruneExpired() {
      // Redis expires keys by itself.
      return { sessions: 0, flowBindings: 0 };
    },
  };
}

const RELEASE_LOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;
