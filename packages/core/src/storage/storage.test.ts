import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimitedError } from '../errors.ts';
import { createKyselyAdapter } from '../oidc/createKyselyAdapter.ts';
import { loadOrCreateSecret } from '../oidc/loadOrCreateSecret.ts';
import { createRateLimiter } from '../rateLimit/createRateLimiter.ts';
import { createTestSchema, type TestSchema } from '../testing/testDatabases.ts';
import { createUserRepository } from '../users/userRepository.ts';
import { createDatabase, type CoreDatabase } from './createDatabase.ts';
import { coreMigrations, migrateToLatest } from './migrations.ts';

interface OpenedDatabase {
  db: CoreDatabase;
  close(): Promise<void>;
}

const targets: { name: string; open(): Promise<OpenedDatabase> }[] = [
  {
    name: 'PGlite (memory://)',
    async open() {
      const db = await createDatabase({ dataDir: 'memory://' });
      return { db, close: () => db.destroy() };
    },
  },
  {
    name: 'PostgreSQL (own schema)',
    async open() {
      const schema = await createTestSchema();
      try {
        const db = await createDatabase({ databaseUrl: schema.databaseUrl });
        return {
          db,
          async close() {
            await db.destroy();
            await schema.drop();
          },
        };
      } catch (error) {
        await schema.drop();
        throw error;
      }
    },
  },
];

/** A clock the test moves by hand. */
function manualClock(start = new Date('2030-01-01T00:00:00Z')) {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance(seconds: number) {
      current += seconds * 1000;
    },
  };
}

describe.each(targets)('storage on $name', ({ open }) => {
  let opened: OpenedDatabase;
  let db: CoreDatabase;

  beforeAll(async () => {
    opened = await open();
    db = opened.db;
  });
  afterAll(async () => {
    await opened?.close();
  });

  describe('migrations', () => {
    it('creates every table and records each migration once, however often they run', async () => {
      await migrateToLatest(db as Kysely<unknown>);
      await Promise.all([migrateToLatest(db as Kysely<unknown>), migrateToLatest(db as Kysely<unknown>)]);
      const applied = await sql<{ name: string }>`select name from latch_migrations order by name`.execute(db);
      expect(applied.rows.map((row) => row.name)).toEqual(Object.keys(coreMigrations));
      const tables = await db.introspection.getTables();
      expect(tables.map((table) => table.name)).toEqual(
        expect.arrayContaining(['latch_users', 'latch_flows', 'latch_oidc_payloads', 'latch_secrets', 'latch_rate_limits']),
      );
    });
  });

  describe('userRepository', () => {
    it('creates a user and finds it by id and by email, whatever the case and padding', async () => {
      const users = createUserRepository(db);
      const email = `Ada.${randomUUID()}@Example.COM`;
      const created = await users.create({ email, passwordHash: '$argon2id$fake' });
      expect(created).toMatchObject({ email: email.toLowerCase(), passwordHash: '$argon2id$fake' });
      expect(created!.createdAt).toBeInstanceOf(Date);
      expect(created!.id).toMatch(/^[0-9a-f-]{36}$/u);

      await expect(users.findById(created!.id)).resolves.toEqual(created);
      await expect(users.findByEmail(email.toUpperCase())).resolves.toEqual(created);
      await expect(users.findByEmail(`  ${email.toLowerCase()} `)).resolves.toEqual(created);
    });

    it('refuses a second account for the same address in another case', async () => {
      const users = createUserRepository(db);
      const email = `grace.${randomUUID()}@example.com`;
      const first = await users.create({ email, passwordHash: 'one' });
      await expect(users.create({ email: email.toUpperCase(), passwordHash: 'two' })).resolves.toBeUndefined();
      await expect(users.findByEmail(email)).resolves.toMatchObject({ id: first!.id, passwordHash: 'one' });
    });

    it('finds nothing for unknown users', async () => {
      const users = createUserRepository(db);
      await expect(users.findByEmail(`nobody.${randomUUID()}@example.com`)).resolves.toBeUndefined();
      await expect(users.findById(randomUUID())).resolves.toBeUndefined();
      await expect(users.findById('not-a-uuid')).resolves.toBeUndefined();
    });
  });

  describe('oidc-provider adapter', () => {
    it('stores, finds, updates and destroys a model', async () => {
      const Session = createKyselyAdapter(db);
      const adapter = new Session('Session');
      const id = randomUUID();
      await expect(adapter.find(id)).resolves.toBeUndefined();
      await adapter.upsert(id, { uid: `uid-${id}`, accountId: 'a1', kind: 'Session' }, 60);
      await expect(adapter.find(id)).resolves.toEqual({ uid: `uid-${id}`, accountId: 'a1', kind: 'Session' });
      await expect(adapter.findByUid(`uid-${id}`)).resolves.toMatchObject({ accountId: 'a1' });

      await adapter.upsert(id, { uid: `uid-${id}`, accountId: 'a2', kind: 'Session' }, 60);
      await expect(adapter.find(id)).resolves.toMatchObject({ accountId: 'a2' });

      await adapter.destroy(id);
      await expect(adapter.find(id)).resolves.toBeUndefined();
      await expect(adapter.findByUid(`uid-${id}`)).resolves.toBeUndefined();
    });

    it('keeps models apart: the same id under another model is another row', async () => {
      const Adapter = createKyselyAdapter(db);
      const codes = new Adapter('AuthorizationCode');
      const tokens = new Adapter('AccessToken');
      const id = randomUUID();
      await codes.upsert(id, { kind: 'AuthorizationCode', accountId: 'code-owner' }, 60);
      await expect(tokens.find(id)).resolves.toBeUndefined();
      await tokens.destroy(id);
      await expect(codes.find(id)).resolves.toMatchObject({ accountId: 'code-owner' });
    });

    it('marks a consumed model and still returns it', async () => {
      const Adapter = createKyselyAdapter(db);
      const codes = new Adapter('AuthorizationCode');
      const id = randomUUID();
      await codes.upsert(id, { kind: 'AuthorizationCode', grantId: 'g' }, 60);
      await expect(codes.find(id)).resolves.not.toHaveProperty('consumed');
      await codes.consume(id);
      const found = await codes.find(id);
      expect(found?.consumed).toBeTruthy();
      expect(found?.grantId).toBe('g');
    });

    it('revokes every model of a grant, and only that grant', async () => {
      const Adapter = createKyselyAdapter(db);
      const grantId = randomUUID();
      const otherGrant = randomUUID();
      const access = new Adapter('AccessToken');
      const refresh = new Adapter('RefreshToken');
      const [a, r, other] = [randomUUID(), randomUUID(), randomUUID()];
      await access.upsert(a, { grantId }, 60);
      await refresh.upsert(r, { grantId }, 60);
      await refresh.upsert(other, { grantId: otherGrant }, 60);
      await access.revokeByGrantId(grantId);
      await expect(access.find(a)).resolves.toBeUndefined();
      await expect(refresh.find(r)).resolves.toBeUndefined();
      await expect(refresh.find(other)).resolves.toMatchObject({ grantId: otherGrant });
    });

    it('finds device codes by user code', async () => {
      const Adapter = createKyselyAdapter(db);
      const devices = new Adapter('DeviceCode');
      const id = randomUUID();
      const userCode = `UC-${id.slice(0, 8)}`;
      await devices.upsert(id, { userCode, kind: 'DeviceCode' }, 60);
      await expect(devices.findByUserCode(userCode)).resolves.toMatchObject({ userCode });
      await expect(devices.findByUserCode('nope')).resolves.toBeUndefined();
    });

    it('treats a model past its expiry as gone, and one without expiry as lasting', async () => {
      const clock = manualClock();
      const Adapter = createKyselyAdapter(db, clock.now);
      const interactions = new Adapter('Interaction');
      const [shortLived, forever] = [randomUUID(), randomUUID()];
      await interactions.upsert(shortLived, { uid: shortLived }, 30);
      await interactions.upsert(forever, { uid: forever }, 0);
      clock.advance(29);
      await expect(interactions.find(shortLived)).resolves.toBeDefined();
      clock.advance(1);
      await expect(interactions.find(shortLived)).resolves.toBeUndefined();
      await expect(interactions.findByUid(shortLived)).resolves.toBeUndefined();
      clock.advance(10 * 365 * 24 * 3600);
      await expect(interactions.find(forever)).resolves.toEqual({ uid: forever });
    });
  });

  describe('rate limiter', () => {
    const rule = { points: 3, windowSeconds: 60 };

    it('allows the configured attempts per window, then refuses with Retry-After', async () => {
      const clock = manualClock();
      const limiter = createRateLimiter(db, clock.now);
      const key = `test:${randomUUID()}`;
      for (let attempt = 0; attempt < rule.points; attempt += 1) await limiter.consume(key, rule);
      clock.advance(20);
      const refused = await limiter.consume(key, rule).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(RateLimitedError);
      expect(refused).toMatchObject({ status: 429, code: 'rate_limited', retryAfterSeconds: 40, headers: { 'retry-after': '40' } });
      // Refused attempts still count: hammering does not shorten the wait.
      await expect(limiter.consume(key, rule)).rejects.toBeInstanceOf(RateLimitedError);
    });

    it('starts a fresh window once the old one has passed', async () => {
      const clock = manualClock();
      const limiter = createRateLimiter(db, clock.now);
      const key = `test:${randomUUID()}`;
      for (let attempt = 0; attempt < rule.points; attempt += 1) await limiter.consume(key, rule);
      await expect(limiter.consume(key, rule)).rejects.toBeInstanceOf(RateLimitedError);
      clock.advance(rule.windowSeconds);
      for (let attempt = 0; attempt < rule.points; attempt += 1) await limiter.consume(key, rule);
      await expect(limiter.consume(key, rule)).rejects.toBeInstanceOf(RateLimitedError);
    });

    it('counts keys separately and forgets a key on reset', async () => {
      const clock = manualClock();
      const limiter = createRateLimiter(db, clock.now);
      const [key, other] = [`test:${randomUUID()}`, `test:${randomUUID()}`];
      for (let attempt = 0; attempt < rule.points; attempt += 1) await limiter.consume(key, rule);
      await expect(limiter.consume(key, rule)).rejects.toBeInstanceOf(RateLimitedError);
      await limiter.consume(other, rule);
      await limiter.reset(key);
      await limiter.consume(key, rule);
    });

    it('counts concurrent attempts exactly', async () => {
      const limiter = createRateLimiter(db);
      const key = `test:${randomUUID()}`;
      const results = await Promise.allSettled(Array.from({ length: 8 }, () => limiter.consume(key, { points: 5, windowSeconds: 60 })));
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(5);
      expect(results.filter((result) => result.status === 'rejected')).toHaveLength(3);
    });
  });

  describe('loadOrCreateSecret', () => {
    it('creates a secret once and returns the stored one afterwards', async () => {
      const name = `test.${randomUUID()}`;
      let created = 0;
      const make = () => {
        created += 1;
        return { kid: `k${created}`, nested: { list: [1, 2, 3] } };
      };
      const first = await loadOrCreateSecret(db, name, make);
      const second = await loadOrCreateSecret(db, name, make);
      expect(first).toEqual({ kid: 'k1', nested: { list: [1, 2, 3] } });
      expect(second).toEqual(first);
      expect(created).toBe(1);
    });

    it('gives instances racing to create it one and the same secret', async () => {
      const name = `test.${randomUUID()}`;
      let counter = 0;
      const values = await Promise.all(Array.from({ length: 4 }, () => loadOrCreateSecret(db, name, () => `value-${(counter += 1)}`)));
      expect(new Set(values).size).toBe(1);
    });
  });
});

describe('PostgreSQL schemas', () => {
  const schemas: TestSchema[] = [];
  afterAll(async () => {
    await Promise.all(schemas.map((schema) => schema.drop()));
  });

  it('migrates a second Latch schema in a database that already holds one', async () => {
    for (let index = 0; index < 2; index += 1) {
      const schema = await createTestSchema();
      schemas.push(schema);
      const db = await createDatabase({ databaseUrl: schema.databaseUrl });
      try {
        const users = createUserRepository(db);
        await expect(users.create({ email: 'same@example.com', passwordHash: 'x' })).resolves.toBeDefined();
      } finally {
        await db.destroy();
      }
    }
  });

  it('fails with a clear error, and leaves no pool open, when the schema does not exist', async () => {
    const url = new URL(process.env.LATCH_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
    url.searchParams.set('options', '-c search_path=latch_test_missing_schema');
    await expect(createDatabase({ databaseUrl: url.href })).rejects.toThrow(/search_path/u);
  });
});

describe('file-backed PGlite', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'latch-core-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps users and secrets across close and reopen', async () => {
    const first = await createDatabase({ dataDir: dir });
    const user = await createUserRepository(first).create({ email: 'persist@example.com', passwordHash: 'h' });
    const secret = await loadOrCreateSecret(first, 'test.persist', () => ({ value: randomUUID() }));
    await first.destroy();

    const second = await createDatabase({ dataDir: dir });
    try {
      await expect(createUserRepository(second).findByEmail('PERSIST@example.com')).resolves.toEqual(user);
      await expect(loadOrCreateSecret(second, 'test.persist', () => ({ value: 'regenerated' }))).resolves.toEqual(secret);
    } finally {
      await second.destroy();
    }
  });
});
