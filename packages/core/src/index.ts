export { createCore, type Core } from './createCore.ts';
export { coreOptionsSchema, type CoreOptions } from './config.ts';
export { createDatabase, type CoreDatabase, type DatabaseOptions } from './storage/createDatabase.ts';
export { migrateToLatest } from './storage/migrations.ts';
export { pruneExpired, type PruneOptions, type PruneResult } from './storage/pruneExpired.ts';
export { PGliteDialect } from './storage/pgliteDialect.ts';
export { LatchError } from './errors.ts';
export { END_USER_AGENT_HEADER, END_USER_IP_HEADER } from './http/flowRoutes.ts';
export type { ClientCredentials } from './http/authenticateClient.ts';
export { accountOf, authenticateAccount, authenticateCaller, ForbiddenAccountError, InvalidTokenError, type AccountCaller } from './http/authenticateAccount.ts';
export type { Flow, FlowField, FlowMessage, FlowStep, FlowSubmission, FlowType, FlowWebAuthn } from './flows/flowTypes.ts';
export { FLOW_ERROR_CODES, FLOW_MESSAGE_CODES } from './flows/flowMessageCodes.ts';
export { MailDeliveryError, type Mailer, type MailMessage, type MailFailureReason } from './mail/mailer.ts';
export { createSmtpMailer, type SmtpMailerOptions } from './mail/createSmtpMailer.ts';
export { createMailQueue, type MailQueue, type MailQueueOptions, type DeliveryReport } from './mail/createMailQueue.ts';
export { runInTransaction, afterCommit } from './storage/ambientTransaction.ts';
export { createOutboxMailer, listOutbox, OUTBOX_MAX_LIMIT, type OutboxMessage, type OutboxMailerOptions } from './mail/createOutboxMailer.ts';
export {
  createEmailRenderer,
  emailTemplates,
  renderEmail,
  type EmailRenderer,
  type EmailTemplate,
  type EmailTemplateParams,
  type RenderEmailOptions,
  type RenderedEmail,
} from './mail/renderEmail.ts';
export { defaultEmailTheme, type EmailTheme, type EmailThemeInput } from './mail/emailTheme.ts';
export { emailLocales, type EmailStrings, type PartialEmailStrings } from './mail/emailStrings.ts';
export type { MailOptions } from './mail/mailOptionsSchema.ts';
export {
  AUDIT_EVENT_TYPES,
  AUDIT_LIST_MAX_LIMIT,
  createAuditLog,
  type AuditDetails,
  type AuditEvent,
  type AuditEventInput,
  type AuditEventType,
  type AuditLog,
  type AuditLogOptions,
  type AuditPage,
  type AuditQuery,
} from './audit/createAuditLog.ts';
export {
  createTotpEnrollment,
  verifyTotp,
  TOTP_ALGORITHM,
  TOTP_DIGITS,
  TOTP_PERIOD_SECONDS,
  TOTP_WINDOW,
  type TotpEnrollment,
  type TotpVerification,
} from './mfa/totp.ts';
export {
  findRecoveryCode,
  generateRecoveryCodes,
  hashRecoveryCode,
  normalizeRecoveryCode,
  RECOVERY_CODE_ALPHABET,
  RECOVERY_CODE_COUNT,
  RECOVERY_CODE_LENGTH,
} from './mfa/recoveryCodes.ts';
export {
  createMfaService,
  MfaError,
  mfaLimits,
  TOTP_ENROLLMENT_TTL_SECONDS,
  type MfaService,
  type MfaStatus,
  type SecondFactorCheck,
  type StartedTotpEnrollment,
} from './mfa/createMfaService.ts';
export { createMfaRepository, type MfaRepository, type PendingTotp, type TotpFactor } from './mfa/mfaRepository.ts';
export { createTotpSecretBox, type TotpSecretBox } from './mfa/totpSecretBox.ts';
export { createPasskeyService, PasskeyError, WEBAUTHN_TIMEOUT_MS, type Passkey, type PasskeyService, type PasskeyRefusal, type PasskeyAuthentication, type WebAuthnConfig } from './passkeys/createPasskeyService.ts';
export {
  accountLimits,
  AccountError,
  createAccountService,
  type AccountLinks,
  type AccountService,
  type AccountSummary,
} from './account/createAccountService.ts';
export { createAccountRegistry, buildExport, type AccountEraser, type AccountRegistry, type ExportContext, type ExportSection } from './account/accountExport.ts';
export { EXPORT_AUDIT_EVENT_LIMIT } from './account/coreExportSections.ts';
export { profileOptionsSchema, PROFILE_FIELD_TYPES, type ProfileOptions, type ProfileFieldOptions, type ProfileConfig, type ProfileFieldConfig, type ProfileRuleConfig, type ProfileFieldType } from './profile/profileConfigSchema.ts';
export { createProfileService, type ProfileService, type ProfileView, type ProfileFieldDescription, type ProfilePromptStats, type ProfilePrompt } from './profile/createProfileService.ts';
export { duePrompt, onDemandPrompt, skipHoldsBack, missingFields, type PromptRecord, type RuleContext, type DuePrompt } from './profile/evaluateProfileRules.ts';
export { InvalidProfileError } from './profile/InvalidProfileError.ts';
export { PROFILE_ERROR_CODES, type ProfileValue, type ProfileValues, type ProfileErrorCode, type ProfileFieldError } from './profile/validateProfileValues.ts';
export {
  consentOptionsSchema,
  consentPurposeSchema,
  type ConsentOptions,
  type ConsentPurpose,
  type ConsentWebhookOptions,
} from './consent/consentOptionsSchema.ts';
export {
  RequiredPurposeWithdrawalError,
  UnknownPurposeError,
  type ConsentChange,
  type ConsentChangeEvent,
  type ConsentChangeListener,
  type ConsentService,
  type UserConsent,
} from './consent/createConsentService.ts';
export type { ConsentReceipt } from './consent/consentRepository.ts';
export type { ConsentDecision, ConsentSource } from './consent/consentDecisions.ts';
export { consentTextHash, localizePurpose, type LocalizedPurpose } from './consent/consentText.ts';
export { CONSENT_DELIVERY_HEADER, CONSENT_SIGNATURE_HEADER, signConsentWebhook } from './consent/consentWebhook.ts';
export type { FlowConsent } from './flows/flowTypes.ts';
export { brandingSettingsSchema, BRAND_COPY_MAX_LENGTH, type BrandingSettings, type BrandingSettingsInput } from './branding/brandingSettings.ts';
export { BrandingError, resolveBranding, type ResolvedBranding } from './branding/resolveBranding.ts';
export type { BrandingService, OrganizationBranding } from './branding/createBrandingService.ts';
