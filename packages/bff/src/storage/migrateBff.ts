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
  '0002_session_devices': {
    async up(db) {
      // Sessions and devices: what the account page lists, and the opaque id it revokes by.
      await sql`alter table latch_bff_sessions add column public_id text`.execute(db);
      await sql`alter table latch_bff_sessions add column user_agent text not null default ''`.execute(db);
      await sql`alter table latch_bff_sessions add column ip text not null default ''`.execute(db);
      await sql`alter table latch_bff_sessions add column last_seen_at timestamptz`.execute(db);
      await sql`update latch_bff_sessions set public_id = replace(gen_random_uuid()::text, '-', ''), last_seen_at = created_at`.execute(db);
      await sql`alter table latch_bff_sessions alter column public_id set not null`.execute(db);
      await sql`alter table latch_bff_sessions alter column last_seen_at set not null`.execute(db);
      await sql`create unique index latch_bff_sessions_public_id on latch_bff_sessions (public_id)`.execute(db);
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
