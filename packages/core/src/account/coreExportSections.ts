import type { AuditLog } from '../audit/createAuditLog.ts';
import type { MfaService } from '../mfa/createMfaService.ts';
import type { PasskeyService } from '../passkeys/createPasskeyService.ts';
import type { AccountRegistry, ExportSection } from './accountExport.ts';

/** Audit events exported at most (newest first); older ones are summarised by a count-free `truncated` flag. */
export const EXPORT_AUDIT_EVENT_LIMIT = 5000;

/**
 * The core's own sections of the data export: the account, its credentials'
 * metadata (never a secret or a hash), a pending change of address, and the
 * audit trail about the user.
 */
export function registerCoreExportSections(registry: AccountRegistry<ExportSection>, deps: { mfa: MfaService; passkeys: PasskeyService; audit: AuditLog }): void {
  registry.register('account', async ({ db, userId }) => {
    const user = await db.selectFrom('latch_users').select(['id', 'email', 'email_verified_at', 'password_hash', 'created_at', 'updated_at']).where('id', '=', userId).executeTakeFirst();
    if (!user) return null;
    return {
      id: user.id,
      email: user.email,
      emailVerifiedAt: user.email_verified_at ? new Date(user.email_verified_at).toISOString() : null,
      hasPassword: user.password_hash !== null,
      createdAt: new Date(user.created_at).toISOString(),
      updatedAt: new Date(user.updated_at).toISOString(),
    };
  });
  registry.register('pendingEmailChange', async ({ db, userId }) => {
    const row = await db.selectFrom('latch_email_changes').select(['new_email', 'created_at']).where('user_id', '=', userId).executeTakeFirst();
    return row ? { newEmail: row.new_email, requestedAt: new Date(row.created_at).toISOString() } : null;
  });
  registry.register('credentials', async ({ userId, db }) => {
    const user = await db.selectFrom('latch_users').select(['password_hash', 'updated_at']).where('id', '=', userId).executeTakeFirst();
    const mfa = await deps.mfa.status(userId);
    const passkeys = await deps.passkeys.list(userId);
    return {
      password: { set: Boolean(user?.password_hash) },
      totp: mfa.factors.map((factor) => ({ type: factor.type, enrolledAt: factor.confirmedAt })),
      recoveryCodes: { remaining: mfa.recoveryCodes.remaining },
      passkeys: passkeys.map((passkey) => ({ name: passkey.name, deviceType: passkey.deviceType, backedUp: passkey.backedUp, createdAt: passkey.createdAt, lastUsedAt: passkey.lastUsedAt })),
    };
  });
  registry.register('auditEvents', async ({ userId }) => {
    const events = [];
    let before: string | undefined;
    let truncated = false;
    for (;;) {
      const page = await deps.audit.list({ userId, limit: 500, ...(before ? { before } : {}) });
      events.push(...page.events);
      if (!page.next) break;
      if (events.length >= EXPORT_AUDIT_EVENT_LIMIT) {
        truncated = true;
        break;
      }
      before = page.next;
    }
    return {
      truncated,
      events: events.map((event) => ({
        type: event.type,
        occurredAt: event.occurredAt.toISOString(),
        ip: event.ip,
        userAgent: event.userAgent,
        details: event.details,
      })),
    };
  });
}
