import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { BffSchema } from './bffSchema.ts';
import { cachedSessionStore } from './cachedSessionStore.ts';
import { connectRedis } from './connectRedis.ts';
import { createRedisSessionStore } from './createRedisSessionStore.ts';
import { createSessionStore, type SessionStore } from './createSessionStore.ts';
import { migrateBff } from './migrateBff.ts';
import { createRedisRevocationChannel } from './redisRevocationChannel.ts';

export interface OpenedSessionStore {
  store: SessionStore;
  close(): Promise<void>;
}

/**
 * Sessions in Redis when `redisUrl` is set (with revocations broadcast to
 * every instance's cache), otherwise in the SQL database (tables created here).
 */
export async function openSessionStore(options: {
  db: Kysely<BffSchema> | undefined;
  redisUrl: string | undefined;
  redisKeyPrefix: string;
  cacheMs: number;
  logger: Logger;
}): Promise<OpenedSessionStore> {
  const cache = { maxStalenessMs: options.cacheMs, maxEntries: 10_000 };
  if (!options.redisUrl) {
    if (!options.db) throw new TypeError('createBff(): pass `db` (a Kysely instance) or `redisUrl`.');
    await migrateBff(options.db as unknown as Kysely<unknown>);
    return { store: cachedSessionStore(createSessionStore(options.db), cache), close: async () => undefined };
  }
  const redis = await connectRedis(options.redisUrl, options.logger);
  let subscriber: Redis | undefined;
  try {
    subscriber = await connectRedis(options.redisUrl, options.logger, { subscriber: true });
    const revocations = await createRedisRevocationChannel(redis, subscriber, options.logger, `${options.redisKeyPrefix}:bff:session-revoked`);
    const connections = [redis, subscriber];
    return {
      store: cachedSessionStore(createRedisSessionStore(redis, { keyPrefix: `${options.redisKeyPrefix}:bff` }), { ...cache, revocations }),
      async close() {
        await Promise.all(connections.map((connection) => connection.quit().catch(() => connection.disconnect())));
      },
    };
  } catch (error) {
    redis.disconnect();
    subscriber?.disconnect();
    throw error;
  }
}

/** A store usable at once whose calls wait for the real one (opened asynchronously at start-up). */
export function deferredSessionStore(opened: Promise<OpenedSessionStore>): SessionStore {
  const call =
    <K extends keyof SessionStore>(name: K) =>
    async (...args: Parameters<SessionStore[K]>): Promise<Awaited<ReturnType<SessionStore[K]>>> => {
      const { store } = await opened;
      return (store[name] as (...inner: Parameters<SessionStore[K]>) => Promise<Awaited<ReturnType<SessionStore[K]>>>)(...args);
    };
  return {
    create: call('create'),
    find: call('find'),
    destroy: call('destroy'),
    destroyAllForUser: call('destroyAllForUser'),
    updateTokens: call('updateTokens'),
    acquireRefreshLock: call('acquireRefreshLock'),
    releaseRefreshLock: call('releaseRefreshLock'),
    bindFlow: call('bindFlow'),
    findFlowBinding: call('findFlowBinding'),
    deleteFlowBinding: call('deleteFlowBinding'),
    pruneExpired: call('pruneExpired'),
  };
}
