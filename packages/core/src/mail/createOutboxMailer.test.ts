import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxMailer, listOutbox, type CoreDatabase, type MailMessage } from '@latch/core';
import { testDatabases } from '../testing/testDatabases.ts';

const targets = testDatabases.map(([name, open]) => ({ name, open }));

const message = (index: number): MailMessage => ({
  to: `user${index}@example.com`,
  subject: `Message ${index}`,
  text: `Text ${index}`,
  html: `<p>HTML ${index} &amp; <b>more</b></p>`,
});

describe.each(targets)('outbox mailer on $name', ({ open }) => {
  let db: CoreDatabase;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await open());
  });
  afterAll(async () => {
    await close?.();
  });

  it('keeps every message as sent and lists them newest first, ties in order of arrival', async () => {
    await db.deleteFrom('latch_mail_outbox').execute();
    let clock = new Date('2030-01-01T00:00:00Z').getTime();
    const mailer = createOutboxMailer(db, { now: () => new Date(clock) });
    await mailer.send(message(1));
    clock += 1000;
    await mailer.send(message(2));
    // Same millisecond: the later one still comes first.
    await mailer.send(message(3));

    const listed = await listOutbox(db);
    expect(listed.map((entry) => entry.subject)).toEqual(['Message 3', 'Message 2', 'Message 1']);
    expect(listed[2]).toEqual({ id: expect.stringMatching(/^\d+$/u), ...message(1), sentAt: new Date('2030-01-01T00:00:00Z') });
    expect(listed[0]!.sentAt).toEqual(new Date('2030-01-01T00:00:01Z'));
    expect(Number(listed[0]!.id)).toBeGreaterThan(Number(listed[1]!.id));
  });

  it('lists at most `limit` messages and refuses a limit outside 1…200', async () => {
    await db.deleteFrom('latch_mail_outbox').execute();
    const mailer = createOutboxMailer(db);
    for (let index = 1; index <= 5; index += 1) await mailer.send(message(index));
    expect((await listOutbox(db, { limit: 2 })).map((entry) => entry.subject)).toEqual(['Message 5', 'Message 4']);
    expect(await listOutbox(db, { limit: 200 })).toHaveLength(5);
    for (const limit of [0, 201, 1.5, Number.NaN]) await expect(listOutbox(db, { limit })).rejects.toThrow(RangeError);
  });

  it('keeps only the newest `keep` messages', async () => {
    await db.deleteFrom('latch_mail_outbox').execute();
    const mailer = createOutboxMailer(db, { keep: 3 });
    for (let index = 1; index <= 7; index += 1) await mailer.send(message(index));
    expect((await listOutbox(db)).map((entry) => entry.subject)).toEqual(['Message 7', 'Message 6', 'Message 5']);
  });

  it('stores concurrent sends without losing any', async () => {
    await db.deleteFrom('latch_mail_outbox').execute();
    const mailer = createOutboxMailer(db);
    await Promise.all(Array.from({ length: 10 }, (_, index) => mailer.send(message(index))));
    expect(await listOutbox(db)).toHaveLength(10);
  });

  it('refuses a message that is not for one address, and stores nothing', async () => {
    await db.deleteFrom('latch_mail_outbox').execute();
    const mailer = createOutboxMailer(db);
    await expect(mailer.send({ ...message(1), to: 'a@example.com,b@example.com' })).rejects.toThrow(TypeError);
    expect(await listOutbox(db)).toEqual([]);
    expect(() => createOutboxMailer(db, { keep: 0 })).toThrow(TypeError);
  });
});
