/** The signed-in user's second factors, as `GET /auth/mfa` answers them. */
export interface MfaStatus {
  factors: MfaFactor[];
  /** Unused recovery codes (0 without a factor). */
  recoveryCodes: { remaining: number };
}

export interface MfaFactor {
  id: string;
  type: 'totp';
  confirmedAt: string;
  createdAt: string;
}

/** A started authenticator-app enrollment: show `qrSvg` and `secret`, then confirm with a code. */
export interface TotpEnrollment {
  enrollmentId: string;
  /** Base32 manual key. */
  secret: string;
  /** The `otpauth://` URI the QR code encodes. */
  uri: string;
  /** The QR code, a self-contained SVG document. */
  qrSvg: string;
}

/** Recovery codes, shown once: the server keeps only their digests. */
export interface RecoveryCodes {
  recoveryCodes: string[];
}

/** A passkey of the signed-in user, as `GET /auth/passkeys` lists them. */
export interface Passkey {
  id: string;
  /** Given when added (or "Passkey N"). */
  name: string;
  /** `multiDevice` for a synced passkey. */
  deviceType: string;
  backedUp: boolean;
  createdAt: string;
  lastUsedAt: string | null;
}
