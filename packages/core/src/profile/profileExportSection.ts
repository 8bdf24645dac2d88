import type { ExportSection } from '../account/accountExport.ts';

/**
 * The profile's part of "download my data": the declared fields' values and,
 * per progressive-profiling rule, how often the user was asked, answered and
 * skipped. Rows go with the user when the account is deleted (foreign keys
 * cascade), so erasure needs no eraser of its own.
 */
export const profileExportSection: ExportSection = async ({ db, userId }) => {
  const profile = await db.selectFrom('latch_profiles').select(['values', 'sign_in_count', 'first_sign_in_at', 'last_sign_in_at', 'updated_at']).where('user_id', '=', userId).executeTakeFirst();
  const prompts = await db
    .selectFrom('latch_profile_prompts')
    .select(['rule_id', 'shown', 'completed', 'skipped', 'last_shown_at', 'last_completed_at', 'last_skipped_at'])
    .where('user_id', '=', userId)
    .orderBy('rule_id')
    .execute();
  const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());
  return {
    values: profile?.values ?? {},
    signInCount: profile?.sign_in_count ?? 0,
    firstSignInAt: iso(profile?.first_sign_in_at ?? null),
    lastSignInAt: iso(profile?.last_sign_in_at ?? null),
    updatedAt: iso(profile?.updated_at ?? null),
    prompts: prompts.map((row) => ({
      rule: row.rule_id,
      shown: row.shown,
      completed: row.completed,
      skipped: row.skipped,
      lastShownAt: iso(row.last_shown_at),
      lastCompletedAt: iso(row.last_completed_at),
      lastSkippedAt: iso(row.last_skipped_at),
    })),
  };
};
