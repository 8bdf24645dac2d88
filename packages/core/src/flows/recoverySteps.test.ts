import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog, type AuditLog } from '../audit/createAuditLog.ts';
import { LatchError } from '../errors.ts';
import { createOutboxMailer, listOutbox } from '../mail/createOutboxMailer.ts';
import { createEmailRenderer } from '../mail/renderEmail.ts';
import { createAccountSessions } from '../oidc/revokeAccountSessions.ts';
import { passwordPolicyDefaults } from '../passwords/passwordPolicyDefaults.ts';
import { createRateLimiter } from '../rateLimit/createRateLimiter.ts';
import { createDatabase, type CoreDatabase } from '../storage/createDatabase.ts';
import { TEST_ARGON2 } from '../testing/startTestCore.ts';
import { createPasswordHasher } from '../users/passwordHasher.ts';
import { createUserRepository } from '../users/userRepository.ts';
import { pino } from 'pino';
import { createFlowEngine, FlowValidationError, type FlowCompletion, type FlowEngine } from './createFlowEngine.ts';
import type { Flow, FlowSubmission } from './flowTypes.ts';
import type { StepDependencies } from './stepDefinition.ts';
import { recoveryLimits } from './recoverySteps.ts';

const OLD_PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'purple elephant tango sunrise';
const CODE_TTL = 300;

let db: CoreDatabase;
let engine: FlowEngine;
let mfaEngine: FlowEngine;
const enrolled = new Set<string>();
let audit: AuditLog;
let clock: number;
let completions: FlowCompletion[];
let context: { ip: string; userAgent: string };
let counter = 0;
const users = () => createUserRepository(db);
const hasher = createPasswordHasher(TEST_ARGON2);

beforeAll(async () => {
  db = await createDatabase({ dataDir: 'memory://' });
  audit = createAuditLog(db, { logger: pino({ level: 'silent' }) });
  engine = createFlowEngine(engineOptions());
  // A stand-in second factor: the TOTP code is 654321 and one recovery code is left. The real checks are the MFA service's own tests.
  mfaEngine = createFlowEngine(
    engineOptions({
      isEnrolled: async (userId) => enrolled.has(userId),
      checkTotp: async ({ code }) => (code === '654321' ? { ok: true } : { ok: false, reason: 'invalid' }),
      useRecoveryCode: async ({ code }) => (code === 'k7m2p-x9cqe' ? { ok: true } : { ok: false, reason: 'invalid' }),
    }),
  );
});

function engineOptions(mfa?: StepDependencies['mfa']): Parameters<typeof createFlowEngine>[0] {
  const now = () => new Date(clock);
  return {
    db,
    ttlSeconds: 900,
    now,
    audit,
    deps: {
      users: users(),
      hasher,
      rateLimiter: createRateLimiter(db, now),
      passwordPolicy: passwordPolicyDefaults,
      sessions: createAccountSessions(db),
      ...(mfa ? { mfa } : {}),
      email: {
        mailer: createOutboxMailer(db, { now }),
        mail: createEmailRenderer(),
        secret: 'test-secret-0123456789abcdef0123456789',
        requireVerificationAtSignUp: true,
        codeTtlSeconds: CODE_TTL,
        maxAttempts: 5,
        links: () => ({
          verifyEmail: 'https://app.example/auth/verify-email',
          signInLink: 'https://app.example/auth/sign-in-link',
          signIn: 'https://app.example/sign-in',
          passwordReset: 'https://app.example/reset-password',
          recoveryLink: 'https://app.example/auth/reset-password',
        }),
        now,
      },
    },
    completeInteraction: async (completion) => {
      completions.push(completion);
      return 'https://op.example/resume';
    },
  };
}

afterAll(async () => {
  await db?.destroy();
});

beforeEach(() => {
  clock = Date.parse('2031-01-01T00:00:00Z') + counter * 7_200_000;
  completions = [];
  counter += 1;
  context = { ip: `198.51.100.${counter}`, userAgent: 'vitest' };
});

const uniqueEmail = () => `reset${counter}.${Math.random().toString(36).slice(2)}@example.com`;
const submit = (flow: Flow, submission: FlowSubmission) => engine.submit({ id: flow.id, submission, context });

async function refusal(promise: Promise<unknown>): Promise<LatchError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(LatchError);
  return error as LatchError;
}

async function mailsTo(to: string) {
  return (await listOutbox(db, { limit: 200 })).filter((message) => message.to === to);
}

async function newestCode(to: string) {
  const [mail] = await mailsTo(to);
  const code = /\b(\d{6})\b/u.exec(mail?.text ?? '')?.[1];
  const link = /(https:\/\/app\.example\/auth\/reset-password\?\S+)/u.exec(mail?.text ?? '')?.[1];
  return { mail, code: code ?? '', token: link ? (new URL(link).searchParams.get('token') ?? '') : '' };
}

async function createUser(email: string) {
  const user = await users().create({ email, passwordHash: await hasher.hash(OLD_PASSWORD), emailVerified: true });
  return user!;
}

/** Provider records as oidc-provider stores them: a login session, a grant and a refresh token of the account, and someone else's. */
async function seedProviderRecords(accountId: string) {
  const rows = [
    { id: `s-${accountId}`, type: 'Session', payload: { accountId, uid: 'u1' } },
    { id: `g-${accountId}`, type: 'Grant', payload: { accountId, clientId: 'app' } },
    { id: `r-${accountId}`, type: 'RefreshToken', payload: { accountId, grantId: `g-${accountId}` } },
    { id: `s-other-${accountId}`, type: 'Session', payload: { accountId: 'someone-else' } },
  ];
  for (const row of rows) {
    await db
      .insertInto('latch_oidc_payloads')
      .values({ id: row.id, type: row.type, payload: JSON.stringify(row.payload), grant_id: null, user_code: null, uid: null, expires_at: null })
      .execute();
  }
}

async function providerRecordsOf(accountId: string) {
  const rows = await db.selectFrom('latch_oidc_payloads').select(['id', 'payload']).execute();
  return rows.filter((row) => (row.payload as { accountId?: string }).accountId === accountId).map((row) => row.id);
}

async function request(email: string) {
  const flow = await engine.create({ type: 'recovery', interactionUid: 'i-reset', clientId: 'app' });
  return (await submit(flow, { step: 'recovery-identifier', action: 'submit', values: { email } })).flow;
}

describe('account recovery', () => {
  it('mails a reset code, takes a new password, ends every provider session and notifies the owner', async () => {
    const email = uniqueEmail();
    const user = await createUser(email);
    await seedProviderRecords(user.id);

    const start = await engine.create({ type: 'recovery', interactionUid: 'i-reset', clientId: 'app' });
    expect(start.step).toMatchObject({ name: 'recovery-identifier', fields: [{ name: 'email', type: 'email' }], actions: [{ name: 'submit', kind: 'primary' }] });
    const { flow } = await submit(start, { step: 'recovery-identifier', action: 'submit', values: { email: ` ${email.toUpperCase()} ` } });
    expect(flow.step?.name).toBe('recovery-email-code');
    expect(flow.step?.actions.map((action) => action.name)).toEqual(['submit', 'resend', 'back']);

    const { mail, code, token } = await newestCode(email);
    expect(mail?.subject).toBe('Reset your Latch password');
    expect(code).toMatch(/^\d{6}$/u);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/u);

    const { flow: choose } = await submit(flow, { step: 'recovery-email-code', action: 'submit', values: { code } });
    expect(choose.step?.name).toBe('new-password');
    expect(choose.step?.fields.find((field) => field.name === 'password')).toMatchObject({ type: 'new-password', autocomplete: 'new-password', constraints: { minLength: 15 } });

    const done = await submit(choose, { step: 'new-password', action: 'submit', values: { password: NEW_PASSWORD } });
    expect(done.flow.state).toBe('complete');
    expect(done.redirectTo).toBe('https://op.example/resume');
    expect(completions).toEqual([{ accountId: user.id, amr: ['otp'], interactionUid: 'i-reset' }]);

    const stored = await users().findById(user.id);
    await expect(hasher.verify(stored!.passwordHash, NEW_PASSWORD)).resolves.toBe(true);
    await expect(hasher.verify(stored!.passwordHash, OLD_PASSWORD)).resolves.toBe(false);
    expect(await providerRecordsOf(user.id)).toEqual([]);
    expect(await providerRecordsOf('someone-else')).not.toEqual([]);

    const [notice] = await mailsTo(email);
    expect(notice?.subject).toBe('Your Latch password was changed');
    expect(notice?.text).toContain('https://app.example/reset-password');

    const events = await audit.list({ userId: user.id });
    expect(events.events.map((event) => event.type)).toEqual(['recovery.completed', 'recovery.requested']);
  });

  it('accepts the emailed link instead of the code', async () => {
    const email = uniqueEmail();
    await createUser(email);
    const flow = await request(email);
    const { token } = await newestCode(email);
    const { flow: next } = await submit(flow, { step: 'recovery-email-code', action: 'link', values: { token } });
    expect(next.step?.name).toBe('new-password');
  });

  it('answers an unknown address exactly like a known one and sends nothing', async () => {
    const known = uniqueEmail();
    await createUser(known);
    const unknown = uniqueEmail();
    const before = (await listOutbox(db, { limit: 200 })).length;

    const forKnown = await request(known);
    const forUnknown = await request(unknown);
    const shape = (flow: Flow) => ({ ...flow, id: undefined, expiresAt: undefined, step: { ...flow.step, fields: flow.step?.fields.map((field) => ({ ...field, value: undefined })) } });
    expect(shape(forUnknown)).toEqual(shape(forKnown));
    expect(await mailsTo(unknown)).toEqual([]);
    expect((await listOutbox(db, { limit: 200 })).length).toBe(before + 1);

    // Any code is refused the same way a wrong one is.
    const error = await refusal(submit(forUnknown, { step: 'recovery-email-code', action: 'submit', values: { code: '123456' } }));
    expect(error).toMatchObject({ status: 422, code: 'invalid_code' });
    const resent = await submit(forUnknown, { step: 'recovery-email-code', action: 'resend', values: {} });
    expect(resent.flow.messages.map((message) => message.code)).toEqual(['code_sent']);
    expect(await mailsTo(unknown)).toEqual([]);
  });

  it('refuses a wrong code, then burns it after too many wrong answers', async () => {
    const email = uniqueEmail();
    await createUser(email);
    const flow = await request(email);
    const { code } = await newestCode(email);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect(await refusal(submit(flow, { step: 'recovery-email-code', action: 'submit', values: { code: wrong } }))).toMatchObject({ code: 'invalid_code' });
    }
    expect((await refusal(submit(flow, { step: 'recovery-email-code', action: 'submit', values: { code } }))).code).toBe('too_many_attempts');
  });

  it('refuses an expired code', async () => {
    const email = uniqueEmail();
    await createUser(email);
    const flow = await request(email);
    const { code } = await newestCode(email);
    clock += CODE_TTL * 1000;
    expect((await refusal(submit(flow, { step: 'recovery-email-code', action: 'submit', values: { code } }))).code).toBe('code_expired');
  });

  it('does not take a used code again', async () => {
    const email = uniqueEmail();
    await createUser(email);
    const flow = await request(email);
    const { code } = await newestCode(email);
    await submit(flow, { step: 'recovery-email-code', action: 'submit', values: { code } });
    // The flow has moved on: the code step cannot be answered a second time.
    expect(await refusal(submit(flow, { step: 'recovery-email-code', action: 'submit', values: { code } }))).toMatchObject({ status: 409, code: 'step_mismatch' });
    // A new flow holds a new challenge; the old code means nothing there.
    const second = await request(email);
    const { code: fresh } = await newestCode(email);
    if (fresh !== code) expect((await refusal(submit(second, { step: 'recovery-email-code', action: 'submit', values: { code } }))).code).toBe('invalid_code');
  });

  it('refuses a weak new password with the sign-up policy and keeps the old one', async () => {
    const email = uniqueEmail();
    const user = await createUser(email);
    const flow = await request(email);
    const { code } = await newestCode(email);
    const { flow: choose } = await submit(flow, { step: 'recovery-email-code', action: 'submit', values: { code } });
    for (const [password, expected] of [
      ['short', 'password_too_short'],
      ['iloveyouforever', 'password_too_common'],
      [email, 'password_contains_email'],
    ] as const) {
      const error = await refusal(submit(choose, { step: 'new-password', action: 'submit', values: { password } }));
      expect(error).toBeInstanceOf(FlowValidationError);
      expect(error.code).toBe(expected);
    }
    const stored = await users().findById(user.id);
    await expect(hasher.verify(stored!.passwordHash, OLD_PASSWORD)).resolves.toBe(true);
    expect(completions).toEqual([]);
  });

  it('asks for the second factor, or a recovery code, before the new password when TOTP is enrolled', async () => {
    const email = uniqueEmail();
    const user = await createUser(email);
    enrolled.add(user.id);
    const run = (flow: Flow, submission: FlowSubmission) => mfaEngine.submit({ id: flow.id, submission, context });
    const start = await mfaEngine.create({ type: 'recovery', interactionUid: 'i-mfa', clientId: 'app' });
    const { flow } = await run(start, { step: 'recovery-identifier', action: 'submit', values: { email } });
    const { code } = await newestCode(email);
    const { flow: totp } = await run(flow, { step: 'recovery-email-code', action: 'submit', values: { code } });
    expect(totp.step?.name).toBe('totp');
    // No way around it: the new-password step cannot be answered yet.
    expect(await refusal(run(flow, { step: 'new-password', action: 'submit', values: { password: NEW_PASSWORD } }))).toMatchObject({ code: 'step_mismatch' });
    expect(await refusal(run(flow, { step: 'totp', action: 'submit', values: { code: '000000' } }))).toMatchObject({ status: 422 });

    const { flow: backup } = await run(flow, { step: 'totp', action: 'use-recovery-code', values: {} });
    expect(backup.step?.name).toBe('recovery-code');
    const { flow: choose } = await run(flow, { step: 'recovery-code', action: 'submit', values: { recovery_code: 'k7m2p-x9cqe' } });
    expect(choose.step?.name).toBe('new-password');
    const done = await run(flow, { step: 'new-password', action: 'submit', values: { password: NEW_PASSWORD } });
    expect(done.flow.state).toBe('complete');
    expect(completions).toEqual([{ accountId: user.id, amr: ['otp', 'mfa'], interactionUid: 'i-mfa' }]);

    // Through the TOTP code itself, too.
    const again = await mfaEngine.create({ type: 'recovery', interactionUid: 'i-mfa-2', clientId: 'app' });
    context = { ip: `198.51.100.${counter + 100}`, userAgent: 'vitest' };
    await run(again, { step: 'recovery-identifier', action: 'submit', values: { email } });
    const { code: second } = await newestCode(email);
    await run(again, { step: 'recovery-email-code', action: 'submit', values: { code: second } });
    const { flow: next } = await run(again, { step: 'totp', action: 'submit', values: { code: '654321' } });
    expect(next.step?.name).toBe('new-password');
  });

  it('limits recovery requests per address', async () => {
    const email = uniqueEmail();
    await createUser(email);
    for (let attempt = 0; attempt < recoveryLimits.requestsPerAddress.points; attempt += 1) {
      context = { ip: `198.51.${counter}.${attempt}`, userAgent: 'vitest' };
      await request(email);
    }
    context = { ip: `198.51.${counter}.200`, userAgent: 'vitest' };
    expect(await refusal(request(email))).toMatchObject({ status: 429, code: 'rate_limited' });
  });
});
