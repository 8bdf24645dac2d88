import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type TestSchema } from '../testing/testDatabases.ts';
import type { CoreDatabase } from './createDatabase.ts';
import { EXPIRED_FLOW_GRACE_MS, pruneExpired } from './pruneExpired.ts';

const now = new Date('2026-06-01T12:00:00Z');
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);

async function seed(db: CoreDatabase): Promise<void> {
  const flow = (id: string, expiresAt: Date) => ({
    id,
    type: 'sign-in',
    interaction_uid: `uid-${id}`,
    state: '{}',
    created_at: new Date(expiresAt.getTime() - 900_000),
    expires_at: expiresAt,
    completed_at: null,
  });
  await db
    .insertInto('latch_flows')
    .values([
      flow('flow_live', minutes(5)),
      flow('flow_recently_expired', minutes(-5)),
      flow('flow_long_gone', new Date(now.getTime() - EXPIRED_FLOW_GRACE_MS - 60_000)),
    ])
    .execute();
  const payload = (id: string, expiresAt: Date | null) => ({
    id,
    type: 'Session',
    payload: '{}',
    grant_id: null,
    user_code: null,
    uid: null,
    expires_at: expiresAt,
    consumed_at: null,
  });
  await db
    .insertInto('latch_oidc_payloads')
    .values([payload('live', minutes(5)), payload('expired', minutes(-1)), payload('forever', null)])
    .execute();
  await db
    .insertInto('latch_rate_limits')
    .values([
      { key: 'open', points: 3, expires_at: minutes(1) },
      { key: 'closed', points: 9, expires_at: minutes(-1) },
    ])
    .execute();
  const event = (type: string, daysAgo: number) => ({ type, occurred_at: new Date(now.getTime() - daysAgo * 86_400_000), details: '{}' });
  await db
    .insertInto('latch_audit_events')
    .values([event('sign_in.succeeded', 0), event('sign_in.failed', 29), event('account.locked', 31), event('sign_out', 400)])
    .execute();
  await db.insertInto('latch_users').values({ id: 'usr_prune', email: 'prune@example.com', password_hash: null, created_at: now, updated_at: now }).execute();
  const factor = (id: string, createdMinutesAgo: number, confirmed: boolean) => ({
    id,
    user_id: 'usr_prune',
    type: 'totp',
    secret: 'sealed',
    last_used_step: null,
    confirmed_at: confirmed ? minutes(-createdMinutesAgo + 1) : null,
    created_at: minutes(-createdMinutesAgo),
  });
  // TOTP enrollments wait 15 minutes for their first code; a confirmed factor is never pruned, however old.
  await db
    .insertInto('latch_mfa_factors')
    .values([factor('mfa_confirmed_old', 60 * 24 * 90, true), factor('mfa_abandoned', 16, false), factor('mfa_pending', 5, false)])
    .execute();
  await db
    .insertInto('latch_webauthn_challenges')
    .values([
      { challenge: 'challenge_live', user_id: 'usr_prune', expires_at: minutes(2) },
      { challenge: 'challenge_stale', user_id: 'usr_prune', expires_at: minutes(-1) },
    ])
    .execute();
}

describe.each(testDatabases)('pruneExpired on %s', (_name, open) => {
  let db: CoreDatabase;
  let schema: TestSchema | undefined;
  beforeAll(async () => {
    ({ db, schema } = await open());
    await seed(db);
  });
  afterAll(async () => {
    await db?.destroy();
    await schema?.drop();
  });

  it('deletes only what nothing will read again', async () => {
    expect(await pruneExpired(db, now)).toEqual({ flows: 1, oidcPayloads: 1, rateLimits: 1, auditEvents: 1, totpEnrollments: 1, webauthnChallenges: 1, activeOrganizations: 0 });
    const ids = async (table: 'latch_flows' | 'latch_oidc_payloads') =>
      (await sql<{ id: string }>`select id from ${sql.table(table)} order by id`.execute(db)).rows.map((row) => row.id);
    // A recently expired flow stays, so its browser still hears 410 rather than 404.
    expect(await ids('latch_flows')).toEqual(['flow_live', 'flow_recently_expired']);
    expect(await ids('latch_oidc_payloads')).toEqual(['forever', 'live']);
    expect((await db.selectFrom('latch_rate_limits').select('key').execute()).map((row) => row.key)).toEqual(['open']);
    expect((await db.selectFrom('latch_mfa_factors').select('id').orderBy('id').execute()).map((row) => row.id)).toEqual(['mfa_confirmed_old', 'mfa_pending']);
    expect((await db.selectFrom('latch_webauthn_challenges').select('challenge').execute()).map((row) => row.challenge)).toEqual(['challenge_live']);
    expect(await pruneExpired(db, now)).toEqual({ flows: 0, oidcPayloads: 0, rateLimits: 0, auditEvents: 0, totpEnrollments: 0, webauthnChallenges: 0, activeOrganizations: 0 });
  });

  it('keeps audit events for the retention period (365 days unless told otherwise)', async () => {
    const types = async () => (await db.selectFrom('latch_audit_events').select('type').orderBy('occurred_at', 'desc').execute()).map((row) => row.type);
    // The default year already took the 400-day-old event in the test above.
    expect(await types()).toEqual(['sign_in.succeeded', 'sign_in.failed', 'account.locked']);
    expect(await pruneExpired(db, now, { auditRetentionDays: 30 })).toMatchObject({ auditEvents: 1 });
    expect(await types()).toEqual(['sign_in.succeeded', 'sign_in.failed']);
  });

  it('forgets the active organization of a grant that expired', async () => {
    await db.insertInto('latch_users').values({ id: 'u-org', email: 'org-prune@example.com', password_hash: null, created_at: now, updated_at: now }).execute();
    await db.insertInto('latch_organizations').values({ id: 'org_p', name: 'P', slug: 'p-prune', logo_url: null, metadata: '{}', created_at: now, updated_at: now }).execute();
    const grant = (id: string, expiresAt: Date) => ({ id, type: 'Grant', payload: '{}', grant_id: null, user_code: null, uid: null, expires_at: expiresAt, consumed_at: null });
    await db.insertInto('latch_oidc_payloads').values([grant('grant_live', minutes(60)), grant('grant_gone', minutes(-1))]).execute();
    await db
      .insertInto('latch_org_active')
      .values(['grant_live', 'grant_gone'].map((grantId) => ({ grant_id: grantId, user_id: 'u-org', organization_id: 'org_p', updated_at: now })))
      .execute();
    expect(await pruneExpired(db, now)).toMatchObject({ oidcPayloads: 1, activeOrganizations: 1 });
    expect((await db.selectFrom('latch_org_active').select('grant_id').execute()).map((row) => row.grant_id)).toEqual(['grant_live']);
  });
});
