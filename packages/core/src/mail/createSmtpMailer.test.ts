import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions, type SMTPServerEnvelope, type SMTPServerSession } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { createSmtpMailer, MailDeliveryError, type MailMessage } from '@latch/core';

const USER = 'latch-user';
// Reserved URL characters on purpose: the URL form must percent-decode them.
const PASSWORD = 'p@ss:w/rd s3cret';
const FROM = '"Acme Notes" <no-reply@acme.test>';

interface Received {
  envelope: SMTPServerEnvelope;
  secure: boolean;
  user: string | undefined;
  mail: ParsedMail;
}

interface TestSmtpServer {
  port: number;
  received: Received[];
  connections: number;
  close(): Promise<void>;
}

const servers: TestSmtpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A real SMTP server on 127.0.0.1 and an ephemeral port that accepts `USER`/`PASSWORD`. */
async function startSmtpServer(options: SMTPServerOptions = {}): Promise<TestSmtpServer> {
  const received: Received[] = [];
  const state = { connections: 0 };
  const server = new SMTPServer({
    logger: false,
    // Plain SMTP unless a test wants STARTTLS (smtp-server offers it with a self-signed certificate).
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onConnect(_session, callback) {
      state.connections += 1;
      callback();
    },
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASSWORD) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session: SMTPServerSession, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push({ envelope: session.envelope, secure: session.secure, user: session.user as string | undefined, mail });
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
  const handle: TestSmtpServer = {
    port,
    received,
    get connections() {
      return state.connections;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  servers.push(handle);
  return handle;
}

const message: MailMessage = {
  to: 'ada@example.com',
  subject: 'Your code: 123456 — ünïcödé',
  text: 'Your code is 123456.\nIt expires in 15 minutes.\n',
  html: '<!doctype html><html><body><p>Your code is <strong>123456</strong>.</p></body></html>',
};

async function failure(promise: Promise<unknown>): Promise<MailDeliveryError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(MailDeliveryError);
  const delivery = error as MailDeliveryError;
  expect(delivery).toMatchObject({ code: 'mail_delivery_failed', status: 502, expose: false });
  // Nothing secret anywhere a logger might look.
  const everything = [delivery.message, delivery.stack, JSON.stringify(delivery), String(delivery.cause ?? '')].join('\n');
  expect(everything).not.toContain(PASSWORD);
  expect(everything).not.toContain(encodeURIComponent(PASSWORD));
  expect(everything).not.toContain('123456');
  expect(everything).not.toContain(message.to);
  return delivery;
}

describe('createSmtpMailer against a real SMTP server', () => {
  it('authenticates and delivers the envelope, subject, text and HTML parts', async () => {
    const server = await startSmtpServer();
    const mailer = createSmtpMailer({ url: `smtp://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${server.port}`, from: FROM });
    await mailer.send(message);

    expect(server.received).toHaveLength(1);
    const [{ envelope, user, mail }] = server.received as [Received];
    expect(user).toBe(USER);
    expect(envelope.mailFrom).toMatchObject({ address: 'no-reply@acme.test' });
    expect(envelope.rcptTo.map((rcpt) => rcpt.address)).toEqual(['ada@example.com']);
    expect(mail.from?.value).toEqual([{ address: 'no-reply@acme.test', name: 'Acme Notes' }]);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value : undefined).toEqual([{ address: 'ada@example.com', name: '' }]);
    expect(mail.subject).toBe(message.subject);
    expect(mail.text).toBe(message.text);
    expect(mail.html).toBe(message.html);
    expect(mail.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
  });

  it('delivers without credentials to a server that needs none', async () => {
    const server = await startSmtpServer({ authOptional: true });
    await createSmtpMailer({ host: '127.0.0.1', port: server.port, from: 'no-reply@acme.test' }).send(message);
    expect(server.received[0]?.user).toBeUndefined();
    expect(server.received[0]?.mail.subject).toBe(message.subject);
  });

  it('upgrades with STARTTLS and refuses a certificate it cannot verify', async () => {
    const server = await startSmtpServer({ disabledCommands: [] });
    const base = { host: '127.0.0.1', port: server.port, auth: { user: USER, pass: PASSWORD }, from: FROM, requireTls: true };

    const untrusted = await failure(createSmtpMailer(base).send(message));
    expect(untrusted.reason).toBe('tls');
    expect(server.received).toHaveLength(0);

    // smtp-server's built-in certificate is self-signed (and expired); a test may trust it.
    await createSmtpMailer({ ...base, tls: { rejectUnauthorized: false } }).send(message);
    expect(server.received[0]).toMatchObject({ secure: true, user: USER });
  });

  it('refuses to go on without TLS when required and the server offers none', async () => {
    const server = await startSmtpServer();
    const error = await failure(
      createSmtpMailer({ host: '127.0.0.1', port: server.port, auth: { user: USER, pass: PASSWORD }, from: FROM, requireTls: true }).send(message),
    );
    expect(error.reason).toBe('tls');
    expect(server.received).toHaveLength(0);
  });

  it('fails with mail_delivery_failed, reason auth, when the password is wrong, and never leaks it', async () => {
    const server = await startSmtpServer();
    const wrong = `${PASSWORD}-wrong`;
    const error = await failure(createSmtpMailer({ url: `smtp://${USER}:${encodeURIComponent(wrong)}@127.0.0.1:${server.port}`, from: FROM }).send(message));
    expect(error).toMatchObject({ reason: 'auth', responseCode: 535 });
    expect(error.message).toBe(`Mail delivery through 127.0.0.1:${server.port} failed: the server refused the credentials (SMTP 535).`);
    expect([error.message, error.stack].join()).not.toContain(wrong);
    expect(server.received).toHaveLength(0);
  });

  it('fails with reason connection when nothing listens', async () => {
    const server = await startSmtpServer();
    const { port } = server;
    await server.close();
    const error = await failure(createSmtpMailer({ url: `smtp://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}`, from: FROM }).send(message));
    expect(error.reason).toBe('connection');
    expect(error.message).toBe(`Mail delivery through 127.0.0.1:${port} failed: could not reach the server.`);
  });

  it('fails with reason rejected when the server refuses the recipient', async () => {
    const server = await startSmtpServer({
      authOptional: true,
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error('No such user here'), { responseCode: 550 }));
      },
    });
    const error = await failure(createSmtpMailer({ host: '127.0.0.1', port: server.port, from: FROM }).send(message));
    expect(error).toMatchObject({ reason: 'rejected', responseCode: 550 });
  });

  it('refuses a message for more than one recipient before connecting', async () => {
    const server = await startSmtpServer({ authOptional: true });
    const mailer = createSmtpMailer({ host: '127.0.0.1', port: server.port, from: FROM });
    for (const to of ['ada@example.com, eve@example.com', 'Ada <ada@example.com>', 'ada@example.com\r\nBcc: eve@example.com', '', 'ada']) {
      await expect(mailer.send({ ...message, to }), JSON.stringify(to)).rejects.toThrow(TypeError);
    }
    await expect(mailer.send({ ...message, subject: 'Hi\r\nBcc: eve@example.com' })).rejects.toThrow(/one line/u);
    expect(server.connections).toBe(0);
  });

  it('checks its options eagerly, without quoting the URL', () => {
    const secretUrl = `http://${USER}:${encodeURIComponent(PASSWORD)}@smtp.example.com`;
    expect(() => createSmtpMailer({ url: secretUrl, from: FROM })).toThrow(/smtp:\/\/ or smtps:\/\//u);
    expect(() => createSmtpMailer({ url: 'smtp://user:%E0%A4%A@smtp.example.com', from: FROM })).toThrow(/percent-encoded/u);
    expect(() => createSmtpMailer({ url: 'not a url', from: FROM })).toThrow(/not a valid URL/u);
    expect(() => createSmtpMailer({ url: 'smtp://smtp.example.com', from: 'nobody' })).toThrow(/from/u);
    expect(() => createSmtpMailer({ host: 'smtp.example.com', port: 70000, from: FROM })).toThrow(/port/u);
    try {
      createSmtpMailer({ url: secretUrl, from: FROM });
    } catch (error) {
      expect(String(error)).not.toContain(encodeURIComponent(PASSWORD));
    }
  });
});
