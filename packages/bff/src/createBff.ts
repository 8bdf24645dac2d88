import { Router, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import { parseBffOptions, type BffOptions } from './config.ts';
import { createCoreApi } from './http/createCoreApi.ts';
import { csrfProtection } from './http/csrfProtection.ts';
import { errorHandler, notFound } from './http/errorHandler.ts';
import { createRelyingParty } from './oidc/createRelyingParty.ts';
import { createRequireSession } from './requireSession.ts';
import { flowRoutes } from './routes/flowRoutes.ts';
import { sessionRoutes } from './routes/sessionRoutes.ts';
import type { BffSchema } from './storage/bffSchema.ts';
import { cachedSessionStore } from './storage/cachedSessionStore.ts';
import { createSessionStore } from './storage/createSessionStore.ts';
import { migrateBff } from './storage/migrateBff.ts';

export interface Bff extends RequestHandler {
  /** Resolves once the BFF's tables exist; requests wait for it too. */
  readonly ready: Promise<void>;
  /** Guards the product's own routes; see `RequireSessionOptions`. */
  readonly requireSession: ReturnType<typeof createRequireSession>;
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
  if (!db || typeof (db as { selectFrom?: unknown }).selectFrom !== 'function') {
    throw new TypeError('createBff(): `db` must be a Kysely instance (in bundled mode, pass core.db).');
  }
  const config = parseBffOptions(rest);
  const logger = givenLogger ?? pino({ name: 'latch-bff' });
  const bffDb = db as unknown as Kysely<BffSchema>;
  const ready = migrateBff(bffDb as unknown as Kysely<unknown>);
  ready.catch((error: unknown) => logger.error({ err: error }, 'BFF migrations failed'));

  const sessions = cachedSessionStore(createSessionStore(bffDb), { maxStalenessMs: config.sessionCacheMs, maxEntries: 10_000 });
  // Housekeeping off the request path; unref'd so it never keeps the process alive.
  const pruneTimer = setInterval(() => {
    ready
      .then(() => sessions.pruneExpired())
      .catch((error: unknown) => logger.warn({ err: error }, 'pruning expired sessions failed'));
  }, PRUNE_INTERVAL_MS);
  pruneTimer.unref();
  const rp = createRelyingParty(config, logger);
  const core = createCoreApi(config);

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
    csrfProtection({ allowedOrigins: [config.appOrigin, ...config.allowedOrigins] }),
    sessionRoutes({ sessions, rp, logger }),
    flowRoutes({ config, core, rp, sessions, logger }),
    notFound,
    errorHandler(logger),
  );

  const router = Router();
  router.use('/auth', auth);
  const bff = router as unknown as Bff;
  Object.defineProperties(bff, {
    ready: { value: ready },
    requireSession: { value: createRequireSession(sessions) },
  });
  return bff;
}
