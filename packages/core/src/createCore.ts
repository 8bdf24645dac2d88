import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { Router, type RequestHandler } from 'express';
import type Provider from 'oidc-provider';
import type { ClientMetadata } from 'oidc-provider';
import { pino, type Logger } from 'pino';
import { parseCoreOptions, type CoreOptions, type ResolvedCoreOptions } from './config.ts';
import { auditRoutes } from './audit/auditRoutes.ts';
import { createAccountRegistry, type AccountEraser, type AccountRegistry, type ExportSection } from './account/accountExport.ts';
import { accountRoutes } from './account/accountRoutes.ts';
import { registerCoreExportSections } from './account/coreExportSections.ts';
import { profileExportSection } from './profile/profileExportSection.ts';
import { createAccountService, type AccountService } from './account/createAccountService.ts';
import { createMfaService, type MfaService } from './mfa/createMfaService.ts';
import { createMfaRepository } from './mfa/mfaRepository.ts';
import { mfaRoutes } from './mfa/mfaRoutes.ts';
import { createPasskeyService, type PasskeyService } from './passkeys/createPasskeyService.ts';
import { passkeyRoutes } from './passkeys/passkeyRoutes.ts';
import { createProfileService, type ProfileService } from './profile/createProfileService.ts';
import { profileRoutes, profileStatsRoutes } from './profile/profileRoutes.ts';
import { createTotpSecretBox } from './mfa/totpSecretBox.ts';
import { createAuditLog, type AuditLog } from './audit/createAuditLog.ts';
import { brandingRoutes } from './branding/brandingRoutes.ts';
import { createBrandingService } from './branding/createBrandingService.ts';
import { consentRoutes } from './consent/consentRoutes.ts';
import { createConsentService, type ConsentService } from './consent/createConsentService.ts';
import type { EmailLinks } from './flows/stepDefinition.ts';
import { FlowExpiredError } from './errors.ts';
import { createFlowEngine, type FlowEngine } from './flows/createFlowEngine.ts';
import { authenticateCaller } from './http/authenticateAccount.ts';
import type { ClientCredentials } from './http/authenticateClient.ts';
import { errorHandler, notFound } from './http/errorHandler.ts';
import { flowRoutes } from './http/flowRoutes.ts';
import { createProvider } from './oidc/createProvider.ts';
import { createMailQueue, type MailQueue } from './mail/createMailQueue.ts';
import { createSmtpMailer } from './mail/createSmtpMailer.ts';
import type { Mailer } from './mail/mailer.ts';
import { createEmailRenderer, type EmailRenderer } from './mail/renderEmail.ts';
import { loadOrCreateSecret } from './oidc/loadOrCreateSecret.ts';
import { createAccountSessions } from './oidc/revokeAccountSessions.ts';
import { createRateLimiter } from './rateLimit/createRateLimiter.ts';
import { createRedisRateLimiter } from './rateLimit/createRedisRateLimiter.ts';
import { connectRedis } from './storage/connectRedis.ts';
import { createDatabase, type CoreDatabase } from './storage/createDatabase.ts';
import { pruneExpired, type PruneResult } from './storage/pruneExpired.ts';
import { createPasswordHasher } from './users/passwordHasher.ts';
import { createUserRepository, type UserRepository } from './users/userRepository.ts';
import { createOrganizationService, type OrganizationService, type TxtResolver } from './organizations/createOrganizationService.ts';
import { organizationRoutes } from './organizations/organizationRoutes.ts';
import { sessionAmr } from './oidc/sessionAmr.ts';
import { organizationEraser } from './organizations/organizationEraser.ts';

export interface Core {
  /** The issuer's path, e.g. `/oidc`; mount `oidc` there. */
  readonly issuerPath: string;
  /** oidc-provider's request handler. */
  readonly oidc: RequestHandler;
  /** The back-channel flow API for relying parties; mount at `/core` in bundled mode. */
  readonly api: Router;
  /** The registered clients with their (possibly generated) secrets, for bundled mode. */
  readonly clients: readonly ClientCredentials[];
  readonly db: CoreDatabase;
  readonly provider: Provider;
  readonly users: UserRepository;
  readonly flows: FlowEngine;
  /** Queues mail in the database outbox; the delivery worker sends it through the configured transport (SMTP) after commit. */
  readonly mailer: Mailer;
  /** The outbox's delivery worker (started here, stopped by `close()`); `deliverPending()` sends what is due now. */
  readonly mailQueue: MailQueue;
  /** Renders the core's localised, themed emails (`mail.theme`). */
  readonly mail: EmailRenderer;
  /** The audit trail: sign-ins, failures, lockouts, sign-outs (`record`, `list`). */
  readonly audit: AuditLog;
  /** Second factors (TOTP, recovery codes): what the account API and the sign-in challenge use. */
  readonly mfa: MfaService;
  /** Passkeys (WebAuthn): the account API's registration and the sign-in flow's verification. */
  readonly passkeys: PasskeyService;
  /**
   * The self-service account: address and password changes, data export and
   * erasure. Other domains add their part of "download my data" with
   * `account.exportSections.register(name, section)` and their part of the
   * erasure with `account.erasers.register(name, eraser)`.
   */
  readonly account: AccountService & { readonly exportSections: AccountRegistry<ExportSection>; readonly erasers: AccountRegistry<AccountEraser> };
  /** Declared profile fields, their values, and progressive-profiling prompts and stats. */
  readonly profile: ProfileService;
  /** Organizations: members, roles, invitations, verified domains, policy, the grant's active organization. */
  readonly organizations: OrganizationService;
  /** Consent purposes, receipts and change subscriptions (`onChange`, `list`, `update`, `receipts`). */
  readonly consent: ConsentService;
  /** Deletes expired flows, OIDC records, rate-limit windows and audit events past `audit.retentionDays`; also runs every ten minutes. */
  pruneExpired(): Promise<PruneResult>;
  close(): Promise<void>;
}

const PRUNE_INTERVAL_MS = 10 * 60 * 1000;

/**
 * Opens storage, runs migrations, loads or creates keys, and assembles the
 * OIDC provider and the flow API. Throws on invalid options.
 */
export async function createCore(options: CoreOptions & { logger?: Logger; now?: () => Date; resolveTxt?: TxtResolver }): Promise<Core> {
  // `now`: the clock progressive-profiling rules read (`after_days`, resurfacing); injectable for tests.
  const { logger: givenLogger, now, resolveTxt, ...rest } = options;
  const config = parseCoreOptions(rest);
  const logger = givenLogger ?? pino({ name: 'latch-core' });
  const db = await createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  let redis: Redis | undefined;
  try {
    if (config.redisUrl) redis = await connectRedis(config.redisUrl, logger);
    const clients: ClientCredentials[] = [];
    const clientMetadata: ClientMetadata[] = [];
    for (const client of config.clients) {
      const clientSecret =
        client.clientSecret ?? (await loadOrCreateSecret(db, `client.${client.clientId}.secret`, () => randomBytes(32).toString('base64url')));
      clients.push({ clientId: client.clientId, clientSecret });
      clientMetadata.push({
        client_id: client.clientId,
        client_secret: clientSecret,
        redirect_uris: client.redirectUris,
        post_logout_redirect_uris: client.postLogoutRedirectUris,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      });
    }

    const mailQueue = createMailQueue({
      db,
      logger,
      transport: config.mail.transport === 'smtp' ? createSmtpMailer({ url: config.mail.url, from: config.mail.from }) : undefined,
    });
    const mailer = mailQueue.mailer;
    const mail = createEmailRenderer({ theme: config.mail.theme });
    if (config.mail.transport === 'outbox' && process.env.NODE_ENV === 'production') {
      logger.warn('mail goes to the development outbox (a database table), not to anyone: set the `mail` option to an SMTP transport');
    }

    const issuerPath = new URL(config.issuer).pathname.replace(/\/$/u, '');
    const users = createUserRepository(db);
    const profile = createProfileService({ db, config: config.profile, ...(now ? { now } : {}) });
    const provider = await createProvider({
      profile,
      issuer: config.issuer,
      db,
      users,
      proxy: config.proxy,
      sessionTtlSeconds: config.sessionTtlSeconds,
      accessTokenTtlSeconds: config.accessTokenTtlSeconds,
      interactionPath: `${issuerPath}/interaction`,
      clients: clientMetadata,
      // `organizations` is created below (it needs MFA); tokens are only issued once start-up is over.
      accessTokenClaims: (grantId) => organizations.tokenClaims(grantId),
      grantStarted: ({ grantId, accountId, organizationId }) => organizations.startGrantIn({ userId: accountId, grantId, organizationId }),
    });
    provider.on('server_error', (_ctx, error) => logger.error({ err: error }, 'oidc-provider server error'));

    const audit = createAuditLog(db, { logger });
    const rateLimiter = redis ? createRedisRateLimiter(redis, { keyPrefix: `${config.redisKeyPrefix}:rl` }) : createRateLimiter(db);
    const mfa = createMfaService({
      repository: createMfaRepository(db, {
        secretBox: createTotpSecretBox(await loadOrCreateSecret(db, 'mfa.totp-key', () => randomBytes(32).toString('base64url'))),
        recoveryKey: await loadOrCreateSecret(db, 'mfa.recovery-key', () => randomBytes(32).toString('base64url')),
      }),
      users,
      rateLimiter,
      audit,
      // What authenticator apps show above the account name.
      issuer: config.mail.theme?.brandName ?? 'Latch',
    });
    const passkeys = createPasskeyService({ db, users, audit, config: webAuthnConfig(config) });
    const organizations = createOrganizationService({
      db,
      users,
      mailer,
      mail,
      audit,
      // An authenticator app or a passkey: either is a second factor the sign-in flow can ask for.
      hasSecondFactor: async (userId) => (await mfa.isEnrolled(userId)) || (await passkeys.hasPasskey(userId)),
      options: config.organizations,
      resolveTxt,
    });
    const hasher = createPasswordHasher(config.argon2);
    const emailSecret = await loadOrCreateSecret(db, 'email-codes.hmac', () => randomBytes(32).toString('base64url'));
    const exportSections = createAccountRegistry<ExportSection>('exportSections');
    const erasers = createAccountRegistry<AccountEraser>('erasers');
    registerCoreExportSections(exportSections, { mfa, passkeys, audit });
    exportSections.register('profile', profileExportSection);
    const accountLinks = emailLinksByClient(config.clients);
    const account = Object.assign(
      createAccountService({
        db,
        users,
        hasher,
        rateLimiter,
        audit,
        mailer,
        mail,
        passwordPolicy: config.passwordPolicy,
        secret: emailSecret,
        codeTtlSeconds: config.emailCodes.ttlSeconds,
        maxAttempts: config.emailCodes.maxAttempts,
        links: (clientId) => {
          const links = accountLinks(clientId);
          return { confirmEmailChange: new URL('/auth/account/email/confirm', links.verifyEmail).href, signIn: links.signIn, passwordReset: links.passwordReset };
        },
        exportSections,
        erasers,
      }),
      { exportSections, erasers },
    );
    const consent = createConsentService({ db, config: config.consent, logger });
    const flows = createFlowEngine({
      db,
      ttlSeconds: config.flowTtlSeconds,
      audit,
      deps: {
        users,
        hasher,
        rateLimiter,
        mfa,
        passkeys,
        profile,
        consent,
        organizations,
        mfaEnrollment: mfa,
        passwordPolicy: config.passwordPolicy,
        sessions: createAccountSessions(db),
        email: {
          mailer,
          mail,
          secret: emailSecret,
          requireVerificationAtSignUp: config.signUp.requireEmailVerification,
          codeTtlSeconds: config.emailCodes.ttlSeconds,
          maxAttempts: config.emailCodes.maxAttempts,
          links: emailLinksByClient(config.clients),
          now: () => new Date(),
        },
      },
      async completeInteraction({ interactionUid, accountId, amr, organizationId }) {
        // What provider.interactionResult() does, addressed by uid instead of the
        // user agent's _interaction cookie (the flow API is called by the BFF).
        const interaction = await provider.Interaction.find(interactionUid);
        // The login this flow belongs to is gone; the remedy is the same as for
        // an expired flow (start again), so answer 410 rather than a 500.
        if (!interaction) throw new FlowExpiredError();
        // `latchOrganization` (ours) reaches loadExistingGrant as ctx.oidc.result: the grant starts in the organization chosen.
        interaction.result = { login: { accountId, amr, remember: true }, ...(organizationId === undefined ? {} : { latchOrganization: { id: organizationId } }) };
        await interaction.save(interaction.exp - Math.floor(Date.now() / 1000));
        return interaction.returnTo;
      },
    });

    // "Download my data" also holds the user's organizations and consent receipts (erasure keeps the receipts).
    exportSections.register('organizations', async ({ userId }) => ({ organizations: await organizations.list(userId) }));
    // Deleting the last owner of an organization with other members is refused (409 `last_owner`); one the user is alone in goes too.
    erasers.register('organizations', organizationEraser);
    exportSections.register('consentReceipts', async ({ userId }) => ({ receipts: await consent.receipts({ userId }) }));

    const branding = createBrandingService({
      db,
      organizations,
      audit,
      clientBranding: Object.fromEntries(config.clients.flatMap((client) => (client.branding ? [[client.clientId, client.branding]] : []))),
    });

    const api = Router();
    // Account routes (`/users/:userId/...`) take the user's bearer access token, the rest client credentials.
    api.use(noStore, authenticateCaller({ provider, clients }), flowRoutes({ engine: flows, provider, bodyLimit: config.bodyLimit }), auditRoutes({ audit }), mfaRoutes({ mfa, bodyLimit: config.bodyLimit }), passkeyRoutes({ passkeys, bodyLimit: config.bodyLimit }), accountRoutes({ account, bodyLimit: config.bodyLimit }), profileRoutes({ profile, flows, bodyLimit: config.bodyLimit }), profileStatsRoutes({ profile }), consentRoutes({ consent, users, bodyLimit: config.bodyLimit }), organizationRoutes({ organizations, bodyLimit: config.bodyLimit, invitationLink: invitationLinks(config.clients), sessionAmr: (caller) => sessionAmr(provider, caller) }), brandingRoutes({ branding, bodyLimit: config.bodyLimit }), notFound, errorHandler(logger));

    // Housekeeping off the request path; unref'd so it never keeps the process alive.
    const prune = () => pruneExpired(db, new Date(), { auditRetentionDays: config.audit.retentionDays });
    const pruneTimer = setInterval(() => {
      prune().catch((error: unknown) => logger.warn({ err: error }, 'pruning expired rows failed'));
    }, PRUNE_INTERVAL_MS);
    pruneTimer.unref();
    mailQueue.start();

    return {
      issuerPath,
      oidc: provider.callback() as unknown as RequestHandler,
      api,
      clients,
      db,
      provider,
      users,
      flows,
      mailer,
      mailQueue,
      mail,
      audit,
      mfa,
      passkeys,
      account,
      consent,
      profile,
      organizations,
      pruneExpired: prune,
      async close() {
        clearInterval(pruneTimer);
        consent.close();
        await mailQueue.stop();
        // quit() waits for pending replies; a dead connection is simply dropped.
        await redis?.quit().catch(() => redis?.disconnect());
        await db.destroy();
      },
    };
  } catch (error) {
    redis?.disconnect();
    await db.destroy();
    throw error;
  }
}

/** `webauthn`, or the host and origin of the first client's first redirect URI (the app the BFF serves). */
function webAuthnConfig(config: ResolvedCoreOptions): { rpId: string; rpName: string; origins: string[] } {
  const rpName = config.webauthn?.rpName ?? config.mail.theme?.brandName ?? 'Latch';
  if (config.webauthn) return { rpId: config.webauthn.rpId, rpName, origins: config.webauthn.origins };
  const app = new URL(config.clients[0]?.redirectUris[0] ?? config.issuer);
  return { rpId: app.hostname, rpName, origins: [app.origin] };
}

/** Each client's email links, with defaults on the origin of its first redirect URI. */
function emailLinksByClient(clients: ResolvedCoreOptions['clients']): (clientId: string | undefined) => EmailLinks {
  const byId = new Map<string, EmailLinks>();
  for (const client of clients) {
    const origin = new URL(client.redirectUris[0] ?? 'http://localhost').origin;
    const signIn = client.links?.signIn ?? `${origin}/`;
    byId.set(client.clientId, {
      verifyEmail: client.links?.verifyEmail ?? `${origin}/auth/verify-email`,
      signInLink: client.links?.signInLink ?? `${origin}/auth/sign-in-link`,
      signIn,
      passwordReset: client.links?.passwordReset ?? signIn,
      recoveryLink: client.links?.recoveryLink ?? `${origin}/auth/reset-password`,
    });
  }
  const fallback = byId.values().next().value as EmailLinks;
  return (clientId) => (clientId ? byId.get(clientId) : undefined) ?? fallback;
}

/** Each client's invitation landing (`links.acceptInvitation`, default the BFF's `/auth/invitations/accept` on the app's origin). */
function invitationLinks(clients: ResolvedCoreOptions['clients']): (clientId: string | undefined) => string {
  const byId = new Map(clients.map((client) => [client.clientId, client.links?.acceptInvitation ?? `${new URL(client.redirectUris[0] ?? 'http://localhost').origin}/auth/invitations/accept`]));
  const fallback = byId.values().next().value as string;
  return (clientId) => (clientId ? byId.get(clientId) : undefined) ?? fallback;
}

const noStore: RequestHandler = function latchNoStore(_req, res, next) {
  res.set('cache-control', 'no-store');
  next();
};
