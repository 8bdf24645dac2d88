import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * TOTP secrets at rest: AES-256-GCM under a per-installation key kept in
 * `latch_secrets` (`mfa.totp-key`). Unlike recovery codes, a TOTP secret
 * must be read back to check codes, so it cannot be hashed; encrypting it
 * means a dump of `latch_mfa_factors` alone does not let anyone mint codes.
 * The factor id and user id are bound in as associated data, so a ciphertext
 * copied onto another row does not decrypt.
 *
 * Stored form: `v1.<iv>.<ciphertext>.<tag>`, each part base64url.
 */
export interface TotpSecretBox {
  seal(options: { secret: string; factorId: string; userId: string }): string;
  open(options: { sealed: string; factorId: string; userId: string }): string;
}

const IV_BYTES = 12;

export function createTotpSecretBox(key: string): TotpSecretBox {
  const keyBytes = Buffer.from(key, 'base64url');
  if (keyBytes.length !== 32) throw new TypeError('createTotpSecretBox: the key must be 32 bytes, base64url-encoded');
  const aad = (factorId: string, userId: string) => Buffer.from(`latch-totp\0${factorId}\0${userId}`, 'utf8');
  return {
    seal({ secret, factorId, userId }) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', keyBytes, iv);
      cipher.setAAD(aad(factorId, userId));
      const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      return ['v1', iv, ciphertext, cipher.getAuthTag()].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
    },
    open({ sealed, factorId, userId }) {
      const [version, iv, ciphertext, tag] = sealed.split('.');
      if (version !== 'v1' || !iv || !ciphertext || !tag) throw new Error('TOTP secret: unknown storage format');
      const decipher = createDecipheriv('aes-256-gcm', keyBytes, Buffer.from(iv, 'base64url'));
      decipher.setAAD(aad(factorId, userId));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}
