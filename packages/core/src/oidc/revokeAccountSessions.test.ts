import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreDatabase } from '../storage/createDatabase.ts';
import { testDatabases, type OpenedTestDatabase } from '../testing/testDatabases.ts';
import { createAccountSessions } from './revokeAccountSessions.ts';

describe.each(testDatabases)('revokeAccountSessions on %s', (_name, open) => {
  let opened: OpenedTestDatabase;
  let db: CoreDatabase;
  beforeAll(async () => {
    opened = await open();
    db = opened.db;
    const row = (id: string, type: string, accountId: string | undefined) => ({
      id,
      type,
      payload: JSON.stringify(accountId ? { accountId, kind: type } : { kind: type }),
      grant_id: null,
      user_code: null,
      uid: null,
      expires_at: new Date(Date.now() + 3600_000),
      consumed_at: null,
    });
    // Many records of other accounts, so a scan and an index lookup differ in cost.
    const others = Array.from({ length: 500 }, (_, index) => row(`other-${index}`, 'AccessToken', `usr_other_${index}`));
    await db
      .insertInto('latch_oidc_payloads')
      .values([...others, row('s1', 'Session', 'usr_ada'), row('g1', 'Grant', 'usr_ada'), row('r1', 'RefreshToken', 'usr_ada'), row('i1', 'Interaction', 'usr_ada'), row('c1', 'Client', undefined)])
      .execute();
    await sql`analyze latch_oidc_payloads`.execute(db);
  });
  afterAll(async () => {
    await opened?.close();
  });

  it('deletes every provider record of the account but its interactions, and nobody else’s', async () => {
    expect(await createAccountSessions(db).revokeAll('usr_ada')).toBe(3);
    const left = await db.selectFrom('latch_oidc_payloads').select('id').where('id', 'in', ['s1', 'g1', 'r1', 'i1', 'c1', 'other-0']).orderBy('id').execute();
    expect(left.map((row) => row.id)).toEqual(['c1', 'i1', 'other-0']);
    expect(await createAccountSessions(db).revokeAll('usr_ada')).toBe(0);
  });

  it('finds the records through the accountId index, not by scanning every payload', async () => {
    // The same expression and filters as revokeAll(), with literals: EXPLAIN shows the plan it gets.
    const plan = await sql<{ 'QUERY PLAN': string }>`explain delete from latch_oidc_payloads where (payload ->> 'accountId') = 'usr_ada' and type != 'Interaction'`.execute(db);
    const text = plan.rows.map((row) => row['QUERY PLAN']).join('\n');
    expect(text).toMatch(/latch_oidc_payloads_account_id/u);
    expect(text).not.toMatch(/Seq Scan/u);
  });
});
