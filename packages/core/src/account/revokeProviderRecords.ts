import { sql, type Kysely } from 'kysely';
import type { CoreSchema } from '../storage/schema.ts';

/**
 * Deletes the oidc-provider records of an account (login sessions, grants,
 * access and refresh tokens, codes), as `revokeAccountSessions` does, except
 * those of `keepGrantId`: a password change keeps the sign-in that made it.
 * A login session lists its grants in `authorizations`, so the one holding
 * the kept grant stays too.
 */
export async function revokeProviderRecords(db: Kysely<CoreSchema>, options: { accountId: string; keepGrantId?: string | undefined }): Promise<number> {
  let query = db
    .deleteFrom('latch_oidc_payloads')
    .where(sql<string>`payload->>'accountId'`, '=', options.accountId)
    .where('type', '!=', 'Interaction');
  const keep = options.keepGrantId;
  if (keep) {
    // Kept: the grant itself (its id), what it issued (grant_id), and the login session naming it.
    query = query
      .where('id', '!=', keep)
      .where((eb) => eb.or([eb('grant_id', 'is', null), eb('grant_id', '!=', keep)]))
      .where((eb) => eb.not(eb.and([eb('type', '=', 'Session'), sql<boolean>`position(${JSON.stringify(keep)} in payload::text) > 0`])));
  }
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}
