import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * Connects before resolving, so a wrong `redisUrl` is reported at start-up.
 * (The core has the same helper; the BFF keeps its own so that it runs
 * without the core in the process.) Outages are logged without the URL, which
 * may carry a password; commands fail fast rather than queue.
 */
export async function connectRedis(url: string, logger: Logger, options: { subscriber?: boolean } = {}): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    // A subscriber must queue its SUBSCRIBE until connected and re-subscribe after reconnecting.
    enableOfflineQueue: options.subscriber ?? false,
    maxRetriesPerRequest: 1,
    connectTimeout: 5_000,
  });
  redis.on('error', (error: Error) => logger.warn({ err: { message: error.message } }, 'Redis connection error'));
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new Error(`Could not connect to Redis (${(error as Error).message}).`, { cause: error });
  }
  return redis;
}
