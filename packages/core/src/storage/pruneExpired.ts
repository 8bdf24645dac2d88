import type { CoreDatabase } from './createDatabase.ts';

/** Expired flows are kept this long so that a late submission still gets 410 `flow_expired`, not 404. */
export const EXPIRED_FLOW_GRACE_MS = 24 * 3600 * 1000;

export interface PruneResult {
  flows: number;
  oidcPayloads: number;
  rateLimits: number;
}

/**
 * Deletes rows nothing will read again: flows a day past expiry, expired
 * oidc-provider records and closed rate-limit windows. Readers already ignore
 * expired rows; this only keeps the tables from growing without bound.
 */
export async function pruneExpired(db: CoreDatabase, now: Date = new Date()): Promise<PruneResult> {
  const flows = await db
    .deleteFrom('latch_flows')
    .where('expires_at', '<', new Date(now.getTime() - EXPIRED_FLOW_GRACE_MS))
    .executeTakeFirst();
  const oidcPayloads = await db.deleteFrom('latch_oidc_payloads').where('expires_at', '<', now).executeTakeFirst();
  const rateLimits = await db.deleteFrom('latch_rate_limits').where('expires_at', '<', now).executeTakeFirst();
  return {
    flows: Number(flows.numDeletedRows),
    oidcPayloads: Number(oidcPayloads.numDeletedRows),
    rateLimits: Number(rateLimits.numDeletedRows),
  };
}
