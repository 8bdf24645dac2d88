import { browserSupportsWebAuthn, startRegistration, type PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/browser';
import { WebAuthnCeremonyError } from './runWebAuthn.ts';

/**
 * Runs `navigator.credentials.create()`; resolves with the credential as
 * JSON-ready data. Its own module, imported dynamically by the elements that
 * create passkeys, so signing in does not download the registration code.
 */
export async function registerPasskey(options: Record<string, unknown>): Promise<unknown> {
  if (!browserSupportsWebAuthn()) throw new WebAuthnCeremonyError('passkey_unsupported');
  try {
    return await startRegistration({ optionsJSON: options as unknown as PublicKeyCredentialCreationOptionsJSON });
  } catch (error) {
    throw new WebAuthnCeremonyError('passkey_cancelled', error);
  }
}
