import type { CoreDatabase } from './createDatabase.ts';

/** Expired flows are kept this long so that a late submission still gets 410 `flow_expired`, not 404. */
export const EXPIRED_FLOW_GRACE_MS = 24 * 3600 * 1000;

export interface PruneResult {
  flows: number;
  oidcPayloads: number;
  rateLimits: number;
  auditEvents: number;
  /** Active-organization choices of grants that no longer exist (expired, revoked or signed out). */
  activeOrganizations: number;
}

export interface PruneOptions {
  /** Audit events older than this many days are deleted. Default 365 (`audit.retentionDays`). */
  auditRetentionDays?: number;
}

/**
 * Deletes rows nothing will read again: flows a day past expiry, expired
 * oidc-provider records and closed rate-limit windows. Readers already ignore
 * expired rows; this only keeps the tables from growing without bound; the
 * active organization stored for a grant goes with the grant. Audit
 * events go once they are older than the retention period.
 */
export async function pruneExpired(db: CoreDatabase, now: Date = new Date(), options: PruneOptions = {}): Promise<PruneResult> {
  const flows = await db
    .deleteFrom('latch_flows')
    .where('expires_at', '<', new Date(now.getTime() - EXPIRED_FLOW_GRACE_MS))
    .executeTakeFirst();
  const oidcPayloads = await db.deleteFrom('latch_oidc_payloads').where('expires_at', '<', now).executeTakeFirst();
  const rateLimits = await db.deleteFrom('latch_rate_limits').where('expires_at', '<', now).executeTakeFirst();
  const auditRetentionMs = (options.auditRetentionDays ?? 365) * 24 * 3600 * 1000;
  const auditEvents = await db
    .deleteFrom('latch_audit_events')
    .where('occurred_at', '<', new Date(now.getTime() - auditRetentionMs))
    .executeTakeFirst();
  // Runs after the grants' own pruning, so choices of just-expired grants go in the same pass.
  const activeOrganizations = await db
    .deleteFrom('latch_org_active')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('latch_oidc_payloads').select('latch_oidc_payloads.id').where('latch_oidc_payloads.type', '=', 'Grant').whereRef('latch_oidc_payloads.id', '=', 'latch_org_active.grant_id'))),
    )
    .executeTakeFirst();
  return {
    flows: Number(flows.numDeletedRows),
    oidcPayloads: Number(oidcPayloads.numDeletedRows),
    rateLimits: Number(rateLimits.numDeletedRows),
    auditEvents: Number(auditEvents.numDeletedRows),
    activeOrganizations: Number(activeOrganizations.numDeletedRows),
  };
}
