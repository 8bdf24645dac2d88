import type { ErrorBody, Flow, FlowSubmission, FlowType, Session } from './flow.ts';
import { LatchApiError } from './LatchApiError.ts';
import type { MfaStatus, Passkey, RecoveryCodes, TotpEnrollment } from './mfa.ts';
import type { ConsentDecision, ConsentReceipt, UserConsent } from './consent.ts';
import { createSessionStore, type SessionStore } from './sessionStore.ts';

/** The header every state-changing BFF request carries (CSRF defence). */
export const CSRF_HEADER = 'x-latch-csrf';

export interface LatchClientOptions {
  /** Where the BFF's `/auth` routes live; defaults to the page's origin. */
  baseUrl?: string;
  /** Injected for tests and server rendering; defaults to the global `fetch`. */
  fetch?: typeof fetch;
}

export interface LatchClient {
  readonly session: SessionStore;
  getSession(): Promise<Session>;
  /**
   * Starts a flow. `reauthenticate: true` (sign-in only) confirms the signed-in
   * user (`POST /auth/flows/sign-in?reauth=1`): the flow starts at the
   * password step with their address read-only, and completing it renews the
   * session's authentication time, as step-up routes ask
   * (`reauthentication_required`, `mfa_required`).
   */
  createFlow(options: { type: FlowType; reauthenticate?: boolean }): Promise<Flow>;
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
}

export function createLatchClient(options: LatchClientOptions = {}): LatchClient {
  const base = (options.baseUrl ?? '').replace(/\/$/, '');
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  /** `expectBody: false` for answers without one (204); otherwise a 2xx must carry JSON. */
  async function request<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, expectBody = true): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (method !== 'GET') headers[CSRF_HEADER] = '1';
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (cause) {
      throw new LatchApiError({ status: 0, code: 'network_error', message: errorMessage(cause) });
    }
    const payload: unknown = response.status === 204 ? undefined : await response.json().catch(() => undefined);
    if (!response.ok) throw toApiError(response.status, payload);
    // A 2xx that is not JSON (an HTML page from a proxy or a misrouted path)
    // must fail here, not as a TypeError deep inside a component.
    if (expectBody && (typeof payload !== 'object' || payload === null)) {
      throw new LatchApiError({ status: response.status, code: 'unexpected_response', message: `The server answered ${response.status} without a JSON body.` });
    }
    return payload as T;
  }

  const session = createSessionStore({ load: () => request<Session>('GET', '/auth/session') });

  return {
    session,
    getSession: () => session.refresh(),
    createFlow: ({ type, reauthenticate }) => request<Flow>('POST', `/auth/flows/${encodeURIComponent(type)}${reauthenticate ? '?reauth=1' : ''}`),
    getFlow: ({ id }) => request<Flow>('GET', `/auth/flows/${encodeURIComponent(id)}`),
    async submitFlow({ id, submission }) {
      const flow = await request<Flow>('POST', `/auth/flows/${encodeURIComponent(id)}/submit`, submission);
      if (flow.state === 'complete') await session.refresh().catch(() => undefined);
      return flow;
    },
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
    getConsents: ({ locale } = {}) => request<{ purposes: UserConsent[] }>('GET', `/auth/account/consents${locale ? `?locale=${encodeURIComponent(locale)}` : ''}`),
    updateConsents: ({ decisions, locale }) => request<{ purposes: UserConsent[] }>('PUT', '/auth/account/consents', locale ? { decisions, locale } : { decisions }),
    getConsentReceipts: () => request<{ receipts: ConsentReceipt[] }>('GET', '/auth/account/consents/receipts'),
  };
}

function toApiError(status: number, payload: unknown): LatchApiError {
  const body = isErrorBody(payload) ? payload : undefined;
  return new LatchApiError({
    status,
    code: body?.error.code ?? 'unexpected_response',
    message: body?.error.message ?? `The server answered ${status}.`,
    ...(body?.flow ? { flow: body.flow } : {}),
    ...(typeof body?.error.maxAge === 'number' ? { maxAge: body.error.maxAge } : {}),
  });
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}

function errorMessage(cause: unknown): string {
  return cause instanceof Error ? cause.message : 'The network request failed.';
}
