import { isIP } from 'node:net';
import nodemailer from 'nodemailer';
import { assertMailMessage, MailDeliveryError, type Mailer, type MailFailureReason } from './mailer.ts';

export type SmtpMailerOptions = (
  | {
      /**
       * `smtp://user:pass@host:587` (STARTTLS when offered) or
       * `smtps://user:pass@host:465` (TLS from the first byte). Percent-encode
       * reserved characters in the user name and password.
       */
      url: string;
    }
  | {
      host: string;
      /** Default 465 when `secure`, 587 otherwise. */
      port?: number;
      /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
      secure?: boolean;
      auth?: { user: string; pass: string };
      /** Extra TLS settings, e.g. a private `ca`; `rejectUnauthorized: false` only in tests. */
      tls?: { ca?: string | Buffer; servername?: string; rejectUnauthorized?: boolean };
    }
) & {
  /** The sender: `no-reply@example.com` or `"Acme" <no-reply@example.com>`. */
  from: string;
  /**
   * Refuse to talk to the server unless the connection is encrypted (TLS or
   * STARTTLS). Defaults to on whenever credentials would be sent to a host
   * other than the loopback interface, so a password never crosses a network
   * in clear text.
   */
  requireTls?: boolean;
  /** Give up on an unreachable or silent server after this long. Default 10 s. */
  timeoutMs?: number;
};

interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  auth: { user: string; pass: string } | undefined;
  tls: { ca?: string | Buffer; servername?: string; rejectUnauthorized?: boolean } | undefined;
}

/**
 * A `Mailer` that hands each message to an SMTP server through nodemailer,
 * one connection per message (the core sends little mail; nothing to keep
 * open or close). Options are checked here, so a bad URL fails at start-up;
 * the server itself is first contacted by the first `send()`.
 */
export function createSmtpMailer(options: SmtpMailerOptions): Mailer {
  const settings = 'url' in options ? parseSmtpUrl(options.url) : fromObject(options);
  if (typeof options.from !== 'string' || !isMailbox(options.from)) {
    throw new TypeError('createSmtpMailer(): `from` must be an address such as no-reply@example.com or "Acme" <no-reply@example.com>.');
  }
  const requireTls = options.requireTls ?? (settings.auth !== undefined && !settings.secure && !isLoopback(settings.host));
  const timeout = options.timeoutMs ?? 10_000;
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    requireTLS: requireTls,
    ...(settings.auth ? { auth: settings.auth } : {}),
    ...(settings.tls ? { tls: settings.tls } : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout * 3,
    // Messages are strings we render; nothing may make nodemailer read a file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
    debug: false,
  });
  const where = `${settings.host}:${settings.port}`;

  return {
    async send(message) {
      assertMailMessage(message);
      try {
        await transport.sendMail({ from: options.from, to: message.to, subject: message.subject, text: message.text, html: message.html });
      } catch (error) {
        throw toDeliveryError(error, where);
      }
    },
  };
}

function parseSmtpUrl(value: string): SmtpSettings {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // Never echo the value: it usually holds a password.
    throw new TypeError('createSmtpMailer(): `url` is not a valid URL; expected smtp://user:pass@host:port or smtps://….');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new TypeError('createSmtpMailer(): `url` must start with smtp:// or smtps://.');
  }
  if (!url.hostname) throw new TypeError('createSmtpMailer(): `url` names no host.');
  const secure = url.protocol === 'smtps:';
  const user = safeDecode(url.username);
  const pass = safeDecode(url.password);
  return {
    host: url.hostname.replace(/^\[(.*)\]$/u, '$1'),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: user ? { user, pass } : undefined,
    tls: undefined,
  };
}

function fromObject(options: Extract<SmtpMailerOptions, { host: string }>): SmtpSettings {
  if (typeof options.host !== 'string' || !options.host) throw new TypeError('createSmtpMailer(): `host` is required.');
  const secure = options.secure ?? false;
  const port = options.port ?? (secure ? 465 : 587);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new TypeError('createSmtpMailer(): `port` must be an integer from 1 to 65535.');
  if (options.auth && (typeof options.auth.user !== 'string' || typeof options.auth.pass !== 'string' || !options.auth.user)) {
    throw new TypeError('createSmtpMailer(): `auth` needs a `user` and a `pass`.');
  }
  return { host: options.host, port, secure, auth: options.auth, tls: options.tls };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new TypeError('createSmtpMailer(): the user name or password in `url` is not correctly percent-encoded.');
  }
}

function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/** `addr@host` or `Display Name <addr@host>`, on one line. */
export function isMailbox(value: string): boolean {
  return /^(?:[^\r\n<>@]*<[^\s<>@,;]+@[^\s<>@,;]+>|[^\s<>@,;"]+@[^\s<>@,;"]+)$/u.test(value.trim());
}

const REASONS: Record<string, MailFailureReason> = {
  EAUTH: 'auth',
  ENOAUTH: 'auth',
  ECONNECTION: 'connection',
  ETIMEDOUT: 'connection',
  ESOCKET: 'connection',
  EDNS: 'connection',
  ECONNREFUSED: 'connection',
  ETLS: 'tls',
  EENVELOPE: 'rejected',
  EMESSAGE: 'rejected',
};

const DESCRIPTIONS: Record<MailFailureReason, string> = {
  auth: 'the server refused the credentials',
  connection: 'could not reach the server',
  tls: 'could not establish an encrypted connection',
  rejected: 'the server refused the message',
  unknown: 'the transport failed',
};

/** Maps nodemailer's failures onto one error with a stable code and nothing secret in it. */
function toDeliveryError(error: unknown, where: string): MailDeliveryError {
  const { code, originalCode, responseCode } = (error ?? {}) as { code?: unknown; originalCode?: unknown; responseCode?: unknown };
  let reason: MailFailureReason = typeof code === 'string' ? (REASONS[code] ?? 'unknown') : 'unknown';
  // nodemailer reports a certificate it cannot verify as a socket error; Node's own code says what it was.
  if (typeof originalCode === 'string' && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|SSL|TLS/u.test(originalCode)) reason = 'tls';
  // A server that answers "530 Must issue a STARTTLS command first" refused us for want of TLS.
  if (reason === 'unknown' && responseCode === 530) reason = 'tls';
  const reply = typeof responseCode === 'number' ? responseCode : undefined;
  return new MailDeliveryError({
    reason,
    responseCode: reply,
    message: `Mail delivery through ${where} failed: ${DESCRIPTIONS[reason]}${reply ? ` (SMTP ${reply})` : ''}.`,
  });
}
