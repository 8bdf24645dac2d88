import { LatchError } from '../errors.ts';

/** One message to one recipient, in both a plain-text and an HTML version. */
export interface MailMessage {
  /** A single bare address (`ada@example.com`), never a list or a display name. */
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * Where the core's mail goes: `createSmtpMailer()` in production,
 * `createOutboxMailer()` (a table the demo shows at `/dev/mail`) in
 * development. Anything with this method will do, e.g. an HTTP mail API.
 */
export interface Mailer {
  /** Resolves once the message is accepted; rejects with `MailDeliveryError` otherwise. */
  send(message: MailMessage): Promise<void>;
}

/** Why a delivery failed, coarse enough to be stable and to hold no secrets. */
export type MailFailureReason = 'auth' | 'connection' | 'tls' | 'rejected' | 'unknown';

/**
 * A message could not be handed over. The message names the reason and the
 * server's reply code only: never the credentials, the recipient or the body,
 * and the transport's own error is not attached (it can quote the server's
 * reply, and loggers print causes).
 */
export class MailDeliveryError extends LatchError {
  readonly reason: MailFailureReason;
  /** The SMTP reply code, when the server answered with one. */
  readonly responseCode: number | undefined;

  constructor(options: { reason: MailFailureReason; responseCode?: number | undefined; message: string }) {
    super({ status: 502, code: 'mail_delivery_failed', message: options.message, expose: false });
    this.reason = options.reason;
    this.responseCode = options.responseCode;
  }
}

// One bare address: no list separators, display names, quotes or line breaks,
// so a value that reached us from a form can never add recipients or headers.
const SINGLE_ADDRESS = /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+$/u;

/** Throws `TypeError` for a message no mailer should accept. */
export function assertMailMessage(message: MailMessage): void {
  if (typeof message?.to !== 'string' || message.to.length > 254 || !SINGLE_ADDRESS.test(message.to)) {
    throw new TypeError('Mailer.send(): `to` must be a single email address.');
  }
  for (const key of ['subject', 'text', 'html'] as const) {
    if (typeof message[key] !== 'string') throw new TypeError(`Mailer.send(): \`${key}\` must be a string.`);
  }
  if (/[\r\n]/u.test(message.subject)) throw new TypeError('Mailer.send(): `subject` must be one line.');
}
