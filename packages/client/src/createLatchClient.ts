import type { Account, AccountExport, AccountSession, PendingEmailChange } from './account.ts';
import { flowClientMethods } from './createFlowClient.ts';
import { createRequest, type LatchClientOptions } from './createRequest.ts';
import type { Flow, FlowSubmission, FlowType, Session } from './flow.ts';
import type { MfaStatus, Passkey, RecoveryCodes, TotpEnrollment } from './mfa.ts';
import type { Profile, ProfileValue } from './profile.ts';
import type { ActiveOrganization } from './flow.ts';
import type {
  InvitationPreview,
  Organization,
  OrganizationDomain,
  OrganizationInvitation,
  OrganizationList,
  OrganizationMember,
  OrganizationPatch,
  OrganizationRole,
  OrganizationSummary,
} from './organizations.ts';
import type { Branding, BrandingSettings, OrganizationBranding } from './branding.ts';
import type { ConsentDecision, ConsentReceipt, UserConsent } from './consent.ts';
import type { SessionStore } from './sessionStore.ts';

export { CSRF_HEADER, type LatchClientOptions } from './createRequest.ts';

export interface LatchClient {
  readonly session: SessionStore;
  getSession(): Promise<Session>;
  /**
   * Starts a flow. `reauthenticate: true` (sign-in only) confirms the signed-in
   * user (`POST /auth/flows/sign-in?reauth=1`): the flow starts at the
   * password step with their address read-only, and completing it renews the
   * session's authentication time, as step-up routes ask
   * (`reauthentication_required`, `mfa_required`). `locale` (a BCP 47 tag such
   * as `de`) is the language the server writes its own texts in: profile field
   * labels and consent purposes configured per locale; English when unset.
   * `organization` (sign-in only; a slug or id) preselects that organization
   * at the sign-in's organization step (`?organization=`).
   */
  createFlow(options: { type: FlowType; reauthenticate?: boolean; locale?: string; organization?: string }): Promise<Flow>;
  getFlow(options: { id: string }): Promise<Flow>;
  /**
   * Answers the flow's current step. Resolves with the next state of the
   * flow; rejects with a `LatchApiError` whose `flow` carries the messages
   * when the values were refused.
   */
  submitFlow(options: { id: string; submission: FlowSubmission }): Promise<Flow>;
  signOut(): Promise<void>;
  /** The signed-in user's second factors (`GET /auth/mfa`); 401 `unauthenticated` when signed out. */
  getMfa(): Promise<MfaStatus>;
  /** Starts an authenticator-app enrollment (`POST /auth/mfa/totp`). */
  startTotpEnrollment(): Promise<TotpEnrollment>;
  /** Confirms it with a first code; resolves with the recovery codes to show once. 422 `invalid_code` for a wrong code. */
  confirmTotpEnrollment(options: { enrollmentId: string; code: string }): Promise<RecoveryCodes>;
  /** Removes the authenticator app and the recovery codes (`DELETE /auth/mfa/totp`). */
  removeTotp(): Promise<void>;
  /** Replaces every recovery code with ten new ones (`POST /auth/mfa/recovery-codes`). */
  regenerateRecoveryCodes(): Promise<RecoveryCodes>;
  /** The signed-in user's passkeys (`GET /auth/passkeys`). */
  listPasskeys(): Promise<{ passkeys: Passkey[] }>;
  /**
   * Creation options for a new passkey (`POST /auth/passkeys/registration-options`):
   * pass them to @simplewebauthn/browser's `startRegistration({ optionsJSON })`.
   */
  passkeyRegistrationOptions(): Promise<Record<string, unknown>>;
  /** Adds the passkey `startRegistration()` created (`POST /auth/passkeys`); 400 `passkey_origin_mismatch`, `passkey_challenge_mismatch` or `invalid_passkey` when refused. */
  addPasskey(options: { response: unknown; name?: string }): Promise<Passkey>;
  /** Removes one (`DELETE /auth/passkeys/:id`). */
  removePasskey(options: { id: string }): Promise<void>;
  /** The signed-in user's account (`GET /auth/account`). */
  getAccount(): Promise<Account>;
  /**
   * Sends a code and a link to `email` (`POST /auth/account/email`); needs a
   * recent sign-in (`reauthentication_required`). 400 `invalid_email` or
   * `email_unchanged`; an address with an account answers the same as a free one.
   */
  requestEmailChange(options: { email: string }): Promise<PendingEmailChange>;
  /** Confirms with the code (`POST /auth/account/email/confirm`); 422 `invalid_code`, 410 `code_expired`, 429 `too_many_attempts`. Refreshes the session. */
  confirmEmailChange(options: { code: string }): Promise<{ email: string }>;
  /** Drops a pending change of address (`DELETE /auth/account/email`). */
  cancelEmailChange(): Promise<void>;
  /**
   * Sets a new password (`POST /auth/account/password`). Without
   * `currentPassword` it needs a recent sign-in. 422 `invalid_current_password`,
   * `password_too_short`, `password_too_common`, … Other browsers are signed out.
   */
  changePassword(options: { currentPassword?: string; newPassword: string }): Promise<void>;
  /** The user's signed-in browsers (`GET /auth/account/sessions`). */
  listSessions(): Promise<{ sessions: AccountSession[] }>;
  /** Signs one browser out (`DELETE /auth/account/sessions/:id`); 404 `session_not_found`. */
  revokeSession(options: { id: string }): Promise<void>;
  /** Signs out every browser but this one (`POST /auth/account/sessions/sign-out-others`). */
  signOutOtherSessions(): Promise<{ revoked: number }>;
  /** Signs out every browser, this one included (`POST /auth/account/sessions/sign-out-all`). */
  signOutEverywhere(): Promise<void>;
  /** Where "download my data" is (`GET /auth/account/export`, a JSON attachment): the `href` of a link with `download`. */
  readonly exportUrl: string;
  /** The same export, parsed. */
  exportData(): Promise<AccountExport>;
  /** Deletes the account for good (`DELETE /auth/account`); needs a recent sign-in. The session ends. */
  deleteAccount(): Promise<void>;
  /** The declared profile fields with the user's values (`GET /auth/account/profile`), labels in `locale` (English fallback). */
  getProfile(options?: { locale?: string }): Promise<Profile>;
  /**
   * Sets the named fields (`null` clears one) and resolves with the updated
   * profile (`PATCH /auth/account/profile`). Refused values reject with a
   * `LatchApiError` `invalid_profile` whose `fields` say why per field; then
   * nothing was saved.
   */
  updateProfile(options: { values: Record<string, ProfileValue | null>; locale?: string }): Promise<Profile>;
  /**
   * Starts the on-demand progressive-profiling prompt `key` (a rule with
   * `when: { on_demand: key }`) for the signed-in user
   * (`POST /auth/account/profile/flows`): a `profile` flow at its `profile`
   * step, answered with `submitFlow`, or already complete when nothing is missing.
   */
  startProfileFlow(options: { key: string; locale?: string }): Promise<Flow>;
  /** The user's organizations and what they may do (`GET /auth/organizations`). */
  listOrganizations(): Promise<OrganizationList>;
  /** Creates one with the user as owner; 400 `invalid_slug`, 409 `slug_taken`, 403 `org_creation_disabled`. */
  createOrganization(options: { name: string; slug: string; logoUrl?: string }): Promise<Organization>;
  getOrganization(options: { id: string }): Promise<Organization>;
  /** Details need `org:update`; `policy` and `domainJoin` need `org:policy:manage` (403 `org_forbidden`). */
  updateOrganization(options: { id: string; patch: OrganizationPatch }): Promise<Organization>;
  /** Owners only, with a recent sign-in (401 `reauthentication_required`). */
  deleteOrganization(options: { id: string }): Promise<void>;
  listMembers(options: { organizationId: string; search?: string }): Promise<{ members: OrganizationMember[] }>;
  /** 409 `last_owner` when it would leave the organization without an owner. */
  changeMemberRole(options: { organizationId: string; userId: string; role: string }): Promise<OrganizationMember>;
  /** Removes a member, or the user themself (leaving); 409 `last_owner` for the last owner. */
  removeMember(options: { organizationId: string; userId: string }): Promise<void>;
  listInvitations(options: { organizationId: string }): Promise<{ invitations: OrganizationInvitation[] }>;
  /** Emails an invitation; 400 `invalid_email` / `invalid_role`, 409 `already_member` / `invitation_pending`. */
  inviteMember(options: { organizationId: string; email: string; role?: string }): Promise<OrganizationInvitation>;
  revokeInvitation(options: { organizationId: string; invitationId: string }): Promise<void>;
  resendInvitation(options: { organizationId: string; invitationId: string }): Promise<OrganizationInvitation>;
  listDomains(options: { organizationId: string }): Promise<{ domains: OrganizationDomain[] }>;
  addDomain(options: { organizationId: string; domain: string }): Promise<OrganizationDomain>;
  /** Checks the TXT record; 422 `domain_verification_failed` until DNS has it, 409 `domain_taken`. */
  verifyDomain(options: { organizationId: string; domainId: string }): Promise<OrganizationDomain>;
  removeDomain(options: { organizationId: string; domainId: string }): Promise<void>;
  /** The roles that may be given, built-in and custom. */
  listOrganizationRoles(): Promise<{ roles: OrganizationRole[] }>;
  /** Organizations the user may join through their verified email's domain. */
  organizationSuggestions(): Promise<{ organizations: Omit<OrganizationSummary, 'role' | 'permissions'>[] }>;
  joinOrganization(options: { id: string }): Promise<OrganizationSummary>;
  /** What an invitation link offers; 410 `invitation_expired` / `invitation_used` / `invitation_revoked`, 404 `invitation_not_found`. */
  previewInvitation(options: { token: string }): Promise<InvitationPreview>;
  /** Accepts it for the signed-in user; 403 `invitation_email_mismatch` when signed in with another address. */
  acceptInvitation(options: { token: string }): Promise<OrganizationSummary>;
  /**
   * Makes the session act in an organization (`null`: the personal account);
   * the BFF re-issues the tokens with the org claims, and the session store
   * is refreshed. 403 `org_mfa_required` when the organization requires a
   * second factor the user has not set up.
   */
  switchOrganization(options: { organizationId: string | null }): Promise<ActiveOrganization | null>;
  /** Every consent purpose with the signed-in user's current decision (`GET /auth/account/consents`), in `locale` when configured (else English). */
  getConsents(options?: { locale?: string }): Promise<{ purposes: UserConsent[] }>;
  /**
   * Grants or withdraws purposes by id (`PUT /auth/account/consents`);
   * resolves with the updated list. 409 `required_purpose_withdrawal` for a
   * required purpose, 400 `unknown_purpose` for an id not configured.
   */
  updateConsents(options: { decisions: Record<string, ConsentDecision>; locale?: string }): Promise<{ purposes: UserConsent[] }>;
  /** The signed-in user's consent receipts, newest first (`GET /auth/account/consents/receipts`). */
  getConsentReceipts(): Promise<{ receipts: ConsentReceipt[] }>;
  /**
   * The sign-in page's look (`GET /auth/branding`): an organization's by
   * slug, else the one the BFF maps the page's host to, else the app's. No
   * session needed. 404 `branding_not_found` for an unknown slug.
   */
  getBranding(options?: { organization?: string }): Promise<Branding>;
  /** An organization's branding settings, for its admins (`GET /auth/organizations/:id/branding`). */
  getOrganizationBranding(options: { organizationId: string }): Promise<OrganizationBranding>;
  /** Replaces them; 422 `brand_color_contrast` for a colour that cannot keep AA contrast. */
  updateOrganizationBranding(options: { organizationId: string; settings: BrandingSettings }): Promise<OrganizationBranding>;
}

export function createLatchClient(options: LatchClientOptions = {}): LatchClient {
  const base = (options.baseUrl ?? '').replace(/\/$/, '');
  const request = createRequest(options);
  const flows = flowClientMethods(request);
  const { session } = flows;

  return {
    ...flows,
    async signOut() {
      await request<unknown>('POST', '/auth/logout', undefined, false);
      session.set({ authenticated: false });
    },
    getMfa: () => request<MfaStatus>('GET', '/auth/mfa'),
    startTotpEnrollment: () => request<TotpEnrollment>('POST', '/auth/mfa/totp'),
    confirmTotpEnrollment: ({ enrollmentId, code }) => request<RecoveryCodes>('POST', '/auth/mfa/totp/confirm', { enrollmentId, code }),
    async removeTotp() {
      await request<unknown>('DELETE', '/auth/mfa/totp', undefined, false);
    },
    regenerateRecoveryCodes: () => request<RecoveryCodes>('POST', '/auth/mfa/recovery-codes'),
    listPasskeys: () => request<{ passkeys: Passkey[] }>('GET', '/auth/passkeys'),
    passkeyRegistrationOptions: () => request<Record<string, unknown>>('POST', '/auth/passkeys/registration-options'),
    addPasskey: ({ response, name }) => request<Passkey>('POST', '/auth/passkeys', name === undefined ? { response } : { response, name }),
    async removePasskey({ id }) {
      await request<unknown>('DELETE', `/auth/passkeys/${encodeURIComponent(id)}`, undefined, false);
    },
    getAccount: () => request<Account>('GET', '/auth/account'),
    requestEmailChange: ({ email }) => request<PendingEmailChange>('POST', '/auth/account/email', { email }),
    async confirmEmailChange({ code }) {
      const result = await request<{ email: string }>('POST', '/auth/account/email/confirm', { code });
      await session.refresh().catch(() => undefined);
      return result;
    },
    async cancelEmailChange() {
      await request<unknown>('DELETE', '/auth/account/email', undefined, false);
    },
    async changePassword({ currentPassword, newPassword }) {
      await request<unknown>('POST', '/auth/account/password', currentPassword === undefined ? { newPassword } : { currentPassword, newPassword }, false);
    },
    listSessions: () => request<{ sessions: AccountSession[] }>('GET', '/auth/account/sessions'),
    async revokeSession({ id }) {
      await request<unknown>('DELETE', `/auth/account/sessions/${encodeURIComponent(id)}`, undefined, false);
    },
    signOutOtherSessions: () => request<{ revoked: number }>('POST', '/auth/account/sessions/sign-out-others'),
    async signOutEverywhere() {
      await request<unknown>('POST', '/auth/account/sessions/sign-out-all', undefined, false);
      session.set({ authenticated: false });
    },
    exportUrl: `${base}/auth/account/export`,
    exportData: () => request<AccountExport>('GET', '/auth/account/export'),
    async deleteAccount() {
      await request<unknown>('DELETE', '/auth/account', undefined, false);
      session.set({ authenticated: false });
    },
    getProfile: ({ locale } = {}) => request<Profile>('GET', `/auth/account/profile${localeQuery(locale)}`),
    updateProfile: ({ values, locale }) => request<Profile>('PATCH', `/auth/account/profile${localeQuery(locale)}`, { values }),
    listOrganizations: () => request<OrganizationList>('GET', '/auth/organizations'),
    createOrganization: (input) => request<Organization>('POST', '/auth/organizations', input),
    getOrganization: ({ id }) => request<Organization>('GET', org(id)),
    updateOrganization: ({ id, patch }) => request<Organization>('PATCH', org(id), patch),
    async deleteOrganization({ id }) {
      await request<unknown>('DELETE', org(id), undefined, false);
      await session.refresh().catch(() => undefined);
    },
    listMembers: ({ organizationId, search }) =>
      request<{ members: OrganizationMember[] }>('GET', `${org(organizationId)}/members${search ? `?search=${encodeURIComponent(search)}` : ''}`),
    changeMemberRole: ({ organizationId, userId, role }) => request<OrganizationMember>('PATCH', `${org(organizationId)}/members/${encodeURIComponent(userId)}`, { role }),
    async removeMember({ organizationId, userId }) {
      await request<unknown>('DELETE', `${org(organizationId)}/members/${encodeURIComponent(userId)}`, undefined, false);
    },
    listInvitations: ({ organizationId }) => request<{ invitations: OrganizationInvitation[] }>('GET', `${org(organizationId)}/invitations`),
    inviteMember: ({ organizationId, email, role }) =>
      request<OrganizationInvitation>('POST', `${org(organizationId)}/invitations`, role === undefined ? { email } : { email, role }),
    async revokeInvitation({ organizationId, invitationId }) {
      await request<unknown>('DELETE', `${org(organizationId)}/invitations/${encodeURIComponent(invitationId)}`, undefined, false);
    },
    resendInvitation: ({ organizationId, invitationId }) =>
      request<OrganizationInvitation>('POST', `${org(organizationId)}/invitations/${encodeURIComponent(invitationId)}/resend`),
    listDomains: ({ organizationId }) => request<{ domains: OrganizationDomain[] }>('GET', `${org(organizationId)}/domains`),
    addDomain: ({ organizationId, domain }) => request<OrganizationDomain>('POST', `${org(organizationId)}/domains`, { domain }),
    verifyDomain: ({ organizationId, domainId }) => request<OrganizationDomain>('POST', `${org(organizationId)}/domains/${encodeURIComponent(domainId)}/verify`),
    async removeDomain({ organizationId, domainId }) {
      await request<unknown>('DELETE', `${org(organizationId)}/domains/${encodeURIComponent(domainId)}`, undefined, false);
    },
    listOrganizationRoles: () => request<{ roles: OrganizationRole[] }>('GET', '/auth/organization-roles'),
    organizationSuggestions: () => request<{ organizations: Omit<OrganizationSummary, 'role' | 'permissions'>[] }>('GET', '/auth/organization-suggestions'),
    joinOrganization: ({ id }) => request<OrganizationSummary>('POST', `${org(id)}/join`),
    previewInvitation: ({ token }) => request<InvitationPreview>('GET', `/auth/invitations/preview?token=${encodeURIComponent(token)}`),
    acceptInvitation: ({ token }) => request<OrganizationSummary>('POST', '/auth/invitations/accept', { token }),
    async switchOrganization({ organizationId }) {
      const { organization } = await request<{ organization: ActiveOrganization | null }>('PUT', '/auth/organizations/active', { organizationId });
      await session.refresh().catch(() => undefined);
      return organization;
    },
    getConsents: ({ locale } = {}) => request<{ purposes: UserConsent[] }>('GET', `/auth/account/consents${locale ? `?locale=${encodeURIComponent(locale)}` : ''}`),
    updateConsents: ({ decisions, locale }) => request<{ purposes: UserConsent[] }>('PUT', '/auth/account/consents', locale ? { decisions, locale } : { decisions }),
    getConsentReceipts: () => request<{ receipts: ConsentReceipt[] }>('GET', '/auth/account/consents/receipts'),
    getOrganizationBranding: ({ organizationId }) => request<OrganizationBranding>('GET', `/auth/organizations/${encodeURIComponent(organizationId)}/branding`),
    updateOrganizationBranding: ({ organizationId, settings }) => request<OrganizationBranding>('PUT', `/auth/organizations/${encodeURIComponent(organizationId)}/branding`, settings),
  };
}

const org = (id: string) => `/auth/organizations/${encodeURIComponent(id)}`;

function localeQuery(locale: string | undefined): string {
  return locale ? `?locale=${encodeURIComponent(locale)}` : '';
}
