import { createHmac, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { pino, type Logger } from 'pino';
import { InvalidRequestError } from '../errors.ts';
import { loadOrCreateSecret } from '../oidc/loadOrCreateSecret.ts';
import type { CoreDatabase } from '../storage/createDatabase.ts';
import { normalizeEmail } from '../users/email.ts';

/**
 * The event types the core records today. Flow events are named after the
 * flow type (`sign-in` → `sign_in.*`), so a new flow type (recovery, email
 * verification) is audited as `<type>.succeeded` / `<type>.failed` without a
 * change here; MFA events (`mfa.*`) are added by the steps that change MFA.
 */
export const AUDIT_EVENT_TYPES = [
  'sign_in.succeeded',
  'sign_in.failed',
  'sign_up.succeeded',
  'sign_up.failed',
  'account.locked',
  'rate_limited',
  'sign_out',
] as const;

export type KnownAuditEventType = (typeof AUDIT_EVENT_TYPES)[number];
/** A known type, or any other `snake_case.dotted` name (`recovery.succeeded`, `mfa.totp_enrolled`). */
export type AuditEventType = KnownAuditEventType | (string & {});

/** `sign_out`, `sign_in.failed`, `mfa.totp_enrolled`: lower-case words joined by dots. */
export const AUDIT_EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/u;

/** Reason codes, step names, limits: short scalars only. Never a password, code or token. */
export type AuditDetails = Record<string, string | number | boolean | null | readonly string[]>;

export interface AuditEventInput {
  type: AuditEventType;
  /** The account concerned, when known. */
  userId?: string | undefined;
  /** The email address that was typed. Never stored as such: only its keyed hash (see `hashIdentifier`). */
  identifier?: string | undefined;
  ip?: string | undefined;
  userAgent?: string | undefined;
  flowId?: string | undefined;
  /** The relying party that reported the event (back-channel calls). */
  clientId?: string | undefined;
  details?: AuditDetails | undefined;
}

export interface AuditEvent {
  /** Increasing with every event; a decimal string. */
  id: string;
  occurredAt: Date;
  type: string;
  userId: string | null;
  /** HMAC-SHA256 of the normalised email under a per-installation key, base64url. */
  identifierHash: string | null;
  ip: string | null;
  userAgent: string | null;
  flowId: string | null;
  clientId: string | null;
  details: Record<string, unknown>;
}

export interface AuditQuery {
  userId?: string | undefined;
  /** An email address; matched through its keyed hash. */
  identifier?: string | undefined;
  types?: readonly string[] | undefined;
  /** Inclusive. */
  since?: Date | undefined;
  /** Exclusive. */
  until?: Date | undefined;
  /** 1…500, default 50. */
  limit?: number | undefined;
  /** The `next` cursor of the previous page. */
  before?: string | undefined;
}

export interface AuditPage {
  /** Newest first (by time, then by arrival). */
  events: AuditEvent[];
  /** Pass as `before` for the next (older) page; absent on the last page. */
  next?: string;
}

export interface AuditLog {
  /** Stores an event. Never rejects: a failed write is logged as a warning, so auditing cannot break a sign-in. */
  record(event: AuditEventInput): Promise<void>;
  /** Events matching every given filter, newest first. Throws `InvalidRequestError` for a bad limit or cursor. */
  list(query?: AuditQuery): Promise<AuditPage>;
  /** The keyed hash stored for an email address, e.g. to search for it elsewhere. */
  hashIdentifier(identifier: string): Promise<string>;
}

/** What the flow engine needs: only the writing half. */
export type AuditRecorder = Pick<AuditLog, 'record'>;

export interface AuditLogOptions {
  /** Where failed writes are reported. Default: a pino logger named `latch-audit`. */
  logger?: Logger;
  now?: () => Date;
}

export const AUDIT_LIST_MAX_LIMIT = 500;
export const AUDIT_LIST_DEFAULT_LIMIT = 50;
const IDENTIFIER_KEY_SECRET = 'audit.identifier-key';
const MAX_IP = 64;
const MAX_USER_AGENT = 256;
const MAX_DETAIL_STRING = 200;
const MAX_DETAIL_ITEMS = 20;
const DETAIL_KEY = /^[A-Za-z][A-Za-z0-9_]{0,31}$/u;
// A last line of defence: whatever a caller passes, these never reach the table.
const SECRET_LOOKING_KEY = /pass|secret|token|otp|^code$/iu;
const CURSOR = /^(\d{1,15}):(\d{1,19})$/u;

/**
 * The audit trail in `latch_audit_events`: who signed in, failed, was locked
 * out or signed out, from which address and user agent. Email addresses that
 * were typed are stored only as an HMAC under a key kept in `latch_secrets`,
 * so the table does not hold the addresses of people who have no account,
 * yet one address's attempts can still be found (`list({ identifier })`).
 */
export function createAuditLog(db: CoreDatabase, options: AuditLogOptions = {}): AuditLog {
  const logger = options.logger ?? pino({ name: 'latch-audit' });
  const now = options.now ?? (() => new Date());
  let key: Promise<Buffer> | undefined;

  function identifierKey(): Promise<Buffer> {
    key ??= loadOrCreateSecret(db, IDENTIFIER_KEY_SECRET, () => randomBytes(32).toString('base64url')).then(
      (value) => Buffer.from(value, 'base64url'),
      (error: unknown) => {
        key = undefined; // try again next time
        throw error;
      },
    );
    return key;
  }

  async function hashIdentifier(identifier: string): Promise<string> {
    return createHmac('sha256', await identifierKey())
      .update(normalizeEmail(identifier))
      .digest('base64url');
  }

  return {
    async record(event) {
      try {
        if (!AUDIT_EVENT_TYPE_PATTERN.test(event.type) || event.type.length > 64) throw new TypeError(`invalid audit event type ${JSON.stringify(event.type.slice(0, 64))}`);
        const identifier = event.identifier?.trim();
        await db
          .insertInto('latch_audit_events')
          .values({
            // Always the application's clock at millisecond precision: cursors carry milliseconds.
            occurred_at: now(),
            type: event.type,
            user_id: event.userId ?? null,
            identifier_hash: identifier ? await hashIdentifier(identifier) : null,
            ip: event.ip ? event.ip.slice(0, MAX_IP) : null,
            user_agent: event.userAgent ? event.userAgent.slice(0, MAX_USER_AGENT) : null,
            flow_id: event.flowId ?? null,
            client_id: event.clientId ?? null,
            details: JSON.stringify(sanitizeDetails(event.details)),
          })
          .execute();
      } catch (error) {
        logger.warn({ err: error, auditEventType: event.type }, 'audit event not recorded');
      }
    },

    async list(query = {}) {
      const limit = query.limit ?? AUDIT_LIST_DEFAULT_LIMIT;
      if (!Number.isInteger(limit) || limit < 1 || limit > AUDIT_LIST_MAX_LIMIT) {
        throw new InvalidRequestError(`\`limit\` must be an integer from 1 to ${AUDIT_LIST_MAX_LIMIT}.`);
      }
      const cursor = query.before === undefined ? undefined : decodeCursor(query.before);
      let select = db
        .selectFrom('latch_audit_events')
        .select([
          sql<string>`id::text`.as('id'),
          'occurred_at',
          'type',
          'user_id',
          'identifier_hash',
          'ip',
          'user_agent',
          'flow_id',
          'client_id',
          'details',
        ]);
      if (query.userId !== undefined) select = select.where('user_id', '=', query.userId);
      if (query.identifier !== undefined) select = select.where('identifier_hash', '=', await hashIdentifier(query.identifier.trim()));
      if (query.types !== undefined && query.types.length > 0) select = select.where('type', 'in', [...query.types]);
      if (query.since !== undefined) select = select.where('occurred_at', '>=', query.since);
      if (query.until !== undefined) select = select.where('occurred_at', '<', query.until);
      if (cursor) select = select.where(sql<boolean>`(occurred_at, id) < (${cursor.occurredAt}::timestamptz, ${cursor.id}::bigint)`);
      const rows = await select
        .orderBy('occurred_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      const events = rows.slice(0, limit).map(
        (row): AuditEvent => ({
          id: row.id,
          occurredAt: new Date(row.occurred_at),
          type: row.type,
          userId: row.user_id,
          identifierHash: row.identifier_hash,
          ip: row.ip,
          userAgent: row.user_agent,
          flowId: row.flow_id,
          clientId: row.client_id,
          details: row.details,
        }),
      );
      const last = events.at(-1);
      return rows.length > limit && last ? { events, next: encodeCursor(last) } : { events };
    },

    hashIdentifier,
  };
}

function sanitizeDetails(details: AuditDetails | undefined): Record<string, unknown> {
  const clean: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(details ?? {})) {
    if (!DETAIL_KEY.test(name) || SECRET_LOOKING_KEY.test(name)) continue;
    if (typeof value === 'string') clean[name] = value.slice(0, MAX_DETAIL_STRING);
    else if (typeof value === 'number' || typeof value === 'boolean' || value === null) clean[name] = value;
    else if (Array.isArray(value)) clean[name] = value.slice(0, MAX_DETAIL_ITEMS).map((item) => String(item).slice(0, MAX_DETAIL_STRING));
  }
  return clean;
}

/** Opaque to callers: the last event's time (ms) and id, base64url. */
function encodeCursor(event: AuditEvent): string {
  return Buffer.from(`${event.occurredAt.getTime()}:${event.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { occurredAt: Date; id: string } {
  const match = cursor.length <= 64 ? CURSOR.exec(Buffer.from(cursor, 'base64url').toString('latin1')) : null;
  if (!match?.[1] || !match[2]) throw new InvalidRequestError('`before` is not a cursor this API returned.');
  return { occurredAt: new Date(Number(match[1])), id: match[2] };
}
