import type { FlowMessage } from './flowTypes.ts';

/** Server messages: a stable code plus English fallback text. Components translate by code. */
export const messages = {
  invalidPasskey: (): FlowMessage => ({ code: 'invalid_passkey', severity: 'error', text: 'That passkey could not be used to sign in. Try again or use another way.' }),
  passkeyOriginMismatch: (): FlowMessage => ({ code: 'passkey_origin_mismatch', severity: 'error', text: 'That passkey answer was made for another site.' }),
  required: (): FlowMessage => ({ code: 'required', severity: 'error', text: 'This field is required.' }),
  invalidEmail: (): FlowMessage => ({ code: 'invalid_email', severity: 'error', text: 'Enter a valid email address.' }),
  passwordTooShort: (min: number): FlowMessage => ({
    code: 'password_too_short',
    severity: 'error',
    text: `Use at least ${min} characters.`,
    params: { min },
  }),
  passwordTooLong: (max: number): FlowMessage => ({
    code: 'password_too_long',
    severity: 'error',
    text: `Use at most ${max} characters.`,
    params: { max },
  }),
  passwordContainsEmail: (): FlowMessage => ({
    code: 'password_contains_email',
    severity: 'error',
    text: 'Do not use your email address as your password.',
  }),
  passwordTooCommon: (): FlowMessage => ({
    code: 'password_too_common',
    severity: 'error',
    text: 'This password is too common. Choose a longer or less predictable one.',
  }),
  emailUnavailable: (): FlowMessage => ({
    code: 'email_unavailable',
    severity: 'error',
    text: 'This email address cannot be used to create an account. Try signing in instead.',
  }),
  invalidCredentials: (): FlowMessage => ({
    code: 'invalid_credentials',
    severity: 'error',
    text: 'The email or password is incorrect.',
  }),
  invalidCode: (): FlowMessage => ({
    code: 'invalid_code',
    severity: 'error',
    text: 'That code is not right. Check the email and try again.',
  }),
  codeExpired: (): FlowMessage => ({
    code: 'code_expired',
    severity: 'error',
    text: 'That code has expired or was already used. Send a new code.',
  }),
  tooManyAttempts: (): FlowMessage => ({
    code: 'too_many_attempts',
    severity: 'error',
    text: 'Too many wrong codes. Send a new code and try again.',
  }),
  invalidTotpCode: (): FlowMessage => ({
    code: 'invalid_totp_code',
    severity: 'error',
    text: 'That code is not right. Check your authenticator app and try again.',
  }),
  totpCodeUsed: (): FlowMessage => ({
    code: 'totp_code_used',
    severity: 'error',
    text: 'That code was already used. Wait for the next code and try again.',
  }),
  invalidRecoveryCode: (): FlowMessage => ({
    code: 'invalid_recovery_code',
    severity: 'error',
    text: 'That recovery code is not right, or it was already used.',
  }),
  codeSent: (): FlowMessage => ({
    code: 'code_sent',
    severity: 'info',
    text: 'We sent a new code. Check your email.',
  }),
} as const;
