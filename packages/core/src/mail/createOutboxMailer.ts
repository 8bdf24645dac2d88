import { sql } from 'kysely';
import type { CoreDatabase } from '../storage/createDatabase.ts';
import { createMailQueue } from './createMailQueue.ts';
import type { Mailer } from './mailer.ts';

/** A message as the outbox keeps it. */
export interface OutboxMessage {
  /** Increasing with every message; a decimal string. */
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  sentAt: Date;
}

export interface OutboxMailerOptions {
  /** Only the newest this many messages are kept; older ones are deleted as new ones arrive. Default 1000. */
  keep?: number;
  now?: () => Date;
}

/**
 * A `Mailer` for development: every message lands in the `latch_mail_outbox`
 * table instead of anyone's inbox, where `listOutbox()` (and the demo's
 * `/dev/mail`) reads it. It keeps mail bodies — codes and sign-in links — in
 * the database, so it is no transport for production.
 */
export function createOutboxMailer(db: CoreDatabase, options: OutboxMailerOptions = {}): Mailer {
  const keep = options.keep ?? 1000;
  if (!Number.isInteger(keep) || keep < 1) throw new TypeError('createOutboxMailer(): `keep` must be a positive integer.');
  return createMailQueue({ db, keep, ...(options.now ? { now: options.now } : {}) }).mailer;
}

export const OUTBOX_MAX_LIMIT = 200;

/**
 * The messages handed over, newest first (by send time, then by arrival):
 * with the development outbox every queued message; with SMTP the delivery
 * log (bodies blanked once sent). Pending and failed ones are not listed.
 * `limit` is 1…200, default 50.
 */
export async function listOutbox(db: CoreDatabase, options: { limit?: number } = {}): Promise<OutboxMessage[]> {
  const limit = options.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > OUTBOX_MAX_LIMIT) {
    throw new RangeError(`listOutbox(): \`limit\` must be an integer from 1 to ${OUTBOX_MAX_LIMIT}.`);
  }
  const rows = await db
    .selectFrom('latch_mail_outbox')
    .select([sql<string>`id::text`.as('id'), 'to', 'subject', 'text', 'html', 'sent_at'])
    .where('status', '=', 'sent')
    .where('sent_at', 'is not', null)
    .orderBy('sent_at', 'desc')
    .orderBy('latch_mail_outbox.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ id: row.id, to: row.to, subject: row.subject, text: row.text, html: row.html, sentAt: new Date(row.sent_at ?? 0) }));
}
