export type * from './flow.ts';
export type * from './mfa.ts';
export type * from './account.ts';
export type * from './profile.ts';
export type * from './organizations.ts';
export type * from './consent.ts';
export { LatchApiError, isReauthenticationError, REAUTHENTICATION_CODES } from './LatchApiError.ts';
export { createSessionStore, type SessionStore, type SessionSnapshot } from './sessionStore.ts';
export { createLatchClient, CSRF_HEADER, type LatchClient, type LatchClientOptions } from './createLatchClient.ts';
