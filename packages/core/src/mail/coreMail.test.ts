import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, listOutbox, type Core } from '@latch/core';
import { pino } from 'pino';

const base = {
  issuer: 'http://localhost:3999/oidc',
  dataDir: 'memory://',
  clients: [{ clientId: 'app', clientSecret: 'x'.repeat(32), redirectUris: ['http://localhost:3999/cb'] }],
  argon2: { memoryCost: 1024, timeCost: 1, parallelism: 1 },
  logger: pino({ level: 'silent' }),
};

describe('createCore() mail option', () => {
  let core: Core;
  beforeAll(async () => {
    core = await createCore({ ...base, mail: { transport: 'outbox', theme: { brandName: 'Acme Notes' } } });
  });
  afterAll(async () => {
    await core?.close();
  });

  it('sends to the database outbox and renders with the configured theme', async () => {
    const email = core.mail.render('verify-email', { params: { code: '123456', link: 'https://acme.example/verify', expiresInMinutes: 15 } });
    expect(email.subject).toBe('Verify your email address for Acme Notes');
    await core.mailer.send({ to: 'ada@example.com', ...email });
    const [sent] = await listOutbox(core.db, { limit: 1 });
    expect(sent).toMatchObject({ to: 'ada@example.com', subject: email.subject, text: email.text, html: email.html });
  });

  it('defaults to the outbox', async () => {
    const other = await createCore(base);
    try {
      await other.mailer.send({ to: 'grace@example.com', subject: 'Hi', text: 'Hi', html: '<p>Hi</p>' });
      expect(await listOutbox(other.db)).toHaveLength(1);
      expect(other.mail.theme.brandName).toBe('Latch');
    } finally {
      await other.close();
    }
  });

  it('refuses a bad SMTP configuration at start-up without quoting its URL', async () => {
    const secret = 'hunter2-very-secret';
    const error = await createCore({ ...base, mail: { transport: 'smtp', url: `https://user:${secret}@smtp.example.com`, from: 'nope' } }).then(
      () => new Error('accepted'),
      (reason: unknown) => reason as Error,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toMatch(/mail\.url: must be an smtp:\/\/ or smtps:\/\/ URL/u);
    expect(error.message).toMatch(/mail\.from: must be an address/u);
    expect(error.message).not.toContain(secret);
    await expect(createCore({ ...base, mail: { transport: 'smtp', from: 'a@example.com' } as never })).rejects.toThrow(/mail\.url/u);
    await expect(createCore({ ...base, mail: { transport: 'carrier-pigeon' } as never })).rejects.toThrow(/mail\.transport/u);
    await expect(createCore({ ...base, mail: { transport: 'outbox', theme: { colors: { primary: 'red' } } } })).rejects.toThrow(/mail\.theme\.colors\.primary/u);
  });

  it('accepts an SMTP transport without contacting the server at start-up, and queues mail for it', async () => {
    const smtp = await createCore({ ...base, mail: { transport: 'smtp', url: 'smtps://user:pass@127.0.0.1:1', from: '"Acme" <no-reply@acme.example>' } });
    try {
      // Queued, not sent: the caller never waits for (or fails with) the SMTP server.
      await smtp.mailer.send({ to: 'ada@example.com', subject: 'Hi', text: 'Hi', html: '<p>Hi</p>' });
      await smtp.mailQueue.stop();
      await smtp.mailQueue.deliverPending();
      const row = await smtp.db.selectFrom('latch_mail_outbox').selectAll().where('to', '=', 'ada@example.com').executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'pending', sent_at: null });
      expect(row.attempts).toBeGreaterThanOrEqual(1);
      expect(row.last_error).toMatch(/could not reach the server/u);
      expect(row.last_error).not.toContain('pass');
      expect(await listOutbox(smtp.db)).toEqual([]);
    } finally {
      await smtp.close();
    }
  });
});
