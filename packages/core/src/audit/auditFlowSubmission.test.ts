import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimitedError } from '../errors.ts';
import { createFlowEngine, type FlowEngine } from '../flows/createFlowEngine.ts';
import { signInLimits } from '../flows/signInSteps.ts';
import type { StepDependencies } from '../flows/stepDefinition.ts';
import { passwordPolicyDefaults } from '../passwords/passwordPolicyDefaults.ts';
import { createRateLimiter, type RateLimiter } from '../rateLimit/createRateLimiter.ts';
import type { CoreDatabase } from '../storage/createDatabase.ts';
import { TEST_ARGON2 } from '../testing/startTestCore.ts';
import { testDatabases, type TestSchema } from '../testing/testDatabases.ts';
import { createPasswordHasher } from '../users/passwordHasher.ts';
import { createUserRepository, type UserRepository } from '../users/userRepository.ts';
import { createAuditLog, type AuditLog } from './createAuditLog.ts';

const PASSWORD = 'correct horse battery staple';
const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) Audit/1.0';

describe.each(testDatabases)('flow engine audit events on %s', (_name, open) => {
  let db: CoreDatabase;
  let schema: TestSchema | undefined;
  let audit: AuditLog;
  let users: UserRepository;
  let clock: number;
  let counter = 0;
  let ip: string;
  let email: string;
  let userId: string;
  const hasher = createPasswordHasher(TEST_ARGON2);

  function engineWith(overrides: Partial<StepDependencies> = {}): FlowEngine {
    const now = () => new Date(clock);
    return createFlowEngine({
      db,
      ttlSeconds: 900,
      now,
      audit,
      deps: { users, hasher, rateLimiter: createRateLimiter(db, now), passwordPolicy: passwordPolicyDefaults, ...overrides },
      completeInteraction: async ({ interactionUid }) => `https://op.example/resume/${interactionUid}`,
    });
  }

  async function signIn(engine: FlowEngine, identifier: string, password: string) {
    const context = { ip, userAgent: USER_AGENT };
    const flow = await engine.create({ type: 'sign-in', interactionUid: 'i' });
    await engine.submit({ id: flow.id, submission: { step: 'identifier', action: 'submit', values: { email: identifier } }, context });
    const result = await engine.submit({ id: flow.id, submission: { step: 'password', action: 'submit', values: { password } }, context }).catch((error: unknown) => error);
    return { flowId: flow.id, result };
  }

  /** This test's events: everything from its end user's address. */
  async function events() {
    return (await audit.list({ limit: 500 })).events.filter((event) => event.ip === ip);
  }

  beforeAll(async () => {
    ({ db, schema } = await open());
    audit = createAuditLog(db, { logger: pino({ level: 'silent' }) });
    users = createUserRepository(db);
  });
  afterAll(async () => {
    await db?.destroy();
    await schema?.drop();
  });
  beforeEach(async () => {
    clock = Date.parse('2030-01-01T00:00:00Z');
    counter += 1;
    ip = `198.51.100.${counter}`;
    email = `audited${counter}@example.com`;
    userId = (await users.create({ email, passwordHash: await hasher.hash(PASSWORD) }))!.id;
  });

  it('records a wrong password as sign_in.failed with the account, address and user agent, and nothing secret', async () => {
    const { flowId, result } = await signIn(engineWith(), email.toUpperCase(), 'wrong password');
    expect(result).toMatchObject({ status: 422, code: 'invalid_credentials' });
    const recorded = await events();
    expect(recorded).toEqual([
      expect.objectContaining({
        type: 'sign_in.failed',
        userId,
        identifierHash: await audit.hashIdentifier(email),
        ip,
        userAgent: USER_AGENT,
        flowId,
        clientId: null,
        details: { step: 'password', reason: 'invalid_credentials' },
      }),
    ]);
    expect(JSON.stringify(recorded)).not.toMatch(/wrong password|audited/u);
  });

  it('records an unknown account as sign_in.failed with only the keyed hash of the address', async () => {
    const stranger = `nobody${counter}@example.com`;
    await signIn(engineWith(), stranger, PASSWORD);
    expect(await events()).toEqual([
      expect.objectContaining({ type: 'sign_in.failed', userId: null, identifierHash: await audit.hashIdentifier(stranger), details: { step: 'password', reason: 'invalid_credentials' } }),
    ]);
  });

  it('records a successful sign-in as sign_in.succeeded, and nothing for the steps in between', async () => {
    const { flowId, result } = await signIn(engineWith(), email, PASSWORD);
    expect(result).toMatchObject({ flow: { state: 'complete' } });
    expect(await events()).toEqual([
      expect.objectContaining({ type: 'sign_in.succeeded', userId, ip, userAgent: USER_AGENT, flowId, details: { step: 'password', amr: ['pwd'] } }),
    ]);
  });

  it('does not hash what was typed into the email field unless it looks like an address', async () => {
    const engine = engineWith();
    const flow = await engine.create({ type: 'sign-in', interactionUid: 'i' });
    await engine
      .submit({ id: flow.id, submission: { step: 'identifier', action: 'submit', values: { email: 'my secret passphrase' } }, context: { ip, userAgent: USER_AGENT } })
      .catch(() => undefined);
    expect(await events()).toEqual([expect.objectContaining({ type: 'sign_in.failed', userId: null, identifierHash: null, details: { step: 'identifier', reason: 'invalid_email' } })]);
  });

  it('records sign_up.succeeded for a new account', async () => {
    const engine = engineWith();
    const address = `new${counter}@example.com`;
    const flow = await engine.create({ type: 'sign-up', interactionUid: 'i' });
    await engine.submit({ id: flow.id, submission: { step: 'credentials', action: 'submit', values: { email: address, password: PASSWORD } }, context: { ip, userAgent: USER_AGENT } });
    const created = await users.findByEmail(address);
    expect(await events()).toEqual([expect.objectContaining({ type: 'sign_up.succeeded', userId: created!.id, identifierHash: await audit.hashIdentifier(address) })]);
  });

  it(`records account.locked once the account limit (${signInLimits.perAccount.points} failures) refuses`, async () => {
    const engine = engineWith();
    for (let attempt = 0; attempt < signInLimits.perAccount.points; attempt += 1) await signIn(engine, email, `guess ${attempt}`);
    const { result } = await signIn(engine, email, PASSWORD);
    expect(result).toMatchObject({ status: 429, code: 'rate_limited' });
    const recorded = await events();
    expect(recorded.filter((event) => event.type === 'sign_in.failed')).toHaveLength(signInLimits.perAccount.points);
    expect(recorded[0]).toMatchObject({
      type: 'account.locked',
      userId,
      ip,
      userAgent: USER_AGENT,
      details: { step: 'password', limit: 'sign-in:account', retryAfterSeconds: signInLimits.perAccount.windowSeconds },
    });
    expect(recorded.some((event) => event.type === 'sign_in.succeeded')).toBe(false);
  });

  it('records rate_limited when a per-IP limit refuses', async () => {
    const real = createRateLimiter(db, () => new Date(clock));
    const limiter: RateLimiter = {
      async consume(key, rule) {
        if (key.startsWith('sign-in:ip:')) throw new RateLimitedError(42);
        await real.consume(key, rule);
      },
      reset: (key) => real.reset(key),
    };
    const { result } = await signIn(engineWith({ rateLimiter: limiter }), email, PASSWORD);
    expect(result).toMatchObject({ status: 429 });
    expect(await events()).toEqual([
      expect.objectContaining({ type: 'rate_limited', userId, ip, details: { step: 'password', limit: 'sign-in:ip', retryAfterSeconds: 42 } }),
    ]);
  });

  it('lets a step name the account itself through the audit hook', async () => {
    const engine = engineWith();
    const flow = await engine.create({ type: 'sign-in', interactionUid: 'i' });
    const context = { ip, userAgent: USER_AGENT };
    await engine.submit({ id: flow.id, submission: { step: 'identifier', action: 'submit', values: { email } }, context });
    // A step that knows the account some other way (a passkey) reports it; the engine then does not look it up.
    const findByEmail = vi.spyOn(users, 'findByEmail');
    const { signInSteps } = await import('../flows/signInSteps.ts');
    const original = signInSteps.password!.handle;
    signInSteps.password!.handle = async (input) => {
      input.audit?.subject({ userId: 'usr_from_step' });
      return { kind: 'invalid', fieldMessages: {}, flowMessages: [{ code: 'invalid_credentials', severity: 'error', text: '…' }] };
    };
    try {
      await engine.submit({ id: flow.id, submission: { step: 'password', action: 'submit', values: { password: 'x' } }, context }).catch(() => undefined);
    } finally {
      signInSteps.password!.handle = original;
      findByEmail.mockRestore();
    }
    expect(findByEmail).not.toHaveBeenCalled();
    expect(await events()).toEqual([expect.objectContaining({ type: 'sign_in.failed', userId: 'usr_from_step' })]);
  });

  it('never fails a sign-in when the audit write fails, and says so in the log', async () => {
    const { db: gone, schema: goneSchema } = await open();
    await gone.destroy();
    const logger = pino({ level: 'silent' });
    const warn = vi.spyOn(logger, 'warn');
    const engine = createFlowEngine({
      db,
      ttlSeconds: 900,
      audit: createAuditLog(gone, { logger }),
      deps: { users, hasher, rateLimiter: createRateLimiter(db), passwordPolicy: passwordPolicyDefaults },
      completeInteraction: async () => 'https://op.example/resume',
    });
    const { result } = await signIn(engine, email, PASSWORD);
    expect(result).toMatchObject({ flow: { state: 'complete' } });
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ auditEventType: 'sign_in.succeeded' }), 'audit event not recorded');
    await goneSchema?.drop();
  });
});
