import type { Request } from 'express';
import type { SessionStore, StoredSession } from '../storage/createSessionStore.ts';

/**
 * How stale a session's "last seen" may get. `GET /auth/session` is the hot
 * path, so a request writes the time only when the stored one is older than
 * this: at most one write per session per five minutes on each instance.
 */
export const LAST_SEEN_RESOLUTION_MS = 5 * 60 * 1000;

/** Records that `session` was used now, if its last-seen time is older than the resolution; never delays or fails the request. */
export function noteSessionActivity(sessions: SessionStore, id: string, session: StoredSession, req: Request, now: number = Date.now()): void {
  if (now - session.lastSeenAt.getTime() < LAST_SEEN_RESOLUTION_MS) return;
  sessions.touch(id, { at: new Date(now), ip: req.ip ?? '' }).catch(() => undefined);
}
