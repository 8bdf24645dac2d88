import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pgliteDialect.ts';
import { migrateToLatest } from './migrations.ts';
import { registerAmbientDatabase, withAmbientTransactions } from './ambientTransaction.ts';
import type { CoreSchema } from './schema.ts';

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent the embedded PGlite is used. */
  databaseUrl?: string | undefined;
  /** Where PGlite keeps its files; ignored with `databaseUrl`. `memory://` keeps nothing. */
  dataDir?: string | undefined;
}

export type CoreDatabase = Kysely<CoreSchema>;

/**
 * Opens the database (PostgreSQL through `pg`, or the embedded PGlite under
 * `dataDir/pglite`) and runs the migrations before anything else uses it.
 */
export async function createDatabase(options: DatabaseOptions): Promise<CoreDatabase> {
  let db: CoreDatabase;
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    db = new Kysely<CoreSchema>({ dialect: withAmbientTransactions(new PostgresDialect({ pool })) });
  } else {
    const dataDir = options.dataDir ?? '.latch';
    let location = dataDir;
    if (!dataDir.startsWith('memory://')) {
      location = resolve(dataDir, 'pglite');
      await mkdir(location, { recursive: true });
    }
    const pglite = await PGlite.create(location);
    db = new Kysely<CoreSchema>({ dialect: withAmbientTransactions(new PGliteDialect(pglite)) });
  }
  // Queries made inside `runInTransaction(db, …)` join that transaction (see ambientTransaction.ts).
  registerAmbientDatabase(db);
  try {
    await migrateToLatest(db as Kysely<unknown>);
  } catch (error) {
    // An unreachable server or a failed migration must not leave a pool (or
    // PGlite) open behind a rejected promise: the process would never exit.
    await db.destroy().catch(() => undefined);
    throw error;
  }
  return db;
}
