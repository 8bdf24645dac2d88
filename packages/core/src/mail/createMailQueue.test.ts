import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { pino } from 'pino';
import { SMTPServer, type SMTPServerAddress, type SMTPServerOptions } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMailQueue, createSmtpMailer, listOutbox, runInTransaction, type CoreDatabase, type Flow, type MailMessage } from '@latch/core';
import { startTestCore } from '../testing/startTestCore.ts';
import { testDatabases, type OpenedTestDatabase } from '../testing/testDatabases.ts';

const silent = pino({ level: 'silent' });
const FROM = 'no-reply@acme.test';

interface TestSmtpServer {
  port: number;
  received: ParsedMail[];
  url: string;
  close(): Promise<void>;
}

const servers: TestSmtpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A real SMTP server on 127.0.0.1 and an ephemeral port, without authentication. */
async function startSmtpServer(options: SMTPServerOptions = {}): Promise<TestSmtpServer> {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
    ...options,
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  const handle = { port, received, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  servers.push(handle);
  return handle;
}

/** Resolves once `check` holds, polling; fails the test after `timeoutMs`. */
async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const message = (to: string): MailMessage => ({ to, subject: 'Your code: 123456', text: 'Your code is 123456.\n', html: '<p>Your code is <b>123456</b>.</p>' });

describe.each(testDatabases)('the mail queue over SMTP on %s', (_name, open) => {
  let opened: OpenedTestDatabase;
  let db: CoreDatabase;
  let counter = 0;
  const rowFor = (to: string) => db.selectFrom('latch_mail_outbox').selectAll().where('to', '=', to).executeTakeFirstOrThrow();
  const address = () => `queued${(counter += 1)}.${Math.random().toString(36).slice(2)}@example.com`;

  beforeAll(async () => {
    opened = await open();
    db = opened.db;
  });
  afterAll(async () => {
    await opened?.close();
  });

  it('sends a queued message after commit, marks it sent and blanks its body', async () => {
    const server = await startSmtpServer();
    const queue = createMailQueue({ db, logger: silent, transport: createSmtpMailer({ url: server.url, from: FROM }) });
    const to = address();
    try {
      await runInTransaction(db, async () => {
        await queue.mailer.send(message(to));
        // Not before commit: a step that fails later must send nothing.
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(server.received).toHaveLength(0);
      });
      await eventually(() => server.received.length === 1);
      expect(server.received[0]?.subject).toBe('Your code: 123456');
      expect(server.received[0]?.text).toBe('Your code is 123456.\n');
      await eventually(async () => (await rowFor(to)).status === 'sent');
      const row = await rowFor(to);
      expect(row).toMatchObject({ status: 'sent', attempts: 1, text: '', html: '', last_error: null });
      expect(row.sent_at).not.toBeNull();
      expect((await listOutbox(db, { limit: 200 })).find((sent) => sent.to === to)?.subject).toBe('Your code: 123456');
    } finally {
      await queue.stop();
    }
  });

  it('sends nothing when the transaction that queued the message rolls back', async () => {
    const server = await startSmtpServer();
    const queue = createMailQueue({ db, logger: silent, transport: createSmtpMailer({ url: server.url, from: FROM }) });
    const to = address();
    try {
      await expect(
        runInTransaction(db, async () => {
          await queue.mailer.send(message(to));
          throw new Error('the step failed after queueing');
        }),
      ).rejects.toThrow('the step failed after queueing');
      expect(await queue.deliverPending()).toEqual({ sent: 0, retried: 0, failed: 0 });
      expect(server.received).toHaveLength(0);
      expect(await db.selectFrom('latch_mail_outbox').select('id').where('to', '=', to).execute()).toEqual([]);
    } finally {
      await queue.stop();
    }
  });

  it('retries after a transient failure (451) and then delivers', async () => {
    let refusals = 1;
    const server = await startSmtpServer({
      onRcptTo(_address: SMTPServerAddress, _session, callback) {
        if (refusals-- > 0) callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
        else callback();
      },
    });
    const queue = createMailQueue({ db, logger: silent, transport: createSmtpMailer({ url: server.url, from: FROM }), backoffMs: () => 100 });
    const to = address();
    try {
      await queue.mailer.send(message(to));
      await eventually(async () => (await rowFor(to)).attempts >= 1 && (await rowFor(to)).last_error !== null);
      expect(server.received).toHaveLength(0);
      const waiting = await rowFor(to);
      expect(waiting.status).toBe('pending');
      expect(waiting.last_error).toMatch(/SMTP 451/u);
      expect(waiting.last_error).not.toContain(to);
      // The worker's poll (or a kick) picks it up once the backoff is over.
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(await queue.deliverPending()).toEqual({ sent: 1, retried: 0, failed: 0 });
      expect(server.received).toHaveLength(1);
      expect(await rowFor(to)).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
    } finally {
      await queue.stop();
    }
  });

  it('gives up at once on a permanent refusal (550) and after maxAttempts on an unreachable server', async () => {
    const refusing = await startSmtpServer({
      onRcptTo(_address: SMTPServerAddress, _session, callback) {
        callback(Object.assign(new Error('No such user'), { responseCode: 550 }));
      },
    });
    const permanent = createMailQueue({ db, logger: silent, transport: createSmtpMailer({ url: refusing.url, from: FROM }) });
    const to = address();
    await permanent.stop(); // no background runs: this test drives delivery itself
    await permanent.mailer.send(message(to));
    expect(await permanent.deliverPending()).toMatchObject({ failed: 1 });
    expect(await rowFor(to)).toMatchObject({ status: 'failed', attempts: 1, text: '', html: '' });
    expect((await rowFor(to)).last_error).toMatch(/refused the message \(SMTP 550\)/u);

    const gone = await startSmtpServer();
    await gone.close();
    const unreachable = createMailQueue({ db, logger: silent, transport: createSmtpMailer({ url: gone.url, from: FROM }), maxAttempts: 2, backoffMs: () => 0 });
    await unreachable.stop();
    const other = address();
    await unreachable.mailer.send(message(other));
    expect(await unreachable.deliverPending()).toMatchObject({ retried: 1, failed: 0 });
    expect(await unreachable.deliverPending()).toMatchObject({ retried: 0, failed: 1 });
    expect(await rowFor(other)).toMatchObject({ status: 'failed', attempts: 2 });
    expect((await rowFor(other)).last_error).toMatch(/could not reach the server/u);
  });
});

describe('createCore() with SMTP: mail leaves off the request path', () => {
  it('answers a recovery request without waiting for the SMTP server, account or not, and the email follows', { timeout: 120_000 }, async () => {
    // The server holds every message until the test lets go: a request that
    // waited for SMTP would never answer (whatever the machine's load).
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const server = await startSmtpServer({
      onData(stream, _session, callback) {
        simpleParser(stream).then(async (mail) => {
          await held;
          server.received.push(mail);
          callback();
        }, callback);
      },
    });
    const t = await startTestCore({ mail: { transport: 'smtp', url: server.url, from: FROM } });
    try {
      const email = `owner.${Date.now()}@example.com`;
      await t.core.users.create({ email, passwordHash: null });
      const request = async (address: string) => {
        const interaction = await t.startInteraction();
        const flow = (await t.api('POST', '/flows', { json: { type: 'recovery', interaction: interaction.uid } })).body as Flow;
        const answer = await t.api('POST', `/flows/${flow.id}/submit`, { json: { step: 'recovery-identifier', action: 'submit', values: { email: address } } });
        expect(answer.status).toBe(200);
        expect((answer.body as Flow).step?.name).toBe('recovery-email-code');
      };
      await request(email);
      await request(`nobody.${Date.now()}@example.com`);
      // Both answered while the one real email is still held by the server.
      expect(server.received).toHaveLength(0);
      release();
      await eventually(() => server.received.length === 1);
      expect(server.received[0]?.to && !Array.isArray(server.received[0].to) ? server.received[0].to.text : '').toBe(email);
      expect(server.received[0]?.subject).toMatch(/reset/iu);
    } finally {
      release();
      await t.close();
    }
  });
});
