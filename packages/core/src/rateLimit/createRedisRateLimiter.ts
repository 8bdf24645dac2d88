import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { LatchError, RateLimitedError } from '../errors.ts';
import type { RateLimiter, RateLimitRule } from './createRateLimiter.ts';

/**
 * The same fixed-window limits on Redis (rate-limiter-flexible's atomic Lua
 * counter), for deployments that set `REDIS_URL`: no database write per
 * attempt. Every key names one purpose with one rule, so all rules share one
 * key prefix and `reset` can delete a key without knowing its rule.
 */
export function createRedisRateLimiter(redis: Redis, options: { keyPrefix?: string } = {}): RateLimiter {
  const keyPrefix = options.keyPrefix ?? 'latch:rl';
  const limiters = new Map<string, RateLimiterRedis>();

  function limiterFor(rule: RateLimitRule): RateLimiterRedis {
    const id = `${rule.points}/${rule.windowSeconds}`;
    let limiter = limiters.get(id);
    if (!limiter) {
      limiter = new RateLimiterRedis({ storeClient: redis, keyPrefix, points: rule.points, duration: rule.windowSeconds });
      limiters.set(id, limiter);
    }
    return limiter;
  }

  return {
    async consume(key, rule) {
      try {
        await limiterFor(rule).consume(key);
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          throw new RateLimitedError(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
        }
        // Fail closed: an attempt that cannot be counted is not allowed.
        throw new LatchError({ status: 503, code: 'rate_limit_unavailable', message: 'Try again in a moment.', cause: rejection });
      }
    },
    async reset(key) {
      await redis.del(`${keyPrefix}:${key}`);
    },
  };
}
