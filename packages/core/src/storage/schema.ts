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
  /** When the message was handed over (to the SMTP server, or to the development outbox); null while pending or failed. */
  sent_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** When a flow step (or `mailer.send()`) queued it. */
  queued_at: Timestamp;
  /** `pending` (waiting for the delivery worker), `sent` or `failed` (gave up). */
  status: ColumnType<string, string | undefined, string>;
  /** Delivery attempts made so far. */
  attempts: ColumnType<number, number | undefined, number>;
  /** A pending message is not tried before this (retry backoff, or another worker's lease). */
  next_attempt_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Why the last attempt failed: the `MailDeliveryError` message (no credentials, recipient or body). */
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
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

export interface EmailChangesTable {
  user_id: string;
  /** Normalised, like `latch_users.email`. */
  new_email: string;
  /** An `EmailChallenge` (digests only, see `src/flows/emailChallenge.ts`). */
  challenge: Json<Record<string, unknown>>;
  attempts: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
}

export interface DeletedUsersTable {
  id: string;
  deleted_at: Timestamp;
}

export interface ProfilesTable {
  user_id: string;
  /** Field key → value (string, number, boolean or list of option values), as the configuration declares. */
  values: Json<Record<string, unknown>>;
  sign_in_count: ColumnType<number, number | undefined, number>;
  first_sign_in_at: Timestamp | null;
  last_sign_in_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface ProfilePromptsTable {
  user_id: string;
  rule_id: string;
  shown: ColumnType<number, number | undefined, number>;
  completed: ColumnType<number, number | undefined, number>;
  skipped: ColumnType<number, number | undefined, number>;
  /** Field keys asked in a completed prompt of this rule. */
  answered: Json<string[]>;
  last_shown_at: Timestamp | null;
  last_completed_at: Timestamp | null;
  last_skipped_at: Timestamp | null;
  sign_ins_at_last_skip: number | null;
}

export interface OrganizationsTable {
  id: string;
  name: string;
  /** Lower-case letters, digits and single hyphens; unique. */
  slug: string;
  logo_url: string | null;
  metadata: ColumnType<Record<string, unknown>, string | undefined, string>;
  /** Policy: members need a confirmed second factor to act in the organization. */
  require_mfa: ColumnType<boolean, boolean | undefined, boolean>;
  /** `auto` or `offer`: what a verified email at a verified domain gets. */
  domain_join: ColumnType<string, string | undefined, string>;
  /** Policy: the sign-in methods (`password`, `passkey`, `email_code`) members may act in it with; null: any. */
  allowed_methods: ColumnType<string[] | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OrgMembershipsTable {
  organization_id: string;
  user_id: string;
  /** `owner`, `admin`, `member` or a custom role from `organizations.roles`. */
  role: string;
  created_at: Timestamp;
}

export interface OrgInvitationsTable {
  id: string;
  organization_id: string;
  email: string;
  role: string;
  /** SHA-256 of the emailed token; never the token. */
  token_hash: string;
  invited_by: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  accepted_by: string | null;
  revoked_at: Timestamp | null;
}

export interface OrgDomainsTable {
  id: string;
  organization_id: string;
  domain: string;
  /** What the DNS TXT record at `_latch-verification.<domain>` must hold. */
  verification_value: string;
  verified_at: Timestamp | null;
  created_at: Timestamp;
}

export interface OrgActiveTable {
  /** oidc-provider's grant id: the BFF session's tokens. */
  grant_id: string;
  user_id: string;
  organization_id: string;
  updated_at: Timestamp;
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

/** An organization's runtime branding (src/branding): validated settings, resolved on read. */
export interface OrgBrandingTable {
  organization_id: string;
  settings: ColumnType<unknown, string, string>;
  updated_at: Timestamp;
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
  latch_email_changes: EmailChangesTable;
  latch_deleted_users: DeletedUsersTable;
  latch_profiles: ProfilesTable;
  latch_profile_prompts: ProfilePromptsTable;
  latch_organizations: OrganizationsTable;
  latch_org_memberships: OrgMembershipsTable;
  latch_org_invitations: OrgInvitationsTable;
  latch_org_domains: OrgDomainsTable;
  latch_org_active: OrgActiveTable;
  latch_consent_receipts: ConsentReceiptsTable;
  latch_org_branding: OrgBrandingTable;
}

export type { Generated };
