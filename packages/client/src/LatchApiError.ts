import type { ProfileFieldError } from './profile.ts';
import type { Flow } from './flow.ts';

/**
 * An error answer from the BFF, with its stable `code` and HTTP status. Step-up
 * codes: `reauthentication_required` (401, with `maxAge`) and `mfa_required`
 * (401) ask the user to confirm who they are (`isReauthenticationError`);
 * `mfa_not_enrolled` (403) asks them to set up a second factor first.
 */
export class LatchApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** The flow with its messages, when a submission was rejected on its values. */
  readonly flow: Flow | undefined;
  /** With `reauthentication_required`: how recent (seconds) a sign-in the route wants. */
  readonly maxAge: number | undefined;
  /** With `invalid_profile`: the refused fields and why (`{ phone: [{ code: 'pattern', message }] }`). */
  readonly fields: Record<string, ProfileFieldError[]> | undefined;
  /** With `rate_limited` (429): seconds until another attempt may succeed, from the `Retry-After` header. */
  readonly retryAfter: number | undefined;

  constructor(options: { status: number; code: string; message: string; flow?: Flow; maxAge?: number; fields?: Record<string, ProfileFieldError[]>; retryAfter?: number }) {
    super(options.message);
    this.name = 'LatchApiError';
    this.status = options.status;
    this.code = options.code;
    this.flow = options.flow;
    this.maxAge = options.maxAge;
    this.fields = options.fields;
    this.retryAfter = options.retryAfter;
  }
}

/** Step-up codes that a re-authentication (`createFlow({ type: 'sign-in', reauthenticate: true })`) answers. */
export const REAUTHENTICATION_CODES: ReadonlySet<string> = new Set(['reauthentication_required', 'mfa_required']);

/** True for a `LatchApiError` a re-authentication resolves (`reauthentication_required`, `mfa_required`). */
export function isReauthenticationError(error: unknown): error is LatchApiError {
  return error instanceof LatchApiError && REAUTHENTICATION_CODES.has(error.code);
}
