import {
  browserSupportsWebAuthn,
  browserSupportsWebAuthnAutofill,
  startAuthentication,
  WebAuthnAbortService,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';

/**
 * Passkey ceremonies in the browser, over @simplewebauthn/browser, with its
 * failures reduced to stable codes the locale tables translate:
 * `passkey_unsupported` (no WebAuthn here) and `passkey_cancelled` (the user
 * dismissed the prompt, it timed out, or another ceremony replaced it).
 * Only called from event handlers and `updated()`, never at import: SSR-safe.
 * Creating a passkey lives in `registerPasskey.ts`, loaded on demand: most
 * pages only ever sign in with one.
 */
export class WebAuthnCeremonyError extends Error {
  readonly code: 'passkey_unsupported' | 'passkey_cancelled';
  constructor(code: 'passkey_unsupported' | 'passkey_cancelled', cause?: unknown) {
    super(code, cause === undefined ? undefined : { cause });
    this.name = 'WebAuthnCeremonyError';
    this.code = code;
  }
}

/** Runs `navigator.credentials.get()`; resolves with the credential serialised as JSON. `autofill` waits for the user to pick a passkey in an `autocomplete="… webauthn"` field (conditional UI). */
export async function authenticateWithPasskey(options: Record<string, unknown>, { autofill = false }: { autofill?: boolean } = {}): Promise<string> {
  if (!browserSupportsWebAuthn()) throw new WebAuthnCeremonyError('passkey_unsupported');
  try {
    const response = await startAuthentication({ optionsJSON: options as unknown as PublicKeyCredentialRequestOptionsJSON, useBrowserAutofill: autofill });
    return JSON.stringify(response);
  } catch (error) {
    throw new WebAuthnCeremonyError('passkey_cancelled', error);
  }
}

/** Whether this browser offers passkeys in autofill. */
export async function supportsPasskeyAutofill(): Promise<boolean> {
  try {
    return browserSupportsWebAuthn() && (await browserSupportsWebAuthnAutofill());
  } catch {
    return false;
  }
}

/** Abandons a pending ceremony (the autofill one, when its step goes away). */
export function cancelPasskeyCeremony(): void {
  WebAuthnAbortService.cancelCeremony();
}
