import { sql } from 'kysely';
import type { AccountSessions } from '../flows/stepDefinition.ts';
import type { CoreDatabase } from '../storage/createDatabase.ts';

/**
 * Signs an account out of the provider everywhere: deletes every
 * oidc-provider record that names it (`Session`, `Grant`, `AccessToken`,
 * `RefreshToken`, `AuthorizationCode`, … all carry `accountId`), so login
 * sessions end, refresh tokens stop working and access tokens fail
 * introspection and userinfo. Interactions are left alone: the one a
 * recovery flow is about to complete must survive. A scan of the payloads
 * (no index on the JSON field): recovery is rare, the table is pruned.
 */
export function createAccountSessions(db: CoreDatabase): AccountSessions {
  return {
    async revokeAll(accountId) {
      const result = await db
        .deleteFrom('latch_oidc_payloads')
        .where(sql<string>`payload->>'accountId'`, '=', accountId)
        .where('type', '!=', 'Interaction')
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
