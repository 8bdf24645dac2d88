import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LatchError, RateLimitedError } from '../errors.ts';
import { createRedisRateLimiter } from './createRedisRateLimiter.ts';

const REDIS_URL = process.env.LATCH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const rule = { points: 3, windowSeconds: 60 };

describe('createRedisRateLimiter (real Redis)', () => {
  let redis: Redis;
  // A prefix of this run's own, so parallel runs never share counters.
  const keyPrefix = `latch-test:${randomBytes(6).toString('hex')}:rl`;

  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
  });
  afterAll(async () => {
    const keys = await redis.keys(`${keyPrefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('allows the rule’s points, then refuses with a Retry-After within the window', async () => {
    const limiter = createRedisRateLimiter(redis, { keyPrefix });
    for (let i = 0; i < rule.points; i += 1) await limiter.consume('sign-in:ip:a', rule);
    const refusal = await limiter.consume('sign-in:ip:a', rule).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RateLimitedError);
    const retryAfter = Number((refusal as RateLimitedError).headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(rule.windowSeconds);
    // Another key is counted on its own.
    await expect(limiter.consume('sign-in:ip:b', rule)).resolves.toBeUndefined();
  });

  it('counts exactly under concurrency and across instances sharing Redis', async () => {
    const first = createRedisRateLimiter(redis, { keyPrefix });
    const second = createRedisRateLimiter(redis, { keyPrefix });
    const attempts = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? first : second).consume('sign-in:account:x', { points: 4, windowSeconds: 60 })),
    );
    expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(4);
  });

  it('forgets a key on reset', async () => {
    const limiter = createRedisRateLimiter(redis, { keyPrefix });
    for (let i = 0; i < rule.points; i += 1) await limiter.consume('sign-in:account:y', rule);
    await expect(limiter.consume('sign-in:account:y', rule)).rejects.toBeInstanceOf(RateLimitedError);
    await limiter.reset('sign-in:account:y');
    await expect(limiter.consume('sign-in:account:y', rule)).resolves.toBeUndefined();
  });

  it('opens a new window once the old one has passed', async () => {
    const limiter = createRedisRateLimiter(redis, { keyPrefix });
    const short = { points: 1, windowSeconds: 1 };
    await limiter.consume('sign-up:ip:z', short);
    await expect(limiter.consume('sign-up:ip:z', short)).rejects.toBeInstanceOf(RateLimitedError);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await expect(limiter.consume('sign-up:ip:z', short)).resolves.toBeUndefined();
  });

  it('fails closed with a 503 when Redis cannot be reached', async () => {
    const down = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    try {
      const limiter = createRedisRateLimiter(down, { keyPrefix });
      const error = await limiter.consume('sign-in:ip:c', rule).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(LatchError);
      expect(error).toMatchObject({ status: 503, code: 'rate_limit_unavailable' });
    } finally {
      down.disconnect();
    }
  });
});
