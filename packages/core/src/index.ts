export { createCore, type Core } from './createCore.ts';
export { coreOptionsSchema, type CoreOptions } from './config.ts';
export { createDatabase, type CoreDatabase, type DatabaseOptions } from './storage/createDatabase.ts';
export { migrateToLatest } from './storage/migrations.ts';
export { PGliteDialect } from './storage/pgliteDialect.ts';
export { LatchError } from './errors.ts';
export { END_USER_AGENT_HEADER, END_USER_IP_HEADER } from './http/flowRoutes.ts';
export type { ClientCredentials } from './http/authenticateClient.ts';
export type { Flow, FlowField, FlowMessage, FlowStep, FlowSubmission, FlowType } from './flows/flowTypes.ts';
