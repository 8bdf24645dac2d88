import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flow } from '@latch/core';
import { listOutbox } from '../mail/createOutboxMailer.ts';
import { testCores, TEST_ARGON2, type TestCore } from '../testing/startTestCore.ts';
import { createPasswordHasher } from '../users/passwordHasher.ts';
import { revokeProviderRecords } from './revokeProviderRecords.ts';

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'a brand new and long passphrase';

describe.each(testCores)('self-service account API on %s', (_name, start) => {
  let t: TestCore;
  let close: (() => Promise<void>) | undefined;
  let counter = 0;

  beforeAll(async () => {
    ({ t, close } = await start());
  });
  afterAll(async () => {
    await close?.();
  });

  const address = (label: string) => `account-${label}-${++counter}-${Date.now()}@example.com`;

  async function newUser(label = 'user'): Promise<{ id: string; email: string }> {
    const email = address(label);
    const user = await t.core.users.create({ email, passwordHash: await createPasswordHasher(TEST_ARGON2).hash(PASSWORD) });
    return { id: user!.id, email };
  }

  async function mailTo(to: string) {
    const mail = (await listOutbox(t.core.db, { limit: 200 })).find((message) => message.to === to);
    return mail && { ...mail, code: /\b(\d{6})\b/u.exec(mail.text)?.[1], token: /[?&]token=([A-Za-z0-9_-]+)/u.exec(mail.text)?.[1] };
  }

  async function signIn(email: string, password: string) {
    const interaction = await t.startInteraction();
    const flow = (await t.api('POST', '/flows', { json: { type: 'sign-in', interaction: interaction.uid } })).body as Flow;
    await t.api('POST', `/flows/${flow.id}/submit`, { json: { step: 'identifier', action: 'submit', values: { email } } });
    const answered = await t.api('POST', `/flows/${flow.id}/submit`, { json: { step: 'password', action: 'submit', values: { password } } });
    return { interaction, answered };
  }

  it('summarises the account and refuses unknown users and unauthenticated callers', async () => {
    const user = await newUser();
    const summary = await t.api('GET', `/users/${user.id}/account`);
    expect(summary.body).toMatchObject({ id: user.id, email: user.email, emailVerified: false, hasPassword: true, pendingEmail: null });
    expect((await t.api('GET', '/users/nobody/account')).status).toBe(404);
    expect((await t.api('GET', `/users/${user.id}/account`, { authorization: null })).status).toBe(401);
    expect((await t.api('GET', `/users/${user.id}/account`, { authorization: t.authorization })).status).toBe(401);
    // Another user's token never reaches this account.
    const other = await newUser();
    expect((await t.api('GET', `/users/${user.id}/account`, { authorization: await t.accessTokenFor(other.id) })).status).toBe(403);
  });

  it('changes the address with the code mailed to the new one and tells the old one', async () => {
    const user = await newUser();
    const next = address('next');
    const requested = await t.api('POST', `/users/${user.id}/email-change`, { json: { email: next.toUpperCase() } });
    expect(requested.status).toBe(202);
    expect(requested.body).toMatchObject({ pendingEmail: next });
    const mail = await mailTo(next);
    expect(mail?.subject).toBe('Confirm your new email address for Latch');
    expect(mail?.text).toContain('/auth/account/email/confirm?token=');
    expect((await t.api('GET', `/users/${user.id}/account`)).body).toMatchObject({ email: user.email, pendingEmail: { email: next } });

    const wrong = await t.api('POST', `/users/${user.id}/email-change/confirm`, { json: { code: mail!.code === '000000' ? '111111' : '000000' } });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({ error: { code: 'invalid_code' } });
    const confirmed = await t.api('POST', `/users/${user.id}/email-change/confirm`, { json: { code: mail!.code } });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toEqual({ email: next });
    expect((await t.api('GET', `/users/${user.id}/account`)).body).toMatchObject({ email: next, emailVerified: true, pendingEmail: null });
    const notice = await mailTo(user.email);
    expect(notice?.subject).toBe('The email address of your Latch account was changed');
    expect(notice?.text).not.toContain(next);
    // Used once: nothing is pending any more.
    expect((await t.api('POST', `/users/${user.id}/email-change/confirm`, { json: { code: mail!.code } })).body).toMatchObject({ error: { code: 'email_change_not_found' } });
    const events = await t.core.audit.list({ userId: user.id });
    expect(events.events.map((event) => event.type)).toEqual(expect.arrayContaining(['email_change.requested', 'email_change.failed', 'email_change.completed']));
  });

  it('confirms by the link token too, and refuses an expired code', async () => {
    const user = await newUser();
    const next = address('link');
    await t.api('POST', `/users/${user.id}/email-change`, { json: { email: next } });
    const { token } = (await mailTo(next))!;
    expect((await t.api('POST', `/users/${user.id}/email-change/confirm`, { json: { token } })).body).toEqual({ email: next });

    const other = await newUser();
    const late = address('late');
    await t.api('POST', `/users/${other.id}/email-change`, { json: { email: late } });
    const row = await t.core.db.selectFrom('latch_email_changes').select('challenge').where('user_id', '=', other.id).executeTakeFirstOrThrow();
    const expired = { ...row.challenge, expiresAt: new Date(Date.now() - 1000).toISOString() };
    await t.core.db.updateTable('latch_email_changes').set({ challenge: JSON.stringify(expired) }).where('user_id', '=', other.id).execute();
    const refused = await t.api('POST', `/users/${other.id}/email-change/confirm`, { json: { code: (await mailTo(late))!.code } });
    expect(refused.status).toBe(410);
    expect(refused.body).toMatchObject({ error: { code: 'code_expired' } });
  });

  it('answers a taken address exactly like a free one and mails its owner instead; no code can take it', async () => {
    const owner = await newUser('owner');
    const user = await newUser();
    const answer = await t.api('POST', `/users/${user.id}/email-change`, { json: { email: owner.email } });
    expect(answer.status).toBe(202);
    expect(Object.keys(answer.body as object).sort()).toEqual(['expiresAt', 'pendingEmail']);
    const notice = await mailTo(owner.email);
    expect(notice?.subject).toBe('Someone tried to use this address at Latch');
    expect(notice?.code).toBeUndefined();
    for (const code of ['000000', '123456', '999999']) {
      expect((await t.api('POST', `/users/${user.id}/email-change/confirm`, { json: { code } })).body).toMatchObject({ error: { code: 'invalid_code' } });
    }
    expect((await t.api('GET', `/users/${user.id}/account`)).body).toMatchObject({ email: user.email });
  });

  it('refuses bad input with stable codes and burns a code after too many wrong answers', async () => {
    const user = await newUser();
    expect((await t.api('POST', `/users/${user.id}/email-change`, { json: { email: 'not-an-address' } })).body).toMatchObject({ error: { code: 'invalid_email' } });
    expect((await t.api('POST', `/users/${user.id}/email-change`, { json: { email: user.email } })).body).toMatchObject({ error: { code: 'email_unchanged' } });
    expect((await t.api('POST', `/users/${user.id}/email-change`, { json: { email: 'a@b.example', extra: 1 } })).body).toMatchObject({ error: { code: 'invalid_request' } });
    expect((await t.api('POST', `/users/${user.id}/email-change`, { body: 'email=x', headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    await t.api('POST', `/users/${user.id}/email-change`, { json: { email: address('burn') } });
    for (let attempt = 0; attempt < 5; attempt += 1) await t.api('POST', `/users/${user.id}/email-change/confirm`, { json: { code: 'abcdef' } });
    expect((await t.api('POST', `/users/${user.id}/email-change/confirm`, { json: { code: '123456' } })).body).toMatchObject({ error: { code: 'too_many_attempts' } });
  });

  it('changes the password: the current one must be right, the new one must pass the policy; mail and audit follow', async () => {
    const user = await newUser();
    const wrong = await t.api('POST', `/users/${user.id}/password`, { json: { currentPassword: 'not my password at all', newPassword: NEW_PASSWORD } });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({ error: { code: 'invalid_current_password' } });
    const short = await t.api('POST', `/users/${user.id}/password`, { json: { currentPassword: PASSWORD, newPassword: 'short' } });
    expect(short.body).toMatchObject({ error: { code: 'password_too_short' } });
    const common = await t.api('POST', `/users/${user.id}/password`, { json: { currentPassword: PASSWORD, newPassword: 'iloveyouforever' } });
    expect(common.body).toMatchObject({ error: { code: 'password_too_common' } });
    const changed = await t.api('POST', `/users/${user.id}/password`, { json: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } });
    expect(changed.status).toBe(204);
    expect((await mailTo(user.email))?.subject).toBe('Your Latch password was changed');
    expect((await signIn(user.email, PASSWORD)).answered.status).toBe(422);
    expect((await signIn(user.email, NEW_PASSWORD)).answered.body).toMatchObject({ state: 'complete' });
    const types = (await t.core.audit.list({ userId: user.id })).events.map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(['password_change.failed', 'password.changed']));
  });

  it('keeps the grant of the token that changed the password and ends every other one', async () => {
    const user = await newUser();
    const current = await t.accessTokenFor(user.id);
    const elsewhere = await t.accessTokenFor(user.id);
    const changed = await t.api('POST', `/users/${user.id}/password`, { json: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }, authorization: current });
    expect(changed.status).toBe(204);
    expect((await t.api('GET', `/users/${user.id}/account`, { authorization: current })).status).toBe(200);
    const refused = await t.api('GET', `/users/${user.id}/account`, { authorization: elsewhere });
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ error: { code: 'invalid_token' } });
  });

  it('rate-limits current-password guesses per account', async () => {
    const user = await newUser();
    const codes = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      codes.push(((await t.api('POST', `/users/${user.id}/password`, { json: { currentPassword: `guess ${attempt}`, newPassword: NEW_PASSWORD } })).body as { error: { code: string } }).error.code);
    }
    expect(codes.slice(0, 5)).toEqual(Array(5).fill('invalid_current_password'));
    expect(codes[5]).toBe('rate_limited');
  });

  it('revokes every provider grant of the account but the kept one', async () => {
    const user = await newUser();
    const tokens = [];
    for (let i = 0; i < 2; i += 1) {
      const { interaction, answered } = await signIn(user.email, PASSWORD);
      tokens.push((await t.finishInteraction(interaction, (answered.body as { redirectTo: string }).redirectTo)).accessToken);
    }
    const [kept, other] = await Promise.all(tokens.map((token) => t.core.provider.AccessToken.find(token)));
    expect(kept?.grantId).toBeDefined();
    expect(kept?.grantId).not.toBe(other?.grantId);
    expect(await revokeProviderRecords(t.core.db, { accountId: user.id, keepGrantId: kept!.grantId })).toBeGreaterThan(0);
    expect(await t.core.provider.AccessToken.find(tokens[0]!)).toBeDefined();
    expect(await t.core.provider.Grant.find(kept!.grantId!)).toBeDefined();
    expect(await t.core.provider.AccessToken.find(tokens[1]!)).toBeUndefined();
    expect(await t.core.provider.Grant.find(other!.grantId!)).toBeUndefined();
  });

  it('exports everything about the user, never a secret, hash or code', async () => {
    const user = await newUser();
    await t.api('POST', `/users/${user.id}/mfa/totp`);
    await t.api('POST', `/users/${user.id}/email-change`, { json: { email: address('pending') } });
    const created = await t.api('POST', `/users/${user.id}/organizations`, { json: { name: 'Export Ltd', slug: `export-${user.id.slice(-8).toLowerCase().replace(/[^a-z0-9]/gu, 'x')}` } });
    expect(created.status).toBe(201);
    const exported = await t.api('GET', `/users/${user.id}/export`);
    expect(exported.status).toBe(200);
    const body = exported.body as { userId: string; sections: Record<string, unknown> };
    expect(body.userId).toBe(user.id);
    expect(Object.keys(body.sections)).toEqual(['account', 'pendingEmailChange', 'credentials', 'auditEvents', 'profile', 'organizations', 'consentReceipts']);
    expect((body.sections.organizations as { organizations: { name: string; role: string }[] }).organizations).toEqual([expect.objectContaining({ name: 'Export Ltd', role: 'owner' })]);
    expect(body.sections.consentReceipts).toEqual({ receipts: [] });
    expect(body.sections.account).toMatchObject({ id: user.id, email: user.email, hasPassword: true });
    expect(body.sections.credentials).toEqual({ password: { set: true }, totp: [], recoveryCodes: { remaining: 0 }, passkeys: [] });
    expect((body.sections.auditEvents as { events: { type: string }[] }).events.map((event) => event.type)).toContain('email_change.requested');
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/argon2|codeDigest|tokenDigest|secret/u);
  });

  it('deletes the account: one transaction, a tombstone, erased audit addresses; export 410; the address is free again', async () => {
    const user = await newUser();
    const { interaction, answered } = await signIn(user.email, PASSWORD);
    const { accessToken } = await t.finishInteraction(interaction, (answered.body as { redirectTo: string }).redirectTo);
    await t.api('POST', `/users/${user.id}/email-change`, { json: { email: address('gone') } });
    expect((await t.core.audit.list({ userId: user.id })).events.some((event) => event.ip !== null)).toBe(true);

    const deleted = await t.api('DELETE', `/users/${user.id}`, { authorization: await t.accessTokenFor(user.id) });
    expect(deleted.status).toBe(204);
    expect(await t.core.users.findById(user.id)).toBeUndefined();
    expect(await t.core.provider.AccessToken.find(accessToken)).toBeUndefined();
    const tombstone = await t.core.db.selectFrom('latch_deleted_users').selectAll().where('id', '=', user.id).executeTakeFirst();
    expect(tombstone?.id).toBe(user.id);
    expect(await t.core.db.selectFrom('latch_email_changes').selectAll().where('user_id', '=', user.id).execute()).toEqual([]);
    const events = (await t.core.audit.list({ userId: user.id })).events;
    expect(events.map((event) => event.type)).toContain('account.deleted');
    expect(events.every((event) => event.ip === null && event.userAgent === null && event.identifierHash === null)).toBe(true);

    const exported = await t.api('GET', `/users/${user.id}/export`);
    expect(exported.status).toBe(410);
    expect(exported.body).toMatchObject({ error: { code: 'account_deleted' } });
    expect((await t.api('DELETE', `/users/${user.id}`, { authorization: await t.accessTokenFor(user.id) })).status).toBe(410);
    const again = await signIn(user.email, PASSWORD);
    expect(again.answered.status).toBe(422);
    expect(await t.core.users.create({ email: user.email, passwordHash: null })).toBeDefined();
  });

  it('rolls the whole deletion back when a registered eraser fails', async () => {
    const user = await newUser();
    const failing = `failing${counter}`;
    t.core.account.erasers.register(failing, async ({ userId }) => {
      if (userId === user.id) throw new Error('eraser failed');
    });
    expect((await t.api('DELETE', `/users/${user.id}`, { authorization: await t.accessTokenFor(user.id) })).status).toBe(500);
    expect(await t.core.users.findById(user.id)).toBeDefined();
    expect(await t.core.db.selectFrom('latch_deleted_users').selectAll().where('id', '=', user.id).executeTakeFirst()).toBeUndefined();
    expect(() => t.core.account.erasers.register(failing, async () => undefined)).toThrow(/registered already/u);
  });
});
