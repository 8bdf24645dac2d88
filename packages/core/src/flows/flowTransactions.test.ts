import { Secret, TOTP } from 'otpauth';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog } from '../audit/createAuditLog.ts';
import { LatchError } from '../errors.ts';
import { listOutbox } from '../mail/createOutboxMailer.ts';
import { createMailQueue } from '../mail/createMailQueue.ts';
import type { Mailer } from '../mail/mailer.ts';
import { createEmailRenderer } from '../mail/renderEmail.ts';
import { createMfaService, type MfaService } from '../mfa/createMfaService.ts';
import { createMfaRepository } from '../mfa/mfaRepository.ts';
import { createTotpSecretBox } from '../mfa/totpSecretBox.ts';
import { createAccountSessions } from '../oidc/revokeAccountSessions.ts';
import { passwordPolicyDefaults } from '../passwords/passwordPolicyDefaults.ts';
import { createRateLimiter } from '../rateLimit/createRateLimiter.ts';
import type { CoreDatabase } from '../storage/createDatabase.ts';
import { TEST_ARGON2 } from '../testing/startTestCore.ts';
import { testDatabases, type OpenedTestDatabase } from '../testing/testDatabases.ts';
import { createPasswordHasher } from '../users/passwordHasher.ts';
import { createUserRepository } from '../users/userRepository.ts';
import { createFlowEngine, FlowStepFailedError, type FlowCompletion, type FlowEngine } from './createFlowEngine.ts';
import type { Flow, FlowSubmission } from './flowTypes.ts';

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'purple elephant tango sunrise';
const hasher = createPasswordHasher(TEST_ARGON2);
const silent = pino({ level: 'silent' });

/**
 * Every submission is one transaction: when a step fails after it has
 * written something, nothing of it remains and the caller gets a clean,
 * typed error (503 `flow_step_failed`) it can retry.
 */
describe.each(testDatabases)('flow submissions are atomic on %s', (_name, open) => {
  let opened: OpenedTestDatabase;
  let db: CoreDatabase;
  let mfa: MfaService;
  let engine: FlowEngine;
  /** Set by a test to make the next completion (OIDC login) fail. */
  let failCompletion: Error | undefined;
  /** Set by a test to make the next email fail to be queued. */
  let failMail: Error | undefined;
  let completions: FlowCompletion[];
  let context: { ip: string; userAgent: string };
  let counter = 0;

  beforeAll(async () => {
    opened = await open();
    db = opened.db;
    const users = createUserRepository(db);
    const rateLimiter = createRateLimiter(db);
    const audit = createAuditLog(db, { logger: silent });
    mfa = createMfaService({
      repository: createMfaRepository(db, { secretBox: createTotpSecretBox('k'.repeat(43)), recoveryKey: 'r'.repeat(43) }),
      users,
      rateLimiter,
      audit,
      issuer: 'Latch',
    });
    const queue = createMailQueue({ db, logger: silent });
    const mailer: Mailer = {
      async send(message) {
        await queue.mailer.send(message);
        // After the message was queued: the failure must take the queued row with it.
        if (failMail) throw failMail;
      },
    };
    engine = createFlowEngine({
      db,
      ttlSeconds: 900,
      audit,
      deps: {
        users,
        hasher,
        rateLimiter,
        passwordPolicy: passwordPolicyDefaults,
        sessions: createAccountSessions(db),
        mfa,
        email: {
          mailer,
          mail: createEmailRenderer(),
          secret: 'test-secret-0123456789abcdef0123456789',
          requireVerificationAtSignUp: true,
          codeTtlSeconds: 600,
          maxAttempts: 5,
          links: () => ({
            verifyEmail: 'https://app.example/auth/verify-email',
            signInLink: 'https://app.example/auth/sign-in-link',
            signIn: 'https://app.example/sign-in',
            passwordReset: 'https://app.example/reset-password',
            recoveryLink: 'https://app.example/auth/reset-password',
          }),
          now: () => new Date(),
        },
      },
      async completeInteraction(completion) {
        // The OIDC login is saved last, after every other write of the step.
        if (failCompletion) throw failCompletion;
        completions.push(completion);
        return 'https://op.example/resume';
      },
    });
  });
  afterAll(async () => {
    await opened?.close();
  });
  beforeEach(() => {
    counter += 1;
    failCompletion = undefined;
    failMail = undefined;
    completions = [];
    context = { ip: `203.0.113.${counter}`, userAgent: 'vitest' };
  });

  const uniqueEmail = () => `atomic${counter}.${Math.random().toString(36).slice(2)}@example.com`;
  const submit = (flow: Flow, submission: FlowSubmission) => engine.submit({ id: flow.id, submission, context });
  const flowRow = (id: string) => db.selectFrom('latch_flows').select(['state', 'completed_at']).where('id', '=', id).executeTakeFirstOrThrow();
  const userByEmail = (email: string) => db.selectFrom('latch_users').selectAll().where('email', '=', email).executeTakeFirst();

  async function failure(promise: Promise<unknown>): Promise<LatchError> {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(LatchError);
    return error as LatchError;
  }

  async function mailedCode(to: string): Promise<string> {
    const mail = (await listOutbox(db, { limit: 200 })).find((message) => message.to === to);
    const code = /\b(\d{6})\b/u.exec(mail?.text ?? '')?.[1];
    if (!code) throw new Error(`no code mailed to ${to}`);
    return code;
  }

  async function createUser(email: string) {
    const user = await createUserRepository(db).create({ email, passwordHash: await hasher.hash(PASSWORD), emailVerified: true });
    if (!user) throw new Error('user not created');
    return user;
  }

  async function enrollTotp(userId: string): Promise<{ secret: string; recoveryCodes: string[] }> {
    const started = await mfa.startTotpEnrollment({ userId, context });
    const code = TOTP.generate({ secret: Secret.fromBase32(started.secret), timestamp: Date.now() - 30_000 });
    const { recoveryCodes } = await mfa.confirmTotpEnrollment({ userId, enrollmentId: started.enrollmentId, code, context });
    return { secret: started.secret, recoveryCodes };
  }

  async function signInToSecondFactor(email: string): Promise<Flow> {
    const flow = await engine.create({ type: 'sign-in', interactionUid: `int-${counter}` });
    const { flow: password } = await submit(flow, { step: 'identifier', action: 'submit', values: { email } });
    const { flow: totp } = await submit(password, { step: 'password', action: 'submit', values: { password: PASSWORD } });
    expect(totp.step?.name).toBe('totp');
    return totp;
  }

  it('sign-up: the account created by the confirmed code is gone when the login cannot be completed', async () => {
    const email = uniqueEmail();
    const flow = await engine.create({ type: 'sign-up', interactionUid: `int-${counter}` });
    const { flow: verify } = await submit(flow, { step: 'credentials', action: 'submit', values: { email, password: PASSWORD } });
    const before = await flowRow(flow.id);

    failCompletion = new Error('connection reset while saving the interaction');
    const error = await failure(submit(verify, { step: 'verify-email', action: 'submit', values: { code: await mailedCode(email) } }));
    expect(error).toBeInstanceOf(FlowStepFailedError);
    expect(error).toMatchObject({ status: 503, code: 'flow_step_failed', expose: true });
    expect(error.message).not.toMatch(/connection reset/u);
    expect(await userByEmail(email)).toBeUndefined();
    expect(await flowRow(flow.id)).toEqual(before);

    // Nothing was half-done, so the same code simply works once the problem is gone.
    failCompletion = undefined;
    const { flow: done, redirectTo } = await submit(verify, { step: 'verify-email', action: 'submit', values: { code: await mailedCode(email) } });
    expect(done.state).toBe('complete');
    expect(redirectTo).toBe('https://op.example/resume');
    expect((await userByEmail(email))?.email_verified_at).not.toBeNull();
  });

  it('sign-up: a failure after the email was queued leaves neither the email nor a new flow state', async () => {
    const email = uniqueEmail();
    const flow = await engine.create({ type: 'sign-up', interactionUid: `int-${counter}` });
    failMail = new Error('disk full');
    const error = await failure(submit(flow, { step: 'credentials', action: 'submit', values: { email, password: PASSWORD } }));
    expect(error.code).toBe('flow_step_failed');
    expect((await listOutbox(db, { limit: 200 })).filter((message) => message.to === email)).toEqual([]);
    expect((await flowRow(flow.id)).state).toMatchObject({ step: 'credentials' });
    expect(await userByEmail(email)).toBeUndefined();
  });

  it('recovery: the new password, the revoked sessions and the notice all stay undone when the notice cannot be queued', async () => {
    const email = uniqueEmail();
    const user = await createUser(email);
    const oldHash = (await userByEmail(email))?.password_hash;
    // A provider session of the account, which a completed reset would end.
    await db
      .insertInto('latch_oidc_payloads')
      .values({ id: `sess-${counter}`, type: 'Session', payload: JSON.stringify({ accountId: user.id }), grant_id: null, user_code: null, uid: null, expires_at: new Date(Date.now() + 3600_000), consumed_at: null })
      .execute();
    const flow = await engine.create({ type: 'recovery', interactionUid: `int-${counter}` });
    const { flow: code } = await submit(flow, { step: 'recovery-identifier', action: 'submit', values: { email } });
    const { flow: newPassword } = await submit(code, { step: 'recovery-email-code', action: 'submit', values: { code: await mailedCode(email) } });
    expect(newPassword.step?.name).toBe('new-password');
    const mailsBefore = (await listOutbox(db, { limit: 200 })).filter((message) => message.to === email).length;

    failMail = new Error('smtp queue table is locked');
    const error = await failure(submit(newPassword, { step: 'new-password', action: 'submit', values: { password: NEW_PASSWORD } }));
    expect(error).toMatchObject({ status: 503, code: 'flow_step_failed' });
    expect((await userByEmail(email))?.password_hash).toBe(oldHash);
    expect(await db.selectFrom('latch_oidc_payloads').select('id').where('id', '=', `sess-${counter}`).executeTakeFirst()).toBeDefined();
    expect((await listOutbox(db, { limit: 200 })).filter((message) => message.to === email)).toHaveLength(mailsBefore);
    expect(await flowRow(flow.id)).toMatchObject({ completed_at: null, state: { step: 'new-password' } });

    failMail = undefined;
    const { flow: done } = await submit(newPassword, { step: 'new-password', action: 'submit', values: { password: NEW_PASSWORD } });
    expect(done.state).toBe('complete');
    expect((await userByEmail(email))?.password_hash).not.toBe(oldHash);
    expect(await db.selectFrom('latch_oidc_payloads').select('id').where('id', '=', `sess-${counter}`).executeTakeFirst()).toBeUndefined();
    const subjects = (await listOutbox(db, { limit: 200 })).filter((message) => message.to === email).map((message) => message.subject);
    expect(subjects[0]).toMatch(/password was changed/iu);
  });

  it('TOTP: a code whose sign-in failed to complete is not spent, and is still refused as a replay once it succeeds', async () => {
    const email = uniqueEmail();
    const user = await createUser(email);
    const { secret } = await enrollTotp(user.id);
    const totp = await signInToSecondFactor(email);
    const stepBefore = (await db.selectFrom('latch_mfa_factors').select('last_used_step').where('user_id', '=', user.id).executeTakeFirstOrThrow()).last_used_step;
    const code = TOTP.generate({ secret: Secret.fromBase32(secret) });

    failCompletion = new Error('interaction store unavailable');
    expect((await failure(submit(totp, { step: 'totp', action: 'submit', values: { code } }))).code).toBe('flow_step_failed');
    expect((await db.selectFrom('latch_mfa_factors').select('last_used_step').where('user_id', '=', user.id).executeTakeFirstOrThrow()).last_used_step).toBe(stepBefore);
    expect((await flowRow(totp.id)).completed_at).toBeNull();

    failCompletion = undefined;
    const { flow: done } = await submit(totp, { step: 'totp', action: 'submit', values: { code } });
    expect(done.state).toBe('complete');
    expect(completions).toEqual([expect.objectContaining({ accountId: user.id, amr: ['pwd', 'otp', 'mfa'] })]);

    const again = await signInToSecondFactor(email);
    const replay = await failure(submit(again, { step: 'totp', action: 'submit', values: { code } }));
    expect(replay.code).toBe('totp_code_used');
  });

  it('recovery code: a code whose sign-in failed to complete stays unused, then works exactly once', async () => {
    const email = uniqueEmail();
    const user = await createUser(email);
    const { recoveryCodes } = await enrollTotp(user.id);
    const code = recoveryCodes[0] ?? '';
    const remaining = async () => (await mfa.status(user.id)).recoveryCodes.remaining;
    const before = await remaining();
    const totp = await signInToSecondFactor(email);
    const { flow: recovery } = await submit(totp, { step: 'totp', action: 'use-recovery-code', values: {} });

    failCompletion = new Error('interaction store unavailable');
    expect((await failure(submit(recovery, { step: 'recovery-code', action: 'submit', values: { recovery_code: code } }))).code).toBe('flow_step_failed');
    expect(await remaining()).toBe(before);

    failCompletion = undefined;
    expect((await submit(recovery, { step: 'recovery-code', action: 'submit', values: { recovery_code: code } })).flow.state).toBe('complete');
    expect(await remaining()).toBe(before - 1);

    const again = await signInToSecondFactor(email);
    const { flow: second } = await submit(again, { step: 'totp', action: 'use-recovery-code', values: {} });
    expect((await failure(submit(second, { step: 'recovery-code', action: 'submit', values: { recovery_code: code } }))).code).toBe('invalid_recovery_code');
  });

  it('keeps what a refusal must keep: failed attempts still count', async () => {
    const email = uniqueEmail();
    const user = await createUser(email);
    await enrollTotp(user.id);
    const totp = await signInToSecondFactor(email);
    const error = await failure(submit(totp, { step: 'totp', action: 'submit', values: { code: '000000' } }));
    expect(error.status).toBe(422);
    const counted = await db.selectFrom('latch_rate_limits').select('points').where('key', 'like', `%${user.id}%`).execute();
    expect(counted.length).toBeGreaterThan(0);
  });
});
