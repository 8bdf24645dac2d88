export { createBff, type Bff } from './createBff.ts';
export { bffOptionsSchema, type BffOptions } from './config.ts';
export { CSRF_HEADER } from './http/csrfProtection.ts';
export { SESSION_COOKIE, FLOW_COOKIE } from './http/cookies.ts';
export type { RequireSessionOptions, SessionLocals } from './requireSession.ts';
export type { RequireAuthOptions, StepUpCode } from './requireAuth.ts';
export type { OrganizationLocals, OrganizationGuardCode } from './requireOrganization.ts';
export type { SessionOrganization } from './storage/bffSchema.ts';
export type { StoredSession } from './storage/createSessionStore.ts';
