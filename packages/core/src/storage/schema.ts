import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface UsersTable {
  id: string;
  /** Normalised (NFC, trimmed, lower-cased) address; unique. */
  email: string;
  password_hash: string | null;
  /** When the owner last proved the address by an emailed code or link; null when never. */
  email_verified_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FlowsTable {
  id: string;
  type: string;
  interaction_uid: string;
  /** The engine's private state: current step, identifier, attempts. */
  state: Json<Record<string, unknown>>;
  created_at: Timestamp;
  expires_at: Timestamp;
  completed_at: Timestamp | null;
}

export interface OidcPayloadsTable {
  id: string;
  type: string;
  payload: Json<Record<string, unknown>>;
  grant_id: string | null;
  user_code: string | null;
  uid: string | null;
  expires_at: Timestamp | null;
  consumed_at: Timestamp | null;
}

export interface SecretsTable {
  name: string;
  value: Json<unknown>;
  created_at: Timestamp;
}

export interface RateLimitsTable {
  key: string;
  points: number;
  expires_at: Timestamp;
}

export interface MailOutboxTable {
  /** bigint identity; read it as text (`pg` returns int8 as a string). */
  id: Generated<string>;
  to: string;
  subject: string;
  text: string;
  html: string;
  sent_at: Timestamp;
}

export interface AuditEventsTable {
  /** bigint identity; read it as text (`pg` returns int8 as a string). */
  id: Generated<string>;
  occurred_at: Timestamp;
  /** `sign_in.failed`, `account.locked`, … (see `src/audit/createAuditLog.ts`). */
  type: string;
  user_id: string | null;
  /** HMAC-SHA256 of the normalised email under a key in `latch_secrets`; never the address itself. */
  identifier_hash: string | null;
  ip: string | null;
  user_agent: string | null;
  flow_id: string | null;
  client_id: string | null;
  /** Reason codes and the like; never passwords, codes or tokens. */
  details: Json<Record<string, unknown>>;
}

export interface MfaFactorsTable {
  id: string;
  user_id: string;
  /** `totp` today. */
  type: string;
  /** The TOTP secret sealed with AES-256-GCM (`v1.<iv>.<ciphertext>.<tag>`); see `src/mfa/totpSecretBox.ts`. */
  secret: string;
  /** Time step of the last accepted code; later codes only (replay defence). */
  last_used_step: number | null;
  /** Null while the enrollment waits for its first code. */
  confirmed_at: Timestamp | null;
  created_at: Timestamp;
}

export interface RecoveryCodesTable {
  user_id: string;
  /** HMAC-SHA-256 of the normalised code under `mfa.recovery-key`; never the code. */
  code_hash: string;
  used_at: Timestamp | null;
  created_at: Timestamp;
}

export interface PasskeysTable {
  id: string;
  user_id: string;
  /** base64url, as the authenticator names the credential. */
  credential_id: string;
  /** base64url COSE public key. */
  public_key: string;
  /** Signature counter; bigint columns read back as strings. */
  counter: ColumnType<string | number, number, number>;
  /** Comma-separated `AuthenticatorTransport` values. */
  transports: string;
  /** `singleDevice` or `multiDevice` (a synced passkey). */
  device_type: string;
  backed_up: boolean;
  name: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
}

export interface WebAuthnChallengesTable {
  challenge: string;
  user_id: string;
  expires_at: Timestamp;
}

export interface ConsentReceiptsTable {
  /** bigint identity; read it as text (`pg` returns int8 as a string). Orders receipts of one user. */
  id: Generated<string>;
  user_id: string;
  purpose_id: string;
  purpose_version: number;
  decision: 'granted' | 'withdrawn';
  source: 'sign_up' | 'consent_step' | 'profile' | 'api';
  /** The locale whose title and text were shown. */
  locale: string;
  /** Hex SHA-256 of the title and text shown (see `src/consent/consentText.ts`). */
  text_sha256: string;
  ip: string | null;
  user_agent: string | null;
  created_at: Timestamp;
}

export interface CoreSchema {
  latch_users: UsersTable;
  latch_flows: FlowsTable;
  latch_oidc_payloads: OidcPayloadsTable;
  latch_secrets: SecretsTable;
  latch_rate_limits: RateLimitsTable;
  latch_mail_outbox: MailOutboxTable;
  latch_audit_events: AuditEventsTable;
  latch_mfa_factors: MfaFactorsTable;
  latch_recovery_codes: RecoveryCodesTable;
  latch_passkeys: PasskeysTable;
  latch_webauthn_challenges: WebAuthnChallengesTable;
  latch_consent_receipts: ConsentReceiptsTable;
}

export type { Generated };
