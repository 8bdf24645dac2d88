/**
 * NIST SP 800-63B rev. 4: at least 15 characters when the password is the
 * only factor (it is, today), at least 8 when it is one of two; accept at
 * least 64. No composition rules.
 */
export const passwordPolicyDefaults = { minLength: 15, maxLength: 256 } as const;
/** What `passwordPolicy` accepts: the minimum can never exceed the smallest allowed maximum. */
export const passwordPolicyBounds = { minLength: { min: 8, max: 64 }, maxLength: { min: 64, max: 1024 } } as const;

export interface PasswordLengthPolicy {
  minLength: number;
  maxLength: number;
}
