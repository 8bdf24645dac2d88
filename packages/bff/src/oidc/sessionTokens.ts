import type { Logger } from 'pino';
import { BffError } from '../http/BffError.ts';
import type { StoredTokens } from '../storage/bffSchema.ts';
import type { SessionStore, StoredSession } from '../storage/createSessionStore.ts';
import { RefreshRejectedError, type RelyingParty } from './createRelyingParty.ts';

/** 401 `unauthenticated` for a session that ended (signed out, expired, or its grant revoked); the error handler clears the cookie. */
export class SessionEndedError extends BffError {
  constructor() {
    super({ status: 401, code: 'unauthenticated', message: 'Sign in first.' });
  }
}

export interface SessionTokens {
  /**
   * A valid access token for the session with this cookie value: the stored
   * one, or a new one when it expires within `refreshWindowSeconds` (60).
   * Throws `SessionEndedError` when there is no session or the core refused
   * the refresh (the session is then destroyed).
   */
  accessToken(sessionId: string): Promise<string>;
  /**
   * Refreshes now, whatever the expiry, and resolves with the new access
   * token: for when the core must re-issue tokens, e.g. after an organization
   * switch stored on the grant. Same single-flight and errors as `accessToken`.
   */
  forceRefresh(sessionId: string): Promise<string>;
}

export interface SessionTokensOptions {
  sessions: SessionStore;
  rp: Pick<RelyingParty, 'refresh'>;
  logger: Logger;
  refreshWindowSeconds?: number;
  /** Lease of the cross-instance refresh lock; a refresh that takes longer is abandoned by waiters. */
  lockMs?: number;
  now?: () => number;
}

const POLL_MS = 25;

/**
 * Keeps a session's access token fresh with its refresh token. Refreshes are
 * single-flight: concurrent callers in this process share one promise, and
 * instances sharing the session store take the session's refresh lock
 * (Redis `SET NX PX`, or a conditional UPDATE of the SQL row) before redeeming
 * the refresh token, since the core rotates refresh tokens and treats a reused
 * one as theft (it revokes the grant). Waiters poll the store for the new token.
 */
export function createSessionTokens(options: SessionTokensOptions): SessionTokens {
  const { sessions, logger } = options;
  const windowSeconds = options.refreshWindowSeconds ?? 60;
  const lockMs = options.lockMs ?? 10_000;
  const now = options.now ?? Date.now;
  const inFlight = new Map<string, Promise<string>>();

  const fresh = (tokens: StoredTokens) => tokens.expiresAt === undefined || tokens.expiresAt - windowSeconds > now() / 1000;

  async function endSession(sessionId: string): Promise<never> {
    await sessions.destroy(sessionId).catch((error: unknown) => logger.warn({ err: error }, 'ending a session after a refused refresh failed'));
    throw new SessionEndedError();
  }

  async function redeem(sessionId: string, session: StoredSession): Promise<string> {
    let tokens: StoredTokens;
    try {
      tokens = await options.rp.refresh(session.data.tokens);
    } catch (error) {
      if (error instanceof RefreshRejectedError) {
        logger.info({ userId: session.userId }, 'refresh token refused; session ended');
        return endSession(sessionId);
      }
      throw error;
    }
    if (!(await sessions.updateTokens(sessionId, { previousRefreshToken: session.data.tokens.refreshToken, tokens }))) {
      // Destroyed while we refreshed (sign-out): the new tokens die with it.
      throw new SessionEndedError();
    }
    return tokens.accessToken;
  }

  async function refresh(sessionId: string, stale: string): Promise<string> {
    const deadline = now() + 2 * lockMs;
    for (;;) {
      const lease = await sessions.acquireRefreshLock(sessionId, lockMs);
      if (lease) {
        try {
          const current = await sessions.find(sessionId, { fresh: true });
          if (!current) throw new SessionEndedError();
          // Another instance refreshed while we waited for the lock.
          if (current.data.tokens.accessToken !== stale) return current.data.tokens.accessToken;
          return await redeem(sessionId, current);
        } finally {
          await sessions.releaseRefreshLock(sessionId, lease).catch((error: unknown) => logger.warn({ err: error }, 'releasing a refresh lock failed'));
        }
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const current = await sessions.find(sessionId, { fresh: true });
      if (!current) throw new SessionEndedError();
      if (current.data.tokens.accessToken !== stale) return current.data.tokens.accessToken;
      if (now() > deadline) throw new BffError({ status: 503, code: 'refresh_timeout', message: 'The session is being refreshed; try again.', headers: { 'retry-after': '1' } });
    }
  }

  async function get(sessionId: string, force: boolean): Promise<string> {
    const running = inFlight.get(sessionId);
    if (running) return running;
    const session = await sessions.find(sessionId);
    if (!session) throw new SessionEndedError();
    if (!force && fresh(session.data.tokens)) return session.data.tokens.accessToken;
    // Checked again: another caller may have started while we looked the session up.
    const started = inFlight.get(sessionId);
    if (started) return started;
    const promise = refresh(sessionId, session.data.tokens.accessToken).finally(() => inFlight.delete(sessionId));
    inFlight.set(sessionId, promise);
    return promise;
  }

  return {
    accessToken: (sessionId) => get(sessionId, false),
    forceRefresh: (sessionId) => get(sessionId, true),
  };
}
