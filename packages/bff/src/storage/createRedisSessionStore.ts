import type { Redis } from 'ioredis';
import type { FlowBindingData, SessionData } from './bffSchema.ts';
import { hashToken, newSecretToken, type SessionStore } from './createSessionStore.ts';

interface RedisSession {
  userId: string;
  data: SessionData;
  createdAt: string;
  expiresAt: string;
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
  const sessionKey = (id: string) => `${prefix}:session:${hashToken(id)}`;
  const flowKey = (flowId: string) => `${prefix}:flow:${flowId}`;
  // Per user, the hashes of their session keys, so "sign out everywhere" needs no scan.
  const userKey = (userId: string) => `${prefix}:user-sessions:${userId}`;
  const lockKey = (id: string) => `${prefix}:refresh-lock:${hashToken(id)}`;

  function parseSession(raw: string | null): RedisSession | undefined {
    if (!raw) return undefined;
    const session = JSON.parse(raw) as RedisSession;
    return new Date(session.expiresAt) > now() ? session : undefined;
  }
  const toStored = (session: RedisSession) => ({
    userId: session.userId,
    data: session.data,
    createdAt: new Date(session.createdAt),
    expiresAt: new Date(session.expiresAt),
  });

  return {
    async create({ userId, data, ttlSeconds }) {
      const id = newSecretToken();
      const createdAt = now();
      const expiresAt = new Date(createdAt.getTime() + ttlSeconds * 1000);
      const value: RedisSession = { userId, data, createdAt: createdAt.toISOString(), expiresAt: expiresAt.toISOString() };
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
    async destroyAllForUser(userId) {
      const hashes = await redis.smembers(userKey(userId));
      if (hashes.length > 0) await redis.del(...hashes.map((hash) => `${prefix}:session:${hash}`));
      await redis.del(userKey(userId));
      return hashes;
    },
    async updateTokens(id, { previousRefreshToken, tokens }) {
      // Callers hold the session's refresh lock, so no other writer races between GET and SET;
      // XX never brings back a session destroyed meanwhile, KEEPTTL keeps its lifetime.
      const session = parseSession(await redis.get(sessionKey(id)));
      if (!session || (session.data.tokens.refreshToken ?? '') !== (previousRefreshToken ?? '')) return false;
      const value: RedisSession = { ...session, data: { ...session.data, tokens } };
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
