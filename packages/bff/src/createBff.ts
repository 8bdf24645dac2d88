import { Router, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import { parseBffOptions, type BffOptions } from './config.ts';
import { createCoreApi } from './http/createCoreApi.ts';
import { csrfProtection } from './http/csrfProtection.ts';
import { apiProxy } from './proxy/apiProxy.ts';
import { errorHandler, notFound } from './http/errorHandler.ts';
import { createRelyingParty } from './oidc/createRelyingParty.ts';
import { createSessionTokens, type SessionTokens } from './oidc/sessionTokens.ts';
import { createRequireAuth } from './requireAuth.ts';
import { accountRequester, type AccountRequest } from './routes/accountRouteHelpers.ts';
import { createRequireSession } from './requireSession.ts';
import { accountRoutes } from './routes/accountRoutes.ts';
import { flowRoutes } from './routes/flowRoutes.ts';
import { mfaRoutes } from './routes/mfaRoutes.ts';
import { brandingRoutes } from './routes/brandingRoutes.ts';
import { consentRoutes } from './routes/consentRoutes.ts';
import { passkeyRoutes } from './routes/passkeyRoutes.ts';
import { profileRoutes } from './routes/profileRoutes.ts';
import { createRequireOrganization } from './requireOrganization.ts';
import { organizationRoutes } from './routes/organizationRoutes.ts';
import { sessionRoutes } from './routes/sessionRoutes.ts';
import type { BffSchema } from './storage/bffSchema.ts';
import { deferredSessionStore, openSessionStore } from './storage/openSessionStore.ts';

export interface Bff extends RequestHandler {
  /** Resolves once session storage is open (tables created, or Redis connected); requests wait for it too. */
  readonly ready: Promise<void>;
  /** Stops housekeeping and closes the BFF's own connections (Redis); the `db` you passed stays open. */
  close(): Promise<void>;
  /**
   * The session's access token, refreshed when it expires within 60 s (`accessToken(cookieValue)`), and
   * `forceRefresh(cookieValue)` to have the core re-issue tokens now (e.g. after an organization switch).
   */
  readonly tokens: SessionTokens;
  /** Calls the core's account API (`/users/<session user><resource>`) for the request's signed-in user with a fresh bearer token. */
  readonly accountRequest: AccountRequest;
  /** Guards the product's own routes; see `RequireSessionOptions`. */
  readonly requireSession: ReturnType<typeof createRequireSession>;
  /** Guards a route by the user's role in the session's active organization: `requireOrgRole('admin')` (owners pass too); see `requireOrganization.ts`. */
  readonly requireOrgRole: ReturnType<typeof createRequireOrganization>['requireOrgRole'];
  /** Guards a route by permissions of that role: `requirePermission('billing:manage')`. */
  readonly requirePermission: ReturnType<typeof createRequireOrganization>['requirePermission'];
  /** Step-up guard: a recent sign-in (`maxAge`) and/or a second factor (`mfa`); see `RequireAuthOptions`. */
  readonly requireAuth: ReturnType<typeof createRequireAuth>['requireAuth'];
}

const PRUNE_INTERVAL_MS = 10 * 60 * 1000;

/**
 * The backend-for-frontend as Express middleware: mount it at the app's root
 * and it serves `/auth/*`. Options are validated here, so a bad configuration
 * fails at start-up rather than on the first request.
 */
export function createBff(options: BffOptions): Bff {
  if (typeof options !== 'object' || options === null || 'method' in options) {
    throw new TypeError('createBff(options) must be called with its options: app.use(createBff({ ... })), not app.use(createBff).');
  }
  const { db, logger: givenLogger, ...rest } = options;
  if (db !== undefined && typeof (db as { selectFrom?: unknown }).selectFrom !== 'function') {
    throw new TypeError('createBff(): `db` must be a Kysely instance (in bundled mode, pass core.db).');
  }
  const config = parseBffOptions(rest);
  if (!db && !config.redisUrl) throw new TypeError('createBff(): pass `db` (a Kysely instance, in bundled mode core.db) or `redisUrl`.');
  const logger = givenLogger ?? pino({ name: 'latch-bff' });
  const opened = openSessionStore({ db: db as Kysely<BffSchema> | undefined, redisUrl: config.redisUrl, redisKeyPrefix: config.redisKeyPrefix, cacheMs: config.sessionCacheMs, logger });
  const ready = opened.then(() => undefined);
  ready.catch((error: unknown) => logger.error({ err: error }, 'BFF session storage failed to open'));
  const sessions = deferredSessionStore(opened);

  // Housekeeping off the request path; unref'd so it never keeps the process alive.
  const pruneTimer = setInterval(() => {
    sessions.pruneExpired().catch((error: unknown) => logger.warn({ err: error }, 'pruning expired sessions failed'));
  }, PRUNE_INTERVAL_MS);
  pruneTimer.unref();
  const rp = createRelyingParty(config, logger);
  const core = createCoreApi(config);
  const tokens = createSessionTokens({ sessions, rp, logger });
  const accountRequest = accountRequester({ core, sessions, tokens });
  const stepUp = createRequireAuth({ sessions, accountRequest });
  const orgGuards = createRequireOrganization({ sessions, accountRequest, recheckSeconds: config.organizationRecheckSeconds });

  const csrf = csrfProtection({ allowedOrigins: [config.appOrigin, ...config.allowedOrigins] });
  const auth = Router();
  const noStore: RequestHandler = function latchNoStore(_req, res, next) {
    res.set('cache-control', 'no-store');
    next();
  };
  const awaitReady: RequestHandler = async function latchAwaitReady(_req, _res, next) {
    await ready;
    next();
  };
  auth.use(
    helmet(),
    noStore,
    awaitReady,
    csrf,
    sessionRoutes({ sessions, rp, core, logger }),
    flowRoutes({ config, core, rp, sessions, logger }),
    mfaRoutes({ config, core, sessions, accountRequest, assertAuth: stepUp.assert }),
    passkeyRoutes({ config, core, sessions, accountRequest, assertAuth: stepUp.assert }),
    accountRoutes({ config, core, sessions, accountRequest, assertAuth: stepUp.assert, rp, logger }),
    profileRoutes({ config, core, sessions, accountRequest, assertAuth: stepUp.assert }),
    organizationRoutes({ config, core, sessions, accountRequest, tokens, assertAuth: stepUp.assert }),
    consentRoutes({ config, sessions, accountRequest }),
    brandingRoutes({ config, core, accountRequest }),
    notFound,
    errorHandler(logger),
  );

  const router = Router();
  router.use('/auth', auth);
  if (config.apiProxy) {
    // Mounted at the root: each route's prefix is a full path on the app (`/api/orders`).
    // No cache-control of ours here: unmatched requests go on to the app's routes untouched, and the upstream's headers are relayed.
    router.use(apiProxy({ options: config.apiProxy, sessions, tokens, csrf, logger }), errorHandler(logger));
  }
  const bff = router as unknown as Bff;
  Object.defineProperties(bff, {
    ready: { value: ready },
    close: {
      async value() {
        clearInterval(pruneTimer);
        await opened.then(({ close }) => close(), () => undefined);
      },
    },
    tokens: { value: tokens },
    accountRequest: { value: accountRequest },
    requireSession: { value: createRequireSession(sessions) },
    requireAuth: { value: stepUp.requireAuth },
    requireOrgRole: { value: orgGuards.requireOrgRole },
    requirePermission: { value: orgGuards.requirePermission },
  });
  return bff;
}
