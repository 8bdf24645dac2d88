import { OrganizationError } from './createOrganizationService.ts';

/** The first factors an organization may allow its members to sign in with. */
export const SIGN_IN_METHODS = ['password', 'passkey', 'email_code'] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];

/** What an organization asks of a session acting in it. */
export interface OrganizationPolicy {
  requireMfa: boolean;
  /** The first factors members may have signed in with; `null` allows every method. */
  allowedMethods: SignInMethod[] | null;
}

/**
 * The first factor a sign-in used, read from its RFC 8176 `amr`: `pwd` is a
 * password, `hwk` a passkey, `otp` without either an emailed code (a TOTP code
 * is only ever a second factor, after `pwd`, `hwk` or an emailed code).
 */
export function signInMethodOf(amr: readonly string[]): SignInMethod | undefined {
  if (amr.includes('pwd')) return 'password';
  if (amr.includes('hwk')) return 'passkey';
  if (amr.includes('otp')) return 'email_code';
  return undefined;
}

/** Whether a sign-in with this `amr` used a method the policy allows. */
export function methodAllowed(policy: Pick<OrganizationPolicy, 'allowedMethods'>, amr: readonly string[]): boolean {
  if (policy.allowedMethods === null) return true;
  const method = signInMethodOf(amr);
  return method !== undefined && policy.allowedMethods.includes(method);
}

export const signInMethodNotAllowed = () =>
  new OrganizationError({
    status: 403,
    code: 'sign_in_method_not_allowed',
    message: 'This organization does not allow the way you signed in: sign in again with a method it allows.',
  });

/**
 * Validates an admin's list: known methods only, at least one, no repeats
 * (kept in the canonical order). `null` clears the restriction.
 */
export function parseAllowedMethods(input: readonly string[] | null): SignInMethod[] | null {
  if (input === null) return null;
  const unknown = input.filter((method) => !(SIGN_IN_METHODS as readonly string[]).includes(method));
  if (unknown.length > 0) {
    throw new OrganizationError({
      status: 422,
      code: 'unknown_sign_in_method',
      message: `Unknown sign-in method "${String(unknown[0]).slice(0, 32)}"; use ${SIGN_IN_METHODS.join(', ')}.`,
    });
  }
  if (input.length === 0) {
    throw new OrganizationError({ status: 422, code: 'no_sign_in_method', message: 'Allow at least one sign-in method, or none to allow them all.' });
  }
  return SIGN_IN_METHODS.filter((method) => input.includes(method));
}

/** The stored column (JSON array or null) as a policy list; anything unexpected reads as "every method". */
export function storedAllowedMethods(value: unknown): SignInMethod[] | null {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (!Array.isArray(parsed)) return null;
  return SIGN_IN_METHODS.filter((method) => parsed.includes(method));
}
