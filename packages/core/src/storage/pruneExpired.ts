import { TOTP_ENROLLMENT_TTL_SECONDS } from '../mfa/createMfaService.ts';
import type { CoreDatabase } from './createDatabase.ts';

/** Expired flows are kept this long so that a late submission still gets 410 `flow_expired`, not 404. */
export const EXPIRED_FLOW_GRACE_MS = 24 * 3600 * 1000;

export interface PruneResult {
  flows: number;
  oidcPayloads: number;
  rateLimits: number;
  auditEvents: number;
  /** TOTP enrollments never confirmed within their TTL (15 minutes). */
  totpEnrollments: number;
  /** Passkey registration challenges past their expiry. */
  webauthnChallenges: number;
  /** Active-organization choices of grants that no longer exist (expired, revoked or signed out). */
  activeOrganizations: number;
}

export interface PruneOptions {
  /** Audit events older than this many days are deleted. Default 365 (`audit.retentionDays`). */
  auditRetentionDays?: number;
}

/**
 * Deletes rows nothing will read again: flows a day past expiry, expired
 * oidc-provider records, closed rate-limit windows, TOTP enrollments never
 * confirmed within their TTL and expired WebAuthn challenges. Readers already ignore
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
  const totpEnrollments = await db
    .deleteFrom('latch_mfa_factors')
    .where('confirmed_at', 'is', null)
    .where('created_at', '<', new Date(now.getTime() - TOTP_ENROLLMENT_TTL_SECONDS * 1000))
    .executeTakeFirst();
  const webauthnChallenges = await db.deleteFrom('latch_webauthn_challenges').where('expires_at', '<', now).executeTakeFirst();
  // Runs after the grants' own pruning, so choices of just-expired grants go in the same pass.
  const activeOrganizations = await db
    .deleteFrom('latch_org_active')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('latch_oidc_payloads').select('latch_oidc_payloads.id').where('latch_oidc_payloads.type', '=', 'Grant').whereRef('latch_oidc_payloads.id', '=', 'latch_org_active.grant_id'))),
    )
    .executeTakeFirst();
  return {
    totpEnrollments: Number(totpEnrollments.numDeletedRows),
    webauthnChallenges: Number(webauthnChallenges.numDeletedRows),
    flows: Number(flows.numDeletedRows),
    oidcPayloads: Number(oidcPayloads.numDeletedRows),
    rateLimits: Number(rateLimits.numDeletedRows),
    auditEvents: Number(auditEvents.numDeletedRows),
    activeOrganizations: Number(activeOrganizations.numDeletedRows),
  };
}
