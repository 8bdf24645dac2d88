import { sql, type Kysely } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';

/** The BFF's own tables, with their own migration history beside the core's. */
const migrations: Record<string, Migration> = {
  '0001_sessions': {
    async up(db) {
      await sql`
        create table latch_bff_sessions (
          id_hash text primary key,
          user_id text not null,
          data jsonb not null,
          created_at timestamptz not null,
          expires_at timestamptz not null
        )`.execute(db);
      await sql`create index latch_bff_sessions_user_id on latch_bff_sessions (user_id)`.execute(db);
      await sql`
        create table latch_bff_flow_bindings (
          flow_id text primary key,
          binding_hash text not null,
          data jsonb not null,
          expires_at timestamptz not null
        )`.execute(db);
    },
  },
};

export async function migrateBff(db: Kysely<unknown>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'latch_bff_migrations',
    migrationLockTableName: 'latch_bff_migrations_lock',
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
}
