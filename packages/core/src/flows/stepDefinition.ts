import type { PasswordHasher } from '../users/passwordHasher.ts';
import type { UserRepository } from '../users/userRepository.ts';
import type { RateLimiter } from '../rateLimit/createRateLimiter.ts';
import type { FlowAction, FlowField, FlowMessage, FlowWebAuthn, RequestContext } from './flowTypes.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { EmailRenderer } from '../mail/renderEmail.ts';
import type { EmailChallenge } from './emailChallenge.ts';
import type { MfaService } from '../mfa/createMfaService.ts';
import type { PasskeyService } from '../passkeys/createPasskeyService.ts';
import type { ProfilePrompt, ProfileService } from '../profile/createProfileService.ts';
import type { ConsentService, ShownDecision } from '../consent/createConsentService.ts';
import type { OrganizationService } from '../organizations/createOrganizationService.ts';

/** What the engine remembers between steps; never sent to the browser as is. */
export interface FlowPrivateState {
  step: string;
  email?: string;
  /** The relying party that started the flow; picks the links put in emails. */
  clientId?: string;
  /** Sign-up with verification: the argon2id hash, kept until the address is confirmed. */
  passwordHash?: string;
  /** The code and link token last mailed (digests only). */
  challenge?: EmailChallenge;
  /** Set once the address is confirmed through the emailed link, on the `email-verified` step; at sign-in, the account a first factor proved (`totp`, `recovery-code` steps). */
  accountId?: string;
  /** At sign-in, what the first factor proved (`pwd`, `otp`), while the second is asked for. */
  amr?: string[];
  /** The WebAuthn challenge the current step's ceremony must answer; replaced after every answer (single use). */
  webauthnChallenge?: string;
  /** Sign-up with a passkey instead of a password: set at `credentials`, the address is verified, then `passkey-register`. */
  passkeyOnly?: boolean;
  /** At `passkey-register`: the WebAuthn user handle (base64url) the new credential is created for. */
  passkeyUserHandle?: string;
  /** At the `profile` step: the progressive-profiling prompt being asked (rule, fields, skippable). */
  profilePrompt?: ProfilePrompt;
  /** The locale labels are rendered in (profile fields), when the flow was started with one. */
  locale?: string;
  /** Sign-up: the consents ticked at `credentials` (with the words' hash), stored as receipts when the account is created. */
  consents?: ShownDecision[];
  /** Sign-in's `consent` step: the purposes it asks about, and the version each was granted at before, if any. */
  consentPending?: Array<{ purposeId: string; previousVersion?: number }>;
  /** Sign-in started for an organization (its id or slug): preselected at the `organization` step. Kept across steps by the engine. */
  organizationHint?: string;
  /** Sign-in's `organization` step: the organizations offered (the user's, when the step was entered). */
  organizationChoices?: Array<{ id: string; name: string; slug: string }>;
  /** Sign-in's `organization` step answered: the organization chosen (`null`: the personal account), while its policy is being met. */
  organizationId?: string | null;
  /** The `organization-totp-enroll` step: the authenticator-app enrollment in progress (the key is shown to type into the app). */
  totpEnrollment?: { enrollmentId: string; secret: string; uri: string };
  /** The `organization-recovery-codes` step: the codes to show once, forgotten when the step is answered. */
  recoveryCodes?: string[];
}

/** Links put in emails, per relying party (see `clients[].links` in the core README). */
export interface EmailLinks {
  /** Opened with `?flow=<id>&token=<token>` to verify an address (the BFF's `/auth/verify-email`). */
  verifyEmail: string;
  /** Opened with `?flow=<id>&token=<token>` to sign in without the code (the BFF's `/auth/sign-in-link`). */
  signInLink: string;
  /** The app's sign-in page, in the "you already have an account" email. */
  signIn: string;
  /** Where the owner can reset the password, in the same email and in the "password changed" one. */
  passwordReset: string;
  /** Opened with `?flow=<id>&token=<token>` to answer a password-reset code by link (the BFF's `/auth/reset-password`). */
  recoveryLink: string;
}

/** Ends an account's sessions at the identity provider (grants, login sessions, refresh and access tokens). */
export interface AccountSessions {
  /** Resolves with how many provider records went. */
  revokeAll(accountId: string): Promise<number>;
}

/** Email codes and links: verification at sign-up and passwordless sign-in. */
export interface EmailStepDependencies {
  mailer: Mailer;
  mail: EmailRenderer;
  /** HMAC key for code and token digests. */
  secret: string;
  /** Whether sign-up must confirm the address before the account exists. */
  requireVerificationAtSignUp: boolean;
  codeTtlSeconds: number;
  /** Wrong answers per code; the next answer, right or wrong, is refused and a new code must be sent. */
  maxAttempts: number;
  links(clientId: string | undefined): EmailLinks;
  now(): Date;
}

export interface PasswordPolicy {
  minLength: number;
  maxLength: number;
}

export interface StepDependencies {
  users: UserRepository;
  hasher: PasswordHasher;
  rateLimiter: RateLimiter;
  passwordPolicy: PasswordPolicy;
  /** Without it, sign-up does not verify addresses and sign-in offers no email code. */
  email?: EmailStepDependencies;
  /** Second factors; without it, sign-in never asks for one. */
  mfa?: Pick<MfaService, 'isEnrolled' | 'checkTotp' | 'useRecoveryCode'>;
  /** Needed by account recovery, which signs the account out everywhere. */
  sessions?: AccountSessions;
  /** Passkeys; without it, sign-in offers none. */
  passkeys?: Pick<PasskeyService, 'newChallenge' | 'authenticationOptions' | 'verifyAuthentication' | 'creationOptions' | 'verifyNewCredential' | 'save' | 'hasPasskey'>;
  /** Declared profile fields and progressive-profiling rules; without it, no `profile` step is ever inserted. */
  profile?: Pick<ProfileService, 'promptAfterAuthentication' | 'promptFields' | 'answerPrompt' | 'skipPrompt'>;
  /** Consent purposes; without it (or with none configured), sign-up shows no checkboxes and sign-in no consent step. */
  consent?: Pick<ConsentService, 'purposes' | 'current' | 'shown' | 'createUser' | 'record'>;
  /** Organizations; without it, sign-in never asks for one. */
  organizations?: Pick<OrganizationService, 'signInChoices' | 'options'>;
  /** Setting up an authenticator app inside sign-in, when a chosen organization requires a second factor the user lacks. */
  mfaEnrollment?: Pick<MfaService, 'startTotpEnrollment' | 'confirmTotpEnrollment'>;
}

export interface StepInput {
  flowId: string;
  action: string;
  values: Record<string, string>;
  state: FlowPrivateState;
  context: RequestContext;
  deps: StepDependencies;
  /** Optional detail for the audit event the engine records for this submission. */
  audit?: StepAudit;
}

/**
 * The engine audits every submission by itself (success, refusal, rate
 * limit), taking the identifier from `state.email` or `values.email` and the
 * account from it. A step that knows better (the account a passkey belongs
 * to) says so here; steps never write audit events themselves.
 */
export interface StepAudit {
  subject(who: { userId?: string | undefined; identifier?: string | undefined }): void;
}

export type StepOutcome =
  | {
      kind: 'next';
      state: FlowPrivateState;
      flowMessages?: FlowMessage[];
      /** An audit event this move stands for, named after the flow (`requested` → `recovery.requested`). */
      auditEvent?: string;
    }
  | {
      kind: 'invalid';
      fieldMessages: Record<string, FlowMessage[]>;
      flowMessages: FlowMessage[];
      /** State to keep despite the refusal, e.g. a replaced single-use challenge. */
      state?: FlowPrivateState;
    }
  | {
      kind: 'complete';
      accountId: string;
      amr: string[];
      /** The organization the session starts in (`null`: the personal account); left out when sign-in did not ask. */
      organizationId?: string | null;
    };

export type FieldTemplate = Omit<FlowField, 'messages'>;

export interface StepDefinition {
  fields(state: FlowPrivateState, deps: StepDependencies): FieldTemplate[];
  actions: FlowAction[];
  /**
   * Actions and fields a relying party may submit but that are never rendered:
   * the token of an emailed link, which the BFF submits when the link is opened.
   */
  hidden?: { actions: string[]; fields: string[] };
  handle(input: StepInput): Promise<StepOutcome>;
  /** The actions offered in this state, when they depend on configuration (passkeys); `actions` otherwise. */
  actionsFor?(state: FlowPrivateState, deps: StepDependencies): FlowAction[];
  /** Run by the engine whenever the flow enters this step (and at creation): e.g. draws a WebAuthn challenge. */
  enter?(state: FlowPrivateState, deps: StepDependencies): FlowPrivateState;
  /** The ceremony the step offers, rendered into the wire format's `step.webauthn`. */
  webauthn?(state: FlowPrivateState, deps: StepDependencies): FlowWebAuthn | undefined;
}

export const submitAction: FlowAction = { name: 'submit', kind: 'primary' };

export function invalid(fieldMessages: Record<string, FlowMessage[]>, flowMessages: FlowMessage[] = []): StepOutcome {
  return { kind: 'invalid', fieldMessages, flowMessages };
}
