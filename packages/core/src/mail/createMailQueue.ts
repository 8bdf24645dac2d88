import { sql } from 'kysely';
import { pino, type Logger } from 'pino';
import { afterCommit } from '../storage/ambientTransaction.ts';
import type { CoreDatabase } from '../storage/createDatabase.ts';
import { assertMailMessage, MailDeliveryError, type Mailer } from './mailer.ts';

export interface MailQueueOptions {
  db: CoreDatabase;
  /**
   * Where queued messages are delivered (`createSmtpMailer()`, or any
   * `Mailer`). Without one, a queued message is the delivery: it is stored as
   * sent, for `listOutbox()` (the development outbox).
   */
  transport?: Mailer | undefined;
  logger?: Logger;
  /** Sent and failed messages kept; older ones are deleted as new ones arrive. Default 1000. */
  keep?: number;
  /** Attempts before a message is marked `failed`. Default 6. */
  maxAttempts?: number;
  /** Wait before attempt `attempt + 1` after attempt `attempt` failed. Default 5 s × 3^(attempt−1), at most 10 min. */
  backoffMs?: (attempt: number) => number;
  /** How often the worker looks for due messages besides the kicks after each commit. Default 5 s. */
  pollIntervalMs?: number;
  /** How long a claimed message is left to its worker before another may try it (a crashed instance). Default 2 min. */
  leaseMs?: number;
  now?: () => Date;
}

export interface DeliveryReport {
  sent: number;
  /** Failed attempts that will be tried again. */
  retried: number;
  /** Messages given up on. */
  failed: number;
}

export interface MailQueue {
  /** Queues a message: inside a flow step, in the step's transaction; delivery starts after commit. */
  readonly mailer: Mailer;
  /** Delivers every message that is due now (what the worker runs). */
  deliverPending(): Promise<DeliveryReport>;
  /** Wakes the worker now; runs are coalesced, never concurrent within one process. */
  kick(): void;
  /** Starts polling (an unref'd timer: it never keeps the process alive). */
  start(): void;
  /** Stops polling and waits for the delivery in progress. Later kicks do nothing. */
  stop(): Promise<void>;
}

const BATCH_SIZE = 20;

/**
 * The database outbox (`latch_mail_outbox`) as the queue of every transport.
 * A step inserts its message in its own transaction, so a step that fails
 * sends nothing, and the request never waits for SMTP: it answers in the same
 * time whether or not an email goes out. After commit the worker is kicked;
 * it claims due rows (`for update skip locked` plus a lease, so instances
 * sharing the database never send a message twice at once), hands them to
 * the transport and marks them `sent`, or retries with backoff and finally
 * marks them `failed`. Bodies (codes, sign-in links) are blanked once a
 * message has left through the transport.
 */
export function createMailQueue(options: MailQueueOptions): MailQueue {
  const { db, transport } = options;
  const logger = options.logger ?? pino({ name: 'latch-mail' });
  const keep = options.keep ?? 1000;
  if (!Number.isInteger(keep) || keep < 1) throw new TypeError('createMailQueue(): `keep` must be a positive integer.');
  const maxAttempts = options.maxAttempts ?? 6;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new TypeError('createMailQueue(): `maxAttempts` must be a positive integer.');
  const backoffMs = options.backoffMs ?? ((attempt: number) => Math.min(600_000, 5000 * 3 ** (attempt - 1)));
  const pollIntervalMs = options.pollIntervalMs ?? 5000;
  const leaseMs = options.leaseMs ?? 120_000;
  const now = options.now ?? (() => new Date());

  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> | undefined;
  let again = false;

  async function deliverPending(): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, retried: 0, failed: 0 };
    if (!transport) return report;
    for (;;) {
      const at = now();
      const claimed = await db
        .updateTable('latch_mail_outbox')
        .set({ attempts: sql<number>`attempts + 1`, next_attempt_at: new Date(at.getTime() + leaseMs) })
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('latch_mail_outbox')
            .select('id')
            .where('status', '=', 'pending')
            .where('next_attempt_at', '<=', at)
            .orderBy('id')
            .limit(BATCH_SIZE)
            .forUpdate()
            .skipLocked(),
        )
        .returning([sql<string>`id::text`.as('id'), 'to', 'subject', 'text', 'html', 'attempts'])
        .execute();
      for (const message of claimed) {
        try {
          await transport.send({ to: message.to, subject: message.subject, text: message.text, html: message.html });
          await db
            .updateTable('latch_mail_outbox')
            .set({ status: 'sent', sent_at: now(), text: '', html: '', next_attempt_at: null, last_error: null })
            .where('id', '=', message.id)
            .execute();
          report.sent += 1;
        } catch (error) {
          const reason = error instanceof MailDeliveryError ? error.message : error instanceof TypeError ? error.message : 'The transport failed.';
          // A 5xx refusal of the message itself (bad recipient) will not change by trying again.
          const permanent = error instanceof TypeError || (error instanceof MailDeliveryError && error.reason === 'rejected' && (error.responseCode ?? 0) >= 500);
          if (permanent || message.attempts >= maxAttempts) {
            await db
              .updateTable('latch_mail_outbox')
              .set({ status: 'failed', text: '', html: '', next_attempt_at: null, last_error: reason })
              .where('id', '=', message.id)
              .execute();
            report.failed += 1;
            logger.warn({ mailId: message.id, attempts: message.attempts, reason }, 'mail delivery failed for good');
          } else {
            await db
              .updateTable('latch_mail_outbox')
              .set({ next_attempt_at: new Date(now().getTime() + backoffMs(message.attempts)), last_error: reason })
              .where('id', '=', message.id)
              .execute();
            report.retried += 1;
            logger.warn({ mailId: message.id, attempts: message.attempts, reason }, 'mail delivery failed; will retry');
          }
        }
      }
      if (claimed.length < BATCH_SIZE) return report;
    }
  }

  function kick(): void {
    if (!transport || stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await deliverPending();
        } catch (error) {
          logger.warn({ err: error }, 'mail delivery run failed');
        }
      } while (again && !stopped);
    })().finally(() => {
      running = undefined;
    });
  }

  return {
    mailer: {
      async send(message) {
        assertMailMessage(message);
        const at = now();
        const row = await db
          .insertInto('latch_mail_outbox')
          .values({
            to: message.to,
            subject: message.subject,
            text: message.text,
            html: message.html,
            queued_at: at,
            status: transport ? 'pending' : 'sent',
            sent_at: transport ? null : at,
            next_attempt_at: transport ? at : null,
          })
          .returning(sql<string>`id::text`.as('id'))
          .executeTakeFirstOrThrow();
        // Identities only grow, so everything `keep` or more behind this one is old; pending mail is never dropped.
        await db
          .deleteFrom('latch_mail_outbox')
          .where('id', '<=', sql<string>`${row.id}::bigint - ${keep}`)
          .where('status', '!=', 'pending')
          .execute();
        if (transport) afterCommit(kick);
      },
    },
    deliverPending,
    kick,
    start() {
      if (!transport || stopped || timer) return;
      timer = setInterval(kick, pollIntervalMs);
      timer.unref();
      kick();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
