import { randomBytes } from 'node:crypto';
import {
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { z } from 'zod';
import type { AuditRecorder } from '../audit/createAuditLog.ts';
import { LatchError } from '../errors.ts';
import type { RequestContext } from '../flows/flowTypes.ts';
import type { CoreDatabase } from '../storage/createDatabase.ts';
import type { UserRepository } from '../users/userRepository.ts';

/** How long a ceremony may take, in the browser and for its challenge server-side. */
export const WEBAUTHN_TIMEOUT_MS = 5 * 60 * 1000;

export interface WebAuthnConfig {
  rpId: string;
  rpName: string;
  origins: string[];
}

export interface Passkey {
  id: string;
  name: string;
  /** `multiDevice` for a synced passkey. */
  deviceType: string;
  backedUp: boolean;
  createdAt: string;
  lastUsedAt: string | null;
}

/** Why a passkey answer was refused; each is also the error code of the account API. */
export type PasskeyRefusal = 'invalid_passkey' | 'passkey_origin_mismatch' | 'passkey_challenge_mismatch' | 'unknown_passkey';

export type PasskeyAuthentication =
  | { ok: true; userId: string; passkeyId: string; userVerified: boolean }
  | { ok: false; reason: PasskeyRefusal };

export class PasskeyError extends LatchError {}

const MESSAGES: Record<PasskeyRefusal, string> = {
  invalid_passkey: 'The passkey answer could not be verified.',
  passkey_origin_mismatch: 'The passkey answer was made for another site.',
  passkey_challenge_mismatch: 'The passkey answer is for another or an expired request; try again.',
  unknown_passkey: 'This passkey is not registered here.',
};

/** A credential that passed registration, not stored yet. */
export interface NewPasskeyCredential {
  credentialId: string;
  publicKey: string;
  counter: number;
  transports: string[];
  deviceType: string;
  backedUp: boolean;
  userVerified: boolean;
}

export interface PasskeyService {
  readonly config: WebAuthnConfig;
  /** A fresh random challenge (base64url), for a flow to keep in its state. */
  newChallenge(): string;
  /** Discoverable-credential request options for a challenge; public, safe to send to the browser. */
  authenticationOptions(challenge: string): PublicKeyCredentialRequestOptionsJSON;
  /** Verifies an assertion against the challenge the caller kept; updates the counter and last use. */
  verifyAuthentication(input: { response: unknown; expectedChallenge: string }): Promise<PasskeyAuthentication>;
  /** Creation options for a challenge the caller keeps (sign-up, before the account exists); `userHandle` is base64url. */
  creationOptions(input: { challenge: string; userHandle: string; userName: string }): PublicKeyCredentialCreationOptionsJSON;
  /** Verifies an attestation against the challenge the caller kept; stores nothing. */
  verifyNewCredential(input: { response: unknown; expectedChallenge: string }): Promise<{ ok: true; credential: NewPasskeyCredential } | { ok: false; reason: PasskeyRefusal | 'passkey_exists' }>;
  /** Stores a verified credential for an account and audits `mfa.passkey_added`; false when the credential is registered already. */
  save(input: { userId: string; credential: NewPasskeyCredential; name?: string | undefined; context: RequestContext }): Promise<Passkey | undefined>;
  /** Starts adding a passkey to an account: stores the challenge (single use) and answers the creation options. */
  registrationOptions(input: { userId: string }): Promise<PublicKeyCredentialCreationOptionsJSON>;
  /** Finishes adding a passkey; throws `PasskeyError` with a `PasskeyRefusal` code. */
  register(input: { userId: string; response: unknown; name?: string | undefined; context: RequestContext }): Promise<Passkey>;
  list(userId: string): Promise<Passkey[]>;
  /** Throws 404 `passkey_not_found` for another user's or an unknown id. */
  remove(input: { userId: string; id: string; context: RequestContext }): Promise<void>;
  /** Whether the user has a passkey. */
  hasPasskey(userId: string): Promise<boolean>;
}

// The shape of a PublicKeyCredential as @simplewebauthn/browser serialises it;
// the library checks the contents, this only refuses garbage early.
const b64url = z.string().min(1).max(8192).regex(/^[A-Za-z0-9_-]+={0,2}$/u);
const assertionSchema = z.object({
  id: b64url,
  rawId: b64url,
  type: z.literal('public-key'),
  response: z.object({ clientDataJSON: b64url, authenticatorData: b64url, signature: b64url, userHandle: b64url.optional() }),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
});
const attestationSchema = z.object({
  id: b64url,
  rawId: b64url,
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: b64url,
    attestationObject: b64url,
    transports: z.array(z.string().max(32)).max(8).optional(),
    publicKeyAlgorithm: z.number().optional(),
    publicKey: b64url.optional(),
    authenticatorData: b64url.optional(),
  }),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
});

/** Reads `origin` and `challenge` out of clientDataJSON, to say precisely what is wrong. */
function clientData(encoded: string): { origin?: unknown; challenge?: unknown; type?: unknown } | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Passkeys over @simplewebauthn/server. Every answer is checked, in order:
 * well-formed → made on one of `origins` (`passkey_origin_mismatch`) → for
 * the expected challenge (`passkey_challenge_mismatch`) → a registered
 * credential (`unknown_passkey`) → signature, rpId hash and counter
 * (`invalid_passkey`). Challenges are single use: the flow replaces its own
 * after every answer, and account-API challenges are deleted as they are read.
 */
export function createPasskeyService(options: {
  db: CoreDatabase;
  users: UserRepository;
  audit: AuditRecorder;
  config: WebAuthnConfig;
  now?: () => Date;
}): PasskeyService {
  const { db, users, audit, config } = options;
  const now = options.now ?? (() => new Date());

  function precheck(data: ReturnType<typeof clientData>, expectedChallenge: string | undefined): PasskeyRefusal | undefined {
    if (!data || typeof data.origin !== 'string') return 'invalid_passkey';
    if (!config.origins.includes(data.origin)) return 'passkey_origin_mismatch';
    if (expectedChallenge !== undefined && data.challenge !== expectedChallenge) return 'passkey_challenge_mismatch';
    return undefined;
  }

  function refuse(reason: PasskeyRefusal, status = 400): PasskeyError {
    return new PasskeyError({ status, code: reason, message: MESSAGES[reason] });
  }

  function toPasskey(row: { id: string; name: string; device_type: string; backed_up: boolean; created_at: Date; last_used_at: Date | null }): Passkey {
    return {
      id: row.id,
      name: row.name,
      deviceType: row.device_type,
      backedUp: row.backed_up,
      createdAt: new Date(row.created_at).toISOString(),
      lastUsedAt: row.last_used_at ? new Date(row.last_used_at).toISOString() : null,
    };
  }

  const service: PasskeyService = {
    config,

    newChallenge: () => randomBytes(32).toString('base64url'),

    authenticationOptions(challenge) {
      // Built here rather than by generateAuthenticationOptions(), which is
      // async: the flow engine renders steps synchronously. No allowCredentials:
      // discoverable credentials, so the browser offers every passkey it has.
      return { challenge, rpId: config.rpId, timeout: WEBAUTHN_TIMEOUT_MS, userVerification: 'preferred', allowCredentials: [] };
    },

    async verifyAuthentication({ response, expectedChallenge }) {
      const parsed = assertionSchema.safeParse(response);
      if (!parsed.success) return { ok: false, reason: 'invalid_passkey' };
      const assertion = parsed.data as AuthenticationResponseJSON;
      const early = precheck(clientData(assertion.response.clientDataJSON), expectedChallenge);
      if (early) return { ok: false, reason: early };
      const row = await db.selectFrom('latch_passkeys').selectAll().where('credential_id', '=', assertion.id).executeTakeFirst();
      if (!row) return { ok: false, reason: 'unknown_passkey' };
      let verification;
      try {
        verification = await verifyAuthenticationResponse({
          response: assertion,
          expectedChallenge,
          expectedOrigin: config.origins,
          expectedRPID: config.rpId,
          credential: {
            id: row.credential_id,
            publicKey: new Uint8Array(Buffer.from(row.public_key, 'base64url')),
            counter: Number(row.counter),
            transports: splitTransports(row.transports),
          },
          requireUserVerification: false,
        });
      } catch {
        return { ok: false, reason: 'invalid_passkey' };
      }
      if (!verification.verified) return { ok: false, reason: 'invalid_passkey' };
      // A counter that did not grow (for authenticators that count) means a
      // cloned authenticator; the library throws on that, above.
      await db
        .updateTable('latch_passkeys')
        .set({ counter: verification.authenticationInfo.newCounter, last_used_at: now(), backed_up: verification.authenticationInfo.credentialBackedUp })
        .where('id', '=', row.id)
        .execute();
      return { ok: true, userId: row.user_id, passkeyId: row.id, userVerified: verification.authenticationInfo.userVerified };
    },

    async registrationOptions({ userId }) {
      const user = await users.findById(userId);
      if (!user) throw new PasskeyError({ status: 404, code: 'user_not_found', message: 'There is no such user.' });
      const existing = await db.selectFrom('latch_passkeys').select(['credential_id', 'transports']).where('user_id', '=', userId).execute();
      const challenge = randomBytes(32).toString('base64url');
      const created = now();
      await db.deleteFrom('latch_webauthn_challenges').where('expires_at', '<', created).execute();
      await db
        .insertInto('latch_webauthn_challenges')
        .values({ challenge, user_id: userId, expires_at: new Date(created.getTime() + WEBAUTHN_TIMEOUT_MS) })
        .execute();
      return generateRegistrationOptions({
        rpName: config.rpName,
        rpID: config.rpId,
        userName: user.email,
        userDisplayName: user.email,
        userID: new TextEncoder().encode(user.id),
        challenge: Buffer.from(challenge, 'base64url'),
        timeout: WEBAUTHN_TIMEOUT_MS,
        attestationType: 'none',
        excludeCredentials: existing.map((passkey) => ({ id: passkey.credential_id, transports: splitTransports(passkey.transports) })),
        // Discoverable, so it can sign in without an email address first.
        authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
      });
    },

    creationOptions({ challenge, userHandle, userName }) {
      // By hand, like authenticationOptions(): flow steps render synchronously.
      return {
        rp: { id: config.rpId, name: config.rpName },
        user: { id: userHandle, name: userName, displayName: userName },
        challenge,
        pubKeyCredParams: [
          { alg: -8, type: 'public-key' },
          { alg: -7, type: 'public-key' },
          { alg: -257, type: 'public-key' },
        ],
        timeout: WEBAUTHN_TIMEOUT_MS,
        attestation: 'none',
        excludeCredentials: [],
        authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'preferred' },
        extensions: { credProps: true },
      };
    },

    async verifyNewCredential({ response, expectedChallenge }) {
      const parsed = attestationSchema.safeParse(response);
      if (!parsed.success) return { ok: false, reason: 'invalid_passkey' };
      const attestation = parsed.data as RegistrationResponseJSON;
      const early = precheck(clientData(attestation.response.clientDataJSON), expectedChallenge);
      if (early) return { ok: false, reason: early };
      let verification;
      try {
        verification = await verifyRegistrationResponse({
          response: attestation,
          expectedChallenge,
          expectedOrigin: config.origins,
          expectedRPID: config.rpId,
          requireUserVerification: false,
        });
      } catch {
        return { ok: false, reason: 'invalid_passkey' };
      }
      if (!verification.verified) return { ok: false, reason: 'invalid_passkey' };
      const { credential, credentialDeviceType, credentialBackedUp, userVerified } = verification.registrationInfo;
      if (await db.selectFrom('latch_passkeys').select('id').where('credential_id', '=', credential.id).executeTakeFirst()) return { ok: false, reason: 'passkey_exists' };
      return {
        ok: true,
        credential: {
          credentialId: credential.id,
          publicKey: Buffer.from(credential.publicKey).toString('base64url'),
          counter: credential.counter,
          transports: credential.transports ?? [],
          deviceType: credentialDeviceType,
          backedUp: credentialBackedUp,
          userVerified,
        },
      };
    },

    async save({ userId, credential, name, context }) {
      const count = await db.selectFrom('latch_passkeys').select(db.fn.countAll<string>().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow();
      const row = {
        id: `pk_${randomBytes(12).toString('base64url')}`,
        user_id: userId,
        credential_id: credential.credentialId,
        public_key: credential.publicKey,
        counter: credential.counter,
        transports: credential.transports.join(','),
        device_type: credential.deviceType,
        backed_up: credential.backedUp,
        name: name?.trim() || `Passkey ${Number(count.n) + 1}`,
        created_at: now(),
        last_used_at: null,
      };
      const inserted = await db.insertInto('latch_passkeys').values(row).onConflict((oc) => oc.column('credential_id').doNothing()).returning('id').executeTakeFirst();
      if (!inserted) return undefined;
      await audit.record({ type: 'mfa.passkey_added', userId, ip: context.ip, userAgent: context.userAgent, details: { passkeyId: row.id } });
      return toPasskey(row);
    },

    async register({ userId, response, name, context }) {
      const data = clientData(typeof response === 'object' && response !== null ? String((response as { response?: { clientDataJSON?: unknown } }).response?.clientDataJSON ?? '') : '');
      const early = precheck(data, undefined);
      if (early) throw refuse(early);
      // Single use: the challenge is deleted as it is claimed, whatever follows.
      const claimed = await db
        .deleteFrom('latch_webauthn_challenges')
        .where('challenge', '=', typeof data?.challenge === 'string' ? data.challenge : '')
        .where('user_id', '=', userId)
        .where('expires_at', '>', now())
        .returning('challenge')
        .executeTakeFirst();
      if (!claimed) throw refuse('passkey_challenge_mismatch');
      const verified = await service.verifyNewCredential({ response, expectedChallenge: claimed.challenge });
      if (!verified.ok) {
        if (verified.reason === 'passkey_exists') throw new PasskeyError({ status: 409, code: 'passkey_exists', message: 'This passkey is already registered.' });
        throw refuse(verified.reason);
      }
      const saved = await service.save({ userId, credential: verified.credential, name, context });
      if (!saved) throw new PasskeyError({ status: 409, code: 'passkey_exists', message: 'This passkey is already registered.' });
      return saved;
    },

    async list(userId) {
      const rows = await db.selectFrom('latch_passkeys').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
      return rows.map(toPasskey);
    },

    async remove({ userId, id, context }) {
      const removed = await db.deleteFrom('latch_passkeys').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
      if (Number(removed.numDeletedRows) === 0) throw new PasskeyError({ status: 404, code: 'passkey_not_found', message: 'There is no such passkey.' });
      await audit.record({ type: 'mfa.passkey_removed', userId, ip: context.ip, userAgent: context.userAgent, details: { passkeyId: id } });
    },

    async hasPasskey(userId) {
      return (await db.selectFrom('latch_passkeys').select('id').where('user_id', '=', userId).limit(1).executeTakeFirst()) !== undefined;
    },
  };
  return service;
}

function splitTransports(value: string): AuthenticatorTransport[] {
  return value ? (value.split(',') as AuthenticatorTransport[]) : [];
}
