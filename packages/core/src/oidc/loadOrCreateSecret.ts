import type { CoreDatabase } from '../storage/createDatabase.ts';

/**
 * Returns the secret stored under `name`, creating it on first use. When
 * several instances start together, the first insert wins and everyone reads
 * it back, so all instances share one signing key and cookie key set.
 */
export async function loadOrCreateSecret<T>(db: CoreDatabase, name: string, create: () => T): Promise<T> {
  const existing = await db.selectFrom('latch_secrets').select('value').where('name', '=', name).executeTakeFirst();
  if (existing) return existing.value as T;
  await db
    .insertInto('latch_secrets')
    .values({ name, value: JSON.stringify(create()), created_at: new Date() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('latch_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return row.value as T;
}
