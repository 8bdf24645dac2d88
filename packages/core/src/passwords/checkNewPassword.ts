import { normalizeEmail } from '../users/email.ts';
import { normalizePassword } from '../users/passwordHasher.ts';
import { isCommonPassword } from './isCommonPassword.ts';
import type { PasswordLengthPolicy } from './passwordPolicyDefaults.ts';

/** Why a new password was refused; `code` is the flow message code. */
export type PasswordRefusal =
  | { code: 'password_too_short'; min: number }
  | { code: 'password_too_long'; max: number }
  | { code: 'password_contains_email' }
  | { code: 'password_too_common' };

/**
 * A password's length as NIST counts it: Unicode code points after NFKC
 * normalisation (what is hashed), not UTF-16 units. `é` typed as e + combining
 * accent is one character; an emoji outside the BMP is one, not two.
 */
export function passwordLength(password: string): number {
  return [...normalizePassword(password)].length;
}

/**
 * The checks a new password must pass, cheapest first; resolves with the
 * first refusal or `undefined`:
 * 1. length within the policy (code points after NFKC);
 * 2. not the account's email address, nor contained in it as a whole, nor
 *    equal to its local part (case-insensitive);
 * 3. not on the common/breached blocklist (case-insensitive).
 */
export async function checkNewPassword(options: {
  password: string;
  email?: string;
  policy: PasswordLengthPolicy;
  isCommon?: (password: string) => Promise<boolean>;
}): Promise<PasswordRefusal | undefined> {
  const { password, email, policy, isCommon = isCommonPassword } = options;
  const length = passwordLength(password);
  if (length < policy.minLength) return { code: 'password_too_short', min: policy.minLength };
  if (length > policy.maxLength) return { code: 'password_too_long', max: policy.maxLength };
  if (email && containsEmail(password, email)) return { code: 'password_contains_email' };
  if (await isCommon(password)) return { code: 'password_too_common' };
  return undefined;
}

function containsEmail(password: string, email: string): boolean {
  const folded = normalizePassword(password).toLowerCase();
  const address = normalizePassword(normalizeEmail(email)).toLowerCase();
  const at = address.lastIndexOf('@');
  if (at <= 0) return false;
  // The local part only as the whole password: as a substring, short local
  // parts ("al", "jo") would refuse far too many good passphrases.
  return folded.includes(address) || folded === address.slice(0, at);
}
