import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';

/**
 * A software WebAuthn authenticator for unit tests: one P-256 discoverable
 * credential, "none" attestation, answers made exactly as a browser would
 * serialise them (@simplewebauthn/browser's JSON). `origin` can be set per
 * answer to play a page on another site. Browsers are tested for real in
 * e2e with Chromium's virtual authenticator.
 */
export interface SoftAuthenticator {
  readonly credentialId: string;
  register(options: { challenge: string; rp?: { id?: string } }, answer: { origin: string; rpId: string; userVerified?: boolean }): Record<string, unknown>;
  authenticate(options: { challenge: string }, answer: { origin: string; rpId: string; userHandle?: string; userVerified?: boolean }): Record<string, unknown>;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

export function createSoftAuthenticator(): SoftAuthenticator {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const credential = randomBytes(16);
  const credentialId = b64(credential);
  let counter = 0;

  function authData(rpId: string, flags: number, attested?: Uint8Array): Buffer {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    return Buffer.concat([createHash('sha256').update(rpId).digest(), Buffer.from([flags]), count, ...(attested ? [attested] : [])]);
  }

  return {
    credentialId,
    register(options, { origin, rpId, userVerified = true }) {
      const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.create', challenge: options.challenge, origin, crossOrigin: false }));
      const length = Buffer.alloc(2);
      length.writeUInt16BE(credential.length);
      const attested = Buffer.concat([Buffer.alloc(16), length, credential, cosePublicKey(publicKey)]);
      const data = authData(rpId, 0x01 | (userVerified ? 0x04 : 0) | 0x40, attested);
      const attestationObject = isoCBOR.encode(
        new Map<string, unknown>([
          ['fmt', 'none'],
          ['attStmt', new Map()],
          ['authData', new Uint8Array(data)],
        ]) as never,
      );
      return {
        id: credentialId,
        rawId: credentialId,
        type: 'public-key',
        response: { clientDataJSON: b64(clientDataJSON), attestationObject: b64(attestationObject), transports: ['internal'] },
        clientExtensionResults: {},
        authenticatorAttachment: 'platform',
      };
    },
    authenticate(options, { origin, rpId, userHandle, userVerified = true }) {
      counter += 1;
      const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: options.challenge, origin, crossOrigin: false }));
      const data = authData(rpId, 0x01 | (userVerified ? 0x04 : 0));
      const signature = sign('sha256', Buffer.concat([data, createHash('sha256').update(clientDataJSON).digest()]), privateKey);
      return {
        id: credentialId,
        rawId: credentialId,
        type: 'public-key',
        response: { clientDataJSON: b64(clientDataJSON), authenticatorData: b64(data), signature: b64(signature), ...(userHandle ? { userHandle } : {}) },
        clientExtensionResults: {},
        authenticatorAttachment: 'platform',
      };
    },
  };
}

function cosePublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  return Buffer.from(
    isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, new Uint8Array(Buffer.from(jwk.x ?? '', 'base64url'))],
        [-3, new Uint8Array(Buffer.from(jwk.y ?? '', 'base64url'))],
      ]) as never,
    ),
  );
}
