import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { RevocationChannel } from './cachedSessionStore.ts';

/**
 * Session revocations over Redis pub/sub. `subscriber` must be a connection of
 * its own: a subscribed Redis connection can run no other commands.
 */
export async function createRedisRevocationChannel(
  publisher: Redis,
  subscriber: Redis,
  logger: Logger,
  channel = 'latch:bff:session-revoked',
): Promise<RevocationChannel> {
  const listeners: ((idHash: string) => void)[] = [];
  subscriber.on('message', (from: string, message: string) => {
    if (from === channel) for (const listener of listeners) listener(message);
  });
  await subscriber.subscribe(channel);
  return {
    async publish(idHash) {
      await publisher.publish(channel, idHash).catch((error: unknown) => {
        // The session is already gone from the store; other instances drop it within the cache's staleness bound.
        logger.warn({ err: error }, 'publishing a session revocation failed');
      });
    },
    subscribe(listener) {
      listeners.push(listener);
    },
  };
}
