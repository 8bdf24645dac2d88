import { hash, verify, type Algorithm } from '@node-rs/argon2';

// `Algorithm` is an ambient const enum, which erasable TypeScript cannot read at run time.
const ARGON2ID = 2 as Algorithm.Argon2id;

/** argon2id parameters; the defaults are OWASP's first recommendation (19 MiB, t=2, p=1). */
export interface PasswordHashOptions {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

export const owaspArgon2id: PasswordHashOptions = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /**
   * Checks `password` against `encoded`; with no stored hash it still spends
   * the same time on a dummy hash, so response time does not reveal whether
   * an account exists.
   */
  verify(encoded: string | null, password: string): Promise<boolean>;
  /**
   * Whether a stored hash was made with other parameters than this hasher's
   * (or another algorithm or version), so it should be redone with the
   * password at hand after a successful `verify`.
   */
  needsRehash(encoded: string): boolean;
}

/** What a PHC string says about how it was made: `$argon2id$v=19$m=19456,t=2,p=1$salt$hash`. */
export interface Argon2HashParameters extends PasswordHashOptions {
  algorithm: 'argon2id' | 'argon2i' | 'argon2d';
  version: number;
}

const PHC_ARGON2 = /^\$(argon2id|argon2i|argon2d)\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/u;
/** The argon2 version @node-rs/argon2 writes (0x13). */
const ARGON2_VERSION = 19;

/** The parameters of an argon2 PHC string, or `undefined` for anything else. */
export function parseArgon2Hash(encoded: string): Argon2HashParameters | undefined {
  const match = PHC_ARGON2.exec(encoded);
  if (!match) return undefined;
  const [, algorithm, version, memoryCost, timeCost, parallelism] = match;
  return {
    algorithm: algorithm as Argon2HashParameters['algorithm'],
    version: Number(version),
    memoryCost: Number(memoryCost),
    timeCost: Number(timeCost),
    parallelism: Number(parallelism),
  };
}

export function createPasswordHasher(options: PasswordHashOptions = owaspArgon2id): PasswordHasher {
  const params = { algorithm: ARGON2ID, ...options };
  let dummy: Promise<string> | undefined;

  return {
    hash: (password) => hash(normalizePassword(password), params),
    async verify(encoded, password) {
      const normalized = normalizePassword(password);
      if (encoded === null) {
        dummy ??= hash('latch-timing-equaliser', params);
        await verify(await dummy, normalized).catch(() => false);
        return false;
      }
      try {
        return await verify(encoded, normalized);
      } catch {
        return false;
      }
    },
    needsRehash(encoded) {
      const stored = parseArgon2Hash(encoded);
      return (
        stored?.algorithm !== 'argon2id' ||
        stored.version !== ARGON2_VERSION ||
        stored.memoryCost !== options.memoryCost ||
        stored.timeCost !== options.timeCost ||
        stored.parallelism !== options.parallelism
      );
    },
  };
}

/** NIST SP 800-63B asks for Unicode normalisation before hashing. */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}
