import { browserSupportsWebAuthn, startRegistration, type PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/browser';
import { cancelPasskeyCeremony, WebAuthnCeremonyError } from './runWebAuthn.ts';

/**
 * Runs `navigator.credentials.create()`; resolves with the credential as
 * JSON-ready data. Its own module, imported dynamically by the elements that
 * create passkeys, and the only importer of @simplewebauthn/browser, so signing
 * in downloads neither the registration code nor the library.
 */
export async function registerPasskey(options: Record<string, unknown>): Promise<unknown> {
  if (!browserSupportsWebAuthn()) throw new WebAuthnCeremonyError('passkey_unsupported');
  // A pending sign-in ceremony (passkey autofill) would block the browser's create().
  cancelPasskeyCeremony();
  try {
    return await startRegistration({ optionsJSON: options as unknown as PublicKeyCredentialCreationOptionsJSON });
  } catch (error) {
    throw new WebAuthnCeremonyError('passkey_cancelled', error);
  }
}
