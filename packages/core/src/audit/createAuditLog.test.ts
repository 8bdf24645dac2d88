import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LatchError } from '../errors.ts';
import type { CoreDatabase } from '../storage/createDatabase.ts';
import { testDatabases, type TestSchema } from '../testing/testDatabases.ts';
import { createAuditLog, type AuditLog } from './createAuditLog.ts';

const start = Date.parse('2030-03-01T12:00:00Z');

describe.each(testDatabases)('createAuditLog on %s', (_name, open) => {
  let db: CoreDatabase;
  let schema: TestSchema | undefined;
  let clock = start;
  let audit: AuditLog;
  beforeAll(async () => {
    ({ db, schema } = await open());
    audit = createAuditLog(db, { now: () => new Date(clock), logger: pino({ level: 'silent' }) });
    // Three users' worth of history, one event a minute, oldest first.
    const seed: [string, string | undefined][] = [
      ['sign_in.failed', 'usr_a'],
      ['sign_in.succeeded', 'usr_a'],
      ['sign_in.failed', 'usr_b'],
      ['account.locked', 'usr_b'],
      ['rate_limited', undefined],
      ['sign_in.succeeded', 'usr_c'],
      ['sign_out', 'usr_a'],
    ];
    for (const [type, userId] of seed) {
      clock += 60_000;
      await audit.record({ type, userId, ip: '203.0.113.7', userAgent: 'Mozilla/5.0 (test)', flowId: 'flow_x', details: { reason: 'because' } });
    }
    // Two in the same millisecond: arrival order breaks the tie.
    await audit.record({ type: 'sign_in.failed', userId: 'usr_d', details: { n: 1 } });
    await audit.record({ type: 'sign_in.failed', userId: 'usr_d', details: { n: 2 } });
  });
  afterAll(async () => {
    await db?.destroy();
    await schema?.drop();
  });

  it('stores what it was given and lists it newest first', async () => {
    const { events, next } = await audit.list();
    expect(next).toBeUndefined();
    expect(events.map((event) => [event.type, event.userId])).toEqual([
      ['sign_in.failed', 'usr_d'],
      ['sign_in.failed', 'usr_d'],
      ['sign_out', 'usr_a'],
      ['sign_in.succeeded', 'usr_c'],
      ['rate_limited', null],
      ['account.locked', 'usr_b'],
      ['sign_in.failed', 'usr_b'],
      ['sign_in.succeeded', 'usr_a'],
      ['sign_in.failed', 'usr_a'],
    ]);
    expect(events.slice(0, 2).map((event) => event.details)).toEqual([{ n: 2 }, { n: 1 }]);
    expect(events[2]).toEqual({
      id: expect.stringMatching(/^\d+$/u),
      occurredAt: new Date(start + 7 * 60_000),
      type: 'sign_out',
      userId: 'usr_a',
      identifierHash: null,
      ip: '203.0.113.7',
      userAgent: 'Mozilla/5.0 (test)',
      flowId: 'flow_x',
      clientId: null,
      details: { reason: 'because' },
    });
  });

  it('filters by user, types and time', async () => {
    const types = (page: { events: { type: string }[] }) => page.events.map((event) => event.type);
    expect(types(await audit.list({ userId: 'usr_a' }))).toEqual(['sign_out', 'sign_in.succeeded', 'sign_in.failed']);
    expect(types(await audit.list({ userId: 'usr_a', types: ['sign_in.failed', 'sign_out'] }))).toEqual(['sign_out', 'sign_in.failed']);
    expect((await audit.list({ types: ['account.locked', 'rate_limited'] })).events.map((event) => event.userId)).toEqual([null, 'usr_b']);
    const window = await audit.list({ since: new Date(start + 2 * 60_000), until: new Date(start + 4 * 60_000) });
    expect(types(window)).toEqual(['sign_in.failed', 'sign_in.succeeded']); // since inclusive, until exclusive
    expect((await audit.list({ userId: 'nobody' })).events).toEqual([]);
  });

  it('pages with an opaque cursor, without gaps or repeats, also within one millisecond', async () => {
    const all = (await audit.list({ limit: 500 })).events.map((event) => event.id);
    const seen: string[] = [];
    let before: string | undefined;
    for (let page = 0; page < 10; page += 1) {
      const result = await audit.list({ limit: 2, before });
      seen.push(...result.events.map((event) => event.id));
      if (!result.next) break;
      expect(result.events).toHaveLength(2);
      before = result.next;
    }
    expect(seen).toEqual(all);
    // The filter applies across pages too.
    const first = await audit.list({ userId: 'usr_a', limit: 1 });
    const second = await audit.list({ userId: 'usr_a', limit: 5, before: first.next });
    expect([...first.events, ...second.events].map((event) => event.type)).toEqual(['sign_out', 'sign_in.succeeded', 'sign_in.failed']);
    expect(second.next).toBeUndefined();
  });

  it('refuses a bad limit or cursor with invalid_request', async () => {
    for (const query of [{ limit: 0 }, { limit: 501 }, { limit: 1.5 }, { before: 'nonsense' }, { before: Buffer.from('1:x').toString('base64url') }]) {
      const error = await audit.list(query).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(LatchError);
      expect(error).toMatchObject({ status: 400, code: 'invalid_request' });
    }
  });

  it('keeps only a keyed hash of a typed address, and finds events by it', async () => {
    await audit.record({ type: 'sign_in.failed', identifier: ' Grace@Example.COM ', details: { reason: 'invalid_credentials' } });
    await audit.record({ type: 'sign_in.failed', identifier: 'other@example.com' });
    const hash = await audit.hashIdentifier('grace@example.com');
    expect(hash).toMatch(/^[A-Za-z0-9_-]{43}$/u);
    const { events } = await audit.list({ identifier: 'GRACE@example.com' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ identifierHash: hash, userId: null, details: { reason: 'invalid_credentials' } });
    // The address is nowhere in the table, in any case or form.
    const dump = await sql<{ row: string }>`select t::text as row from latch_audit_events t`.execute(db);
    expect(dump.rows.some((row) => /grace|other@/iu.test(row.row))).toBe(false);
    // The key lives in the database: another instance computes the same hash.
    await expect(createAuditLog(db).hashIdentifier('grace@example.com')).resolves.toBe(hash);
  });

  it('drops detail keys that look secret, truncates long values and refuses malformed types', async () => {
    const logger = pino({ level: 'silent' });
    const warn = vi.spyOn(logger, 'warn');
    const log = createAuditLog(db, { now: () => new Date(start - 1000), logger });
    await log.record({
      type: 'recovery.failed',
      userAgent: 'x'.repeat(1000),
      details: { reason: 'invalid_code', password: 'hunter2', code: '123456', accessToken: 'eyJ', 'bad key': 1, long: 'y'.repeat(500), list: ['a', 'b'] },
    });
    await log.record({ type: 'Not A Type' });
    expect(warn).toHaveBeenCalledTimes(1);
    const { events } = await log.list({ types: ['recovery.failed'] });
    expect(events[0]?.details).toEqual({ reason: 'invalid_code', long: 'y'.repeat(200), list: ['a', 'b'] });
    expect(events[0]?.userAgent).toHaveLength(256);
  });

  it('never rejects when the write fails: it logs a warning instead', async () => {
    const { db: broken, schema: brokenSchema } = await open();
    const logger = pino({ level: 'silent' });
    const warn = vi.spyOn(logger, 'warn');
    const log = createAuditLog(broken, { logger });
    await broken.destroy();
    await expect(log.record({ type: 'sign_in.succeeded', userId: 'usr_a', identifier: 'a@example.com' })).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ auditEventType: 'sign_in.succeeded' }), 'audit event not recorded');
    await brokenSchema?.drop();
  });
});
