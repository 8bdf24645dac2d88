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
  };
}

/** NIST SP 800-63B asks for Unicode normalisation before hashing. */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}
