import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

/**
 * TOTP (RFC 6238) as every authenticator app understands it: SHA-1, six
 * digits, 30-second steps. Other parameters are silently ignored by several
 * popular apps, which then show codes that never match.
 */
export const TOTP_ALGORITHM = 'SHA1';
export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
/** Steps accepted either side of the current one, for clock drift and slow typing. */
export const TOTP_WINDOW = 1;
/** 160 bits, the secret length RFC 4226 §4 recommends. */
const SECRET_BYTES = 20;

export interface TotpEnrollment {
  /** Base32 (32 characters): the manual key, and what the caller stores. */
  secret: string;
  /** The `otpauth://totp/…` key URI the QR code encodes. */
  uri: string;
  /** The QR code as a self-contained SVG document, rendered offline. */
  qrSvg: string;
}

export async function createTotpEnrollment(options: { issuer: string; accountName: string }): Promise<TotpEnrollment> {
  // The key URI format separates issuer and account with a colon in the label,
  // so a colon in either makes apps show the wrong issuer.
  for (const name of ['issuer', 'accountName'] as const) {
    const value = options[name];
    if (typeof value !== 'string' || value.trim() === '') throw new TypeError(`createTotpEnrollment: ${name} must be a non-empty string`);
    if (value.includes(':')) throw new TypeError(`createTotpEnrollment: ${name} must not contain ":"`);
  }
  const secret = new Secret({ size: SECRET_BYTES });
  const uri = totpFor(secret, options).toString();
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
  return { secret: secret.base32, uri, qrSvg };
}

export type TotpVerification = { ok: true; step: number } | { ok: false; reason: 'invalid' | 'replayed' | 'malformed' };

/**
 * Checks a typed code against `secret` at `now` (default: the current time).
 * A match answers its time step; the caller stores it as `lastUsedStep`, so
 * the same code, or one from an earlier step, is refused as `replayed` —
 * otherwise a code seen over someone's shoulder works for up to 90 seconds.
 */
export function verifyTotp(options: { secret: string; code: string; now?: Date; lastUsedStep?: number }): TotpVerification {
  const code = options.code.normalize('NFKC').replace(/\s/gu, '');
  if (!new RegExp(`^[0-9]{${TOTP_DIGITS}}$`, 'u').test(code)) return { ok: false, reason: 'malformed' };
  const timestamp = (options.now ?? new Date()).getTime();
  const totp = totpFor(Secret.fromBase32(options.secret), { issuer: '', accountName: 'Latch' });
  const delta = totp.validate({ token: code, timestamp, window: TOTP_WINDOW });
  if (delta === null) return { ok: false, reason: 'invalid' };
  const step = totp.counter({ timestamp }) + delta;
  if (options.lastUsedStep !== undefined && step <= options.lastUsedStep) return { ok: false, reason: 'replayed' };
  return { ok: true, step };
}

function totpFor(secret: Secret, options: { issuer: string; accountName: string }): TOTP {
  return new TOTP({
    issuer: options.issuer,
    label: options.accountName,
    secret,
    algorithm: TOTP_ALGORITHM,
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
  });
}
