import { sql } from 'kysely';
import type { AccountSessions } from '../flows/stepDefinition.ts';
import type { CoreDatabase } from '../storage/createDatabase.ts';

/**
 * Signs an account out of the provider everywhere: deletes every
 * oidc-provider record that names it (`Session`, `Grant`, `AccessToken`,
 * `RefreshToken`, `AuthorizationCode`, … all carry `accountId`), so login
 * sessions end, refresh tokens stop working and access tokens fail
 * introspection and userinfo. Interactions are left alone: the one a
 * recovery flow is about to complete must survive. The records are found
 * through the expression index `latch_oidc_payloads_account_id` on
 * `payload ->> 'accountId'` (migration 0007), not by scanning every payload;
 * the query below must keep that exact expression for the index to apply.
 */
export function createAccountSessions(db: CoreDatabase): AccountSessions {
  return {
    async revokeAll(accountId) {
      const result = await db
        .deleteFrom('latch_oidc_payloads')
        .where(sql<string>`(payload ->> 'accountId')`, '=', accountId)
        .where('type', '!=', 'Interaction')
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
