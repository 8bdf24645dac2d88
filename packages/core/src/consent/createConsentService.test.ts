import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreDatabase } from '../storage/createDatabase.ts';
import { testDatabases } from '../testing/testDatabases.ts';
import { createUserRepository } from '../users/userRepository.ts';
import type { ConsentPurpose } from './consentOptionsSchema.ts';
import { consentTextHash } from './consentText.ts';
import { createConsentService, type ConsentChangeEvent, type ConsentService } from './createConsentService.ts';

const purposes: ConsentPurpose[] = [
  { id: 'terms', version: 2, kind: 'required', locales: { en: { title: 'Terms', text: 'The terms.' }, de: { title: 'AGB', text: 'Die AGB.' } } },
  { id: 'marketing', version: 1, kind: 'optional', locales: { en: { title: 'Marketing', text: 'News by email.' } } },
];
const context = { ip: '203.0.113.7', userAgent: 'UnitTest/1.0' };

describe.each(testDatabases.map(([name, open]) => ({ name, open })))('consent service on $name', ({ open }) => {
  let db: CoreDatabase;
  let close: () => Promise<void>;
  let consent: ConsentService;
  const events: ConsentChangeEvent[] = [];

  beforeAll(async () => {
    ({ db, close } = await open());
    consent = createConsentService({ db, config: { purposes }, logger: pino({ level: 'silent' }) });
    consent.onChange((event) => {
      events.push(event);
    });
  });
  afterAll(async () => {
    consent?.close();
    await close?.();
  });

  it('creates the user and the sign-up receipts together, and neither when the address is taken', async () => {
    const email = `consent-${randomUUID()}@example.com`;
    const decisions = [consent.shown(purposes[0]!, 'de', 'granted')];
    const user = await consent.createUser({ email, passwordHash: 'x' }, { decisions, context });
    expect(user).toBeDefined();
    const receipts = await consent.receipts({ userId: user!.id });
    expect(receipts).toEqual([
      expect.objectContaining({ purposeId: 'terms', version: 2, decision: 'granted', source: 'sign_up', locale: 'de', textSha256: consentTextHash({ title: 'AGB', text: 'Die AGB.' }), ip: context.ip, userAgent: context.userAgent }),
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'consent.changed', userId: user!.id, source: 'sign_up', changes: [{ purposeId: 'terms', version: 2, decision: 'granted', required: true }] });

    const before = await db.selectFrom('latch_consent_receipts').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    await expect(consent.createUser({ email, passwordHash: 'y' }, { decisions, context })).resolves.toBeUndefined();
    const after = await db.selectFrom('latch_consent_receipts').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('grants and withdraws optional purposes, writes nothing for a repeated decision, refuses withdrawing a required one', async () => {
    const user = await createUserRepository(db).create({ email: `consent-${randomUUID()}@example.com`, passwordHash: 'x' });
    const userId = user!.id;
    const granted = await consent.update({ userId, decisions: { marketing: 'granted' }, source: 'profile', context });
    expect(granted.find((p) => p.id === 'marketing')).toMatchObject({ decision: 'granted', decidedVersion: 1, granted: true });
    await consent.update({ userId, decisions: { marketing: 'granted' }, source: 'profile', context });
    await consent.update({ userId, decisions: { marketing: 'withdrawn' }, source: 'api', context });
    expect((await consent.receipts({ userId })).map((r) => [r.purposeId, r.decision, r.source])).toEqual([
      ['marketing', 'withdrawn', 'api'],
      ['marketing', 'granted', 'profile'],
    ]);
    await expect(consent.update({ userId, decisions: { terms: 'withdrawn', marketing: 'granted' }, source: 'api', context })).rejects.toMatchObject({ status: 409, code: 'required_purpose_withdrawal' });
    await expect(consent.update({ userId, decisions: { nope: 'granted' }, source: 'api', context })).rejects.toMatchObject({ status: 400, code: 'unknown_purpose' });
    expect(await consent.receipts({ userId })).toHaveLength(2);
    const list = await consent.list({ userId });
    expect(list.map((p) => [p.id, p.decision, p.granted])).toEqual([
      ['terms', null, false],
      ['marketing', 'withdrawn', false],
    ]);
  });

  it('keeps receipts append-only in the database itself', async () => {
    const user = await consent.createUser({ email: `consent-${randomUUID()}@example.com`, passwordHash: 'x' }, { decisions: [consent.shown(purposes[0]!, undefined, 'granted')], context });
    await expect(sql`update latch_consent_receipts set decision = 'withdrawn' where user_id = ${user!.id}`.execute(db)).rejects.toThrow(/append-only/u);
    await expect(sql`delete from latch_consent_receipts where user_id = ${user!.id}`.execute(db)).rejects.toThrow(/append-only/u);
    expect(await consent.receipts({ userId: user!.id })).toHaveLength(1);
  });
});
