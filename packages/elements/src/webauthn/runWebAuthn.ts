import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';

/**
 * Passkey ceremonies in the browser, over @simplewebauthn/browser, with its
 * failures reduced to stable codes the locale tables translate:
 * `passkey_unsupported` (no WebAuthn here) and `passkey_cancelled` (the user
 * dismissed the prompt, it timed out, or another ceremony replaced it).
 * Only called from event handlers and `updated()`, never at import: SSR-safe.
 * Creating a passkey lives in `registerPasskey.ts`, loaded on demand: most
 * pages only ever sign in with one.
 *
 * Signing in does its own small `navigator.credentials.get()` (the same
 * JSON encoding as @simplewebauthn/browser's `startAuthentication`) instead of
 * importing the library: its entry re-exports registration too, and a bundler
 * keeps everything an imported entry module reaches in the page's first
 * chunk, so importing it here put passkey registration into every sign-in
 * page. Only `registerPasskey.ts` imports the library, so it all loads with
 * that chunk.
 */
export class WebAuthnCeremonyError extends Error {
  readonly code: 'passkey_unsupported' | 'passkey_cancelled';
  constructor(code: 'passkey_unsupported' | 'passkey_cancelled', cause?: unknown) {
    super(code, cause === undefined ? undefined : { cause });
    this.name = 'WebAuthnCeremonyError';
    this.code = code;
  }
}

/** `ArrayBuffer` ⇄ base64url, the encoding WebAuthn's JSON forms use. */
function toBuffer(base64url: string): ArrayBuffer {
  const binary = atob(base64url.replaceAll('-', '+').replaceAll('_', '/').padEnd(Math.ceil(base64url.length / 4) * 4, '='));
  return Uint8Array.from(binary, (character) => character.charCodeAt(0)).buffer;
}

function toBase64url(buffer: ArrayBuffer): string {
  return btoa(String.fromCharCode(...new Uint8Array(buffer))).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/u, '');
}

function browserSupportsWebAuthn(): boolean {
  return typeof globalThis.PublicKeyCredential === 'function';
}

/** The pending ceremony's controller: a new ceremony (or `cancelPasskeyCeremony`) aborts the one before. */
let pending: AbortController | undefined;

function newCeremonySignal(): AbortSignal {
  cancelPasskeyCeremony();
  pending = new AbortController();
  return pending.signal;
}

/** Runs `navigator.credentials.get()`; resolves with the credential serialised as JSON. `autofill` waits for the user to pick a passkey in an `autocomplete="… webauthn"` field (conditional UI). */
export async function authenticateWithPasskey(options: Record<string, unknown>, { autofill = false }: { autofill?: boolean } = {}): Promise<string> {
  if (!browserSupportsWebAuthn()) throw new WebAuthnCeremonyError('passkey_unsupported');
  try {
    if (autofill && !(await supportsPasskeyAutofill())) throw new Error('This browser offers no passkey autofill.');
    const json = options as unknown as PublicKeyCredentialRequestOptionsJSON;
    const allowCredentials = autofill || !json.allowCredentials?.length ? [] : json.allowCredentials.map((descriptor) => ({ ...descriptor, id: toBuffer(descriptor.id) }));
    const credential = (await navigator.credentials.get({
      publicKey: { ...json, challenge: toBuffer(json.challenge), allowCredentials } as PublicKeyCredentialRequestOptions,
      signal: newCeremonySignal(),
      ...(autofill ? { mediation: 'conditional' as CredentialMediationRequirement } : {}),
    })) as PublicKeyCredential | null;
    if (!credential) throw new Error('The passkey ceremony returned no credential.');
    const response = credential.response as AuthenticatorAssertionResponse;
    const attachment = credential.authenticatorAttachment;
    const result: AuthenticationResponseJSON = {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      response: {
        authenticatorData: toBase64url(response.authenticatorData),
        clientDataJSON: toBase64url(response.clientDataJSON),
        signature: toBase64url(response.signature),
        ...(response.userHandle ? { userHandle: toBase64url(response.userHandle) } : {}),
      },
      type: 'public-key',
      clientExtensionResults: credential.getClientExtensionResults(),
      ...(attachment === 'platform' || attachment === 'cross-platform' ? { authenticatorAttachment: attachment } : {}),
    };
    return JSON.stringify(result);
  } catch (error) {
    throw new WebAuthnCeremonyError('passkey_cancelled', error);
  }
}

/** Whether this browser offers passkeys in autofill. */
export async function supportsPasskeyAutofill(): Promise<boolean> {
  try {
    return browserSupportsWebAuthn() && (await PublicKeyCredential.isConditionalMediationAvailable?.()) === true;
  } catch {
    return false;
  }
}

/** Abandons a pending ceremony (the autofill one, when its step goes away, or before another starts). */
export function cancelPasskeyCeremony(): void {
  if (!pending) return;
  const abort = new Error('The passkey ceremony was cancelled.');
  abort.name = 'AbortError';
  pending.abort(abort);
  pending = undefined;
}
