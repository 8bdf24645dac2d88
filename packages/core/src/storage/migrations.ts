import { sql, type Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';

/** The core's schema, in order. Never edit a shipped migration; add one. */
const migrations: Record<string, Migration> = {
  '0001_initial': {
    async up(db) {
      await sql`
        create table latch_users (
          id text primary key,
          email text not null unique,
          password_hash text,
          created_at timestamptz not null,
          updated_at timestamptz not null
        )`.execute(db);
      await sql`
        create table latch_flows (
          id text primary key,
          type text not null,
          interaction_uid text not null,
          state jsonb not null,
          created_at timestamptz not null,
          expires_at timestamptz not null,
          completed_at timestamptz
        )`.execute(db);
      await sql`create index latch_flows_expires_at on latch_flows (expires_at)`.execute(db);
      await sql`
        create table latch_oidc_payloads (
          id text not null,
          type text not null,
          payload jsonb not null,
          grant_id text,
          user_code text,
          uid text,
          expires_at timestamptz,
          consumed_at timestamptz,
          primary key (type, id)
        )`.execute(db);
      await sql`create index latch_oidc_payloads_grant_id on latch_oidc_payloads (grant_id)`.execute(db);
      await sql`create index latch_oidc_payloads_uid on latch_oidc_payloads (uid)`.execute(db);
      await sql`create index latch_oidc_payloads_user_code on latch_oidc_payloads (user_code)`.execute(db);
      await sql`
        create table latch_secrets (
          name text primary key,
          value jsonb not null,
          created_at timestamptz not null
        )`.execute(db);
      await sql`
        create table latch_rate_limits (
          key text primary key,
          points integer not null,
          expires_at timestamptz not null
        )`.execute(db);
    },
  },
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * Brings the schema up to date; safe to run at every start and from many
 * instances. Everything lands in the connection's current schema (the first
 * existing entry of `search_path`), so one database can hold several Latch
 * schemas side by side.
 */
export async function migrateToLatest(db: Kysely<unknown>, options: { tableName?: string } = {}): Promise<void> {
  // Kysely's Migrator, when no schema is named, decides that its bookkeeping
  // table exists if a table of that name exists in *any* schema; a second
  // schema in the same database would then skip creating it and fail. Naming
  // the current schema keeps the check where the migrations actually go.
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('No schema to migrate: none of the schemas on the search_path exists.');
  const migrator = new Migrator({
    db,
    provider,
    migrationTableSchema: schema,
    migrationTableName: options.tableName ?? 'latch_migrations',
    migrationLockTableName: `${options.tableName ?? 'latch_migrations'}_lock`,
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

export { migrations as coreMigrations };
