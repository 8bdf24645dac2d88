import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * Connects before returning, so a wrong `REDIS_URL` fails at start-up. Later
 * outages are logged (without the URL, which may hold a password) and
 * ioredis reconnects by itself; meanwhile commands fail fast instead of queueing.
 */
export async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 5_000 });
  redis.on('error', (error: Error) => logger.warn({ err: { message: error.message } }, 'Redis connection error'));
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new Error(`Could not connect to Redis (${(error as Error).message}).`, { cause: error });
  }
  return redis;
}
