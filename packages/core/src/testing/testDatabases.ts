import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDatabase, type CoreDatabase } from '../storage/createDatabase.ts';

/**
 * The PostgreSQL server integration tests use. Each run works in a schema of
 * its own (see `createTestSchema`), so parallel runs and other packages'
 * tests never see each other's rows.
 */
export const TEST_DATABASE_URL = process.env.LATCH_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestSchema {
  /** A connection string whose sessions use only this schema (`search_path`). */
  readonly databaseUrl: string;
  readonly name: string;
  drop(): Promise<void>;
}

/** Creates an empty, uniquely named schema; `drop()` removes it with everything in it. */
export async function createTestSchema(prefix = 'latch_test'): Promise<TestSchema> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await withClient((client) => client.query(`create schema ${name}`));
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${name}`);
  return {
    databaseUrl: url.href,
    name,
    drop: () => withClient((client) => client.query(`drop schema if exists ${name} cascade`)).then(() => undefined),
  };
}

async function withClient<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export interface OpenedTestDatabase {
  db: CoreDatabase;
  /** Set on PostgreSQL: the schema this database lives in. */
  schema: TestSchema | undefined;
  /** Closes the connection and drops the schema, if any. */
  close(): Promise<void>;
}

/**
 * The two storage back ends every storage test runs on, for `describe.each`:
 * in-memory PGlite, and PostgreSQL in a schema of the test's own.
 */
export const testDatabases = [
  [
    'PGlite',
    async (): Promise<OpenedTestDatabase> => {
      const db = await createDatabase({ dataDir: 'memory://' });
      return { db, schema: undefined, close: () => db.destroy() };
    },
  ],
  [
    'PostgreSQL',
    async (): Promise<OpenedTestDatabase> => {
      const schema = await createTestSchema();
      const db = await createDatabase({ databaseUrl: schema.databaseUrl }).catch(async (error: unknown) => {
        await schema.drop();
        throw error;
      });
      return {
        db,
        schema,
        async close() {
          await db.destroy();
          await schema.drop();
        },
      };
    },
  ],
] as const;
