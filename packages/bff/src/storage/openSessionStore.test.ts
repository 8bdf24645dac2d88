import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { openSessionStore, type OpenedSessionStore } from './openSessionStore.ts';

const REDIS_URL = process.env.LATCH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = pino({ level: 'silent' });
const data = { email: 'ada@example.com', claims: {}, tokens: { accessToken: 'at', idToken: 'it' }, coreCookies: {} };

async function eventually(check: () => Promise<boolean>, timeoutMs = 2_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
}

describe('sessions in Redis across instances', () => {
  const redisKeyPrefix = `latch-test-${randomUUID()}`;
  const opened: OpenedSessionStore[] = [];
  // Each "instance" caches lookups for a full minute: only the revocation broadcast can end a session early.
  const open = async () => {
    const instance = await openSessionStore({ db: undefined, redisUrl: REDIS_URL, redisKeyPrefix, cacheMs: 60_000, logger });
    opened.push(instance);
    return instance.store;
  };

  afterAll(async () => {
    await Promise.all(opened.map((instance) => instance.close()));
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${redisKeyPrefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('a session ended on one instance is refused by another at once, despite its cache', async () => {
    const first = await open();
    const second = await open();
    const { id } = await first.create({ userId: 'u1', data, ttlSeconds: 3600 });
    expect(await first.find(id)).toMatchObject({ userId: 'u1', data: { email: 'ada@example.com' } });
    expect(await second.find(id)).toMatchObject({ userId: 'u1' });

    expect(await first.destroy(id)).toMatchObject({ userId: 'u1' });
    expect(await first.find(id)).toBeUndefined();
    expect(await eventually(async () => (await second.find(id)) === undefined)).toBe(true);
  });

  it('ends every session of a user on every instance (sign out everywhere), and no one else\'s', async () => {
    const first = await open();
    const second = await open();
    const a = await first.create({ userId: 'u-all', data, ttlSeconds: 3600 });
    const b = await second.create({ userId: 'u-all', data, ttlSeconds: 3600 });
    const other = await first.create({ userId: 'u-other', data, ttlSeconds: 3600 });
    expect(await second.find(a.id)).toBeDefined();
    expect(await first.find(b.id)).toBeDefined();

    expect(await first.destroyAllForUser('u-all')).toHaveLength(2);
    expect(await first.find(a.id)).toBeUndefined();
    expect(await first.find(b.id)).toBeUndefined();
    expect(await eventually(async () => (await second.find(a.id)) === undefined && (await second.find(b.id)) === undefined)).toBe(true);
    expect(await second.find(other.id)).toMatchObject({ userId: 'u-other' });
  });

  it('binds a flow to the browser that started it and expires it with the flow', async () => {
    const store = await open();
    const binding = { codeVerifier: 'v', state: 's', nonce: 'n', coreCookies: {} };
    await store.bindFlow({ flowId: 'flow_a', binding: 'browser-one', data: binding, expiresAt: new Date(Date.now() + 60_000) });
    expect(await store.findFlowBinding({ flowId: 'flow_a', binding: 'browser-one' })).toEqual(binding);
    expect(await store.findFlowBinding({ flowId: 'flow_a', binding: 'browser-two' })).toBeUndefined();

    await store.bindFlow({ flowId: 'flow_b', binding: 'browser-one', data: binding, expiresAt: new Date(Date.now() + 50) });
    expect(await eventually(async () => (await store.findFlowBinding({ flowId: 'flow_b', binding: 'browser-one' })) === undefined)).toBe(true);
  });

  it('fails at start-up, with a readable message, when Redis cannot be reached', async () => {
    await expect(openSessionStore({ db: undefined, redisUrl: 'redis://127.0.0.1:1', redisKeyPrefix, cacheMs: 0, logger })).rejects.toThrow(
      /Could not connect to Redis/u,
    );
  });

  it('refuses to start with neither a database nor Redis', async () => {
    await expect(openSessionStore({ db: undefined, redisUrl: undefined, redisKeyPrefix, cacheMs: 0, logger })).rejects.toThrow(/db.*redisUrl/u);
  });
});
