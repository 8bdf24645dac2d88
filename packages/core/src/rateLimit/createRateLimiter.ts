import { sql } from 'kysely';
import type { CoreDatabase } from '../storage/createDatabase.ts';
import { RateLimitedError } from '../errors.ts';

export interface RateLimitRule {
  /** Attempts allowed per window. */
  points: number;
  windowSeconds: number;
}

export interface RateLimiter {
  /** Counts one attempt against `key`; throws `RateLimitedError` past the rule's limit. */
  consume(key: string, rule: RateLimitRule): Promise<void>;
  /** Forgets `key`'s attempts, e.g. after a successful sign-in. */
  reset(key: string): Promise<void>;
}

/**
 * A fixed-window counter in the shared database, one upsert per attempt, so
 * limits hold across instances and restarts. (Redis takes over with the
 * abuse-defence work when `REDIS_URL` is set.)
 */
export function createRateLimiter(db: CoreDatabase, now: () => Date = () => new Date()): RateLimiter {
  return {
    async consume(key, rule) {
      const at = now();
      const fresh = new Date(at.getTime() + rule.windowSeconds * 1000);
      const row = await db
        .insertInto('latch_rate_limits')
        .values({ key, points: 1, expires_at: fresh })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            points: sql<number>`case when latch_rate_limits.expires_at <= ${at} then 1 else latch_rate_limits.points + 1 end`,
            expires_at: sql<Date>`case when latch_rate_limits.expires_at <= ${at} then ${fresh} else latch_rate_limits.expires_at end`,
          }),
        )
        .returning(['points', 'expires_at'])
        .executeTakeFirstOrThrow();
      if (row.points > rule.points) {
        const retryAfter = Math.max(1, Math.ceil((new Date(row.expires_at).getTime() - at.getTime()) / 1000));
        throw new RateLimitedError(retryAfter);
      }
    },
    async reset(key) {
      await db.deleteFrom('latch_rate_limits').where('key', '=', key).execute();
    },
  };
}
