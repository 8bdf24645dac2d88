import { randomUUID } from 'node:crypto';
import { testDatabases } from '@latch/core/testing';
import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BffSchema } from './bffSchema.ts';
import { openSessionStore, type OpenedSessionStore } from './openSessionStore.ts';
import type { SessionStore } from './createSessionStore.ts';

const REDIS_URL = process.env.LATCH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = pino({ level: 'silent' });
const data = (email: string) => ({ email, claims: { email }, tokens: { accessToken: 'at', idToken: 'it' }, coreCookies: {} });
const device = { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0', ip: '198.51.100.7' };

interface Backend {
  /** Two instances over the same storage, each caching lookups for a minute. */
  open(): Promise<SessionStore>;
  close(): Promise<void>;
}

const backends: [string, () => Promise<Backend>][] = [
  ...testDatabases.map(([name, openDatabase]): [string, () => Promise<Backend>] => [
    `SQL on ${name}`,
    async () => {
      const database = await openDatabase();
      const opened: OpenedSessionStore[] = [];
      return {
        async open() {
          const instance = await openSessionStore({ db: database.db as never as Kysely<BffSchema>, redisUrl: undefined, redisKeyPrefix: 'latch', cacheMs: 0, logger });
          opened.push(instance);
          return instance.store;
        },
        async close() {
          await Promise.all(opened.map((instance) => instance.close()));
          await database.close();
        },
      };
    },
  ]),
  [
    'Redis',
    async () => {
      const redisKeyPrefix = `latch-test-${randomUUID()}`;
      const opened: OpenedSessionStore[] = [];
      return {
        async open() {
          // A minute of cache: only the revocation broadcast can end a session early on the other instance.
          const instance = await openSessionStore({ db: undefined, redisUrl: REDIS_URL, redisKeyPrefix, cacheMs: 60_000, logger });
          opened.push(instance);
          return instance.store;
        },
        async close() {
          await Promise.all(opened.map((instance) => instance.close()));
          const redis = new Redis(REDIS_URL);
          const keys = await redis.keys(`${redisKeyPrefix}:*`);
          if (keys.length > 0) await redis.del(...keys);
          await redis.quit();
        },
      };
    },
  ],
];

async function eventually(check: () => Promise<boolean>, timeoutMs = 2_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
}

describe.each(backends)('sessions and devices, %s', (_name, start) => {
  let backend: Backend;
  let first: SessionStore;
  let second: SessionStore;

  beforeAll(async () => {
    backend = await start();
    first = await backend.open();
    second = await backend.open();
  });
  afterAll(async () => {
    await backend?.close();
  });

  it('records the device and lists the user’s sessions, newest activity first', async () => {
    const userId = randomUUID();
    const a = await first.create({ userId, data: data('a@example.com'), ttlSeconds: 3600, device });
    const b = await first.create({ userId, data: data('a@example.com'), ttlSeconds: 3600 });
    await first.create({ userId: randomUUID(), data: data('x@example.com'), ttlSeconds: 3600, device });
    const found = await first.find(a.id);
    expect(found).toMatchObject({ userAgent: device.userAgent, ip: device.ip });
    expect(found?.publicId).toMatch(/^[A-Za-z0-9_-]{16,64}$/u);
    await first.touch(b.id, { at: new Date(Date.now() + 60_000), ip: '203.0.113.9' });
    const listed = await second.listForUser(userId);
    expect(listed).toHaveLength(2);
    expect(listed[0]).toMatchObject({ ip: '203.0.113.9' });
    expect(listed[1]?.publicId).toBe(found?.publicId);
  });

  it('ends one session by its public id on one instance; the other refuses it at once; another user cannot', async () => {
    const userId = randomUUID();
    const kept = await first.create({ userId, data: data('b@example.com'), ttlSeconds: 3600, device });
    const ended = await first.create({ userId, data: data('b@example.com'), ttlSeconds: 3600, device });
    const publicId = (await first.find(ended.id))!.publicId;
    expect(await second.find(ended.id)).toBeDefined();
    expect(await first.destroyByPublicId({ userId: randomUUID(), publicId })).toBeUndefined();
    expect(await first.destroyByPublicId({ userId, publicId })).toMatchObject({ userId, publicId });
    expect(await eventually(async () => (await second.find(ended.id)) === undefined)).toBe(true);
    expect(await second.find(kept.id)).toBeDefined();
    expect(await first.destroyByPublicId({ userId, publicId })).toBeUndefined();
  });

  it('ends every session but the current one, then all of them', async () => {
    const userId = randomUUID();
    const sessions = await Promise.all([0, 1, 2].map(() => first.create({ userId, data: data('c@example.com'), ttlSeconds: 3600, device })));
    for (const { id } of sessions) expect(await second.find(id)).toBeDefined();
    expect(await first.destroyAllForUser(userId, { except: sessions[0]!.id })).toHaveLength(2);
    expect(await eventually(async () => (await second.find(sessions[1]!.id)) === undefined && (await second.find(sessions[2]!.id)) === undefined)).toBe(true);
    expect(await second.find(sessions[0]!.id)).toBeDefined();
    expect(await first.listForUser(userId)).toHaveLength(1);
    expect(await first.destroyAllForUser(userId)).toHaveLength(1);
    expect(await eventually(async () => (await second.find(sessions[0]!.id)) === undefined)).toBe(true);
  });

  it('shows a new address in every session of the user', async () => {
    const userId = randomUUID();
    const { id } = await first.create({ userId, data: data('old@example.com'), ttlSeconds: 3600, device });
    expect((await second.find(id))?.data.email).toBe('old@example.com');
    expect(await first.updateEmail({ userId, email: 'new@example.com' })).toHaveLength(1);
    expect(await eventually(async () => (await second.find(id))?.data.email === 'new@example.com')).toBe(true);
    expect((await second.find(id))?.data.claims.email).toBe('new@example.com');
  });
});
