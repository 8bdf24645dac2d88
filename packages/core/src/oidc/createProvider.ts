import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider, { type ClientMetadata, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { CoreDatabase } from '../storage/createDatabase.ts';
import type { UserRepository } from '../users/userRepository.ts';
import { createKyselyAdapter } from './createKyselyAdapter.ts';
import { loadOrCreateSecret } from './loadOrCreateSecret.ts';

export interface ProviderOptions {
  issuer: string;
  db: CoreDatabase;
  users: UserRepository;
  clients: ClientMetadata[];
  /** Where the provider sends the user agent to log in; the flow API picks it up from there. */
  interactionPath: string;
  /** Trust `X-Forwarded-*` (behind a TLS-terminating proxy). */
  proxy: boolean;
  sessionTtlSeconds: number;
  /** Lifetime of the opaque access tokens the BFF sends to the account API; it refreshes them. */
  accessTokenTtlSeconds: number;
  /** Declared profile fields: the claims each scope releases, and a user's claim values. */
  profile?: { claimsByScope(): Record<string, string[]>; claims(userId: string): Promise<Record<string, unknown>> };
  /** Claims added to access tokens of a grant (the active organization's `org_*`); read at every issue, refreshes included. */
  accessTokenClaims?: (grantId: string) => Promise<Record<string, unknown> | undefined>;
  /** Called when a sign-in's grant is loaded with the organization its flow chose (`null`: personal account). */
  grantStarted?: (input: { grantId: string; accountId: string; organizationId: string | null }) => Promise<void>;
}

const FIRST_PARTY_SCOPES = 'openid email offline_access';

/**
 * node-oidc-provider configured for Latch: authorization code + PKCE (S256)
 * only, keys and cookie secrets generated once and kept in the database,
 * every model stored through the Kysely adapter.
 */
export async function createProvider(options: ProviderOptions): Promise<Provider> {
  const { db, users } = options;
  const signingKey = await loadOrCreateSecret(db, 'oidc.jwks.rs256', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), use: 'sig', alg: 'RS256' };
  });
  const cookieKeys = await loadOrCreateSecret(db, 'oidc.cookie-keys', () => [randomBytes(32).toString('base64url')]);
  const firstParty = new Set(options.clients.map((client) => client.client_id));
  const profileScopes = options.profile?.claimsByScope() ?? {};
  const firstPartyScopes = [...new Set([...FIRST_PARTY_SCOPES.split(' '), 'profile', ...Object.keys(profileScopes)])].join(' ');

  const configuration: Configuration = {
    adapter: createKyselyAdapter(db),
    clients: options.clients,
    jwks: { keys: [signingKey as never] },
    cookies: { keys: cookieKeys },
    responseTypes: ['code'],
    pkce: { required: () => true },
    scopes: [...new Set(['openid', 'email', 'offline_access', 'profile', ...Object.keys(profileScopes)])],
    // `amr` (RFC 8176: `pwd`, `otp`, `mfa`) tells relying parties how the user
    // signed in, so a step-up check can ask for a second factor.
    claims: mergeClaims({ openid: ['sub', 'amr'], email: ['email', 'email_verified'] }, profileScopes),
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: false },
      revocation: {
        enabled: true,
        // A client may revoke only its own tokens; another client's token is left alone.
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
      userinfo: { enabled: true },
      // RFC 7662, for the product's APIs behind the BFF's proxy: access tokens are opaque, so a resource server asks
      // here (with a registered client's credentials) and gets the token's subject, scope and `org_*` claims.
      introspection: { enabled: true, allowedPolicy: async (_ctx, client) => firstParty.has(client.clientId) },
      rpInitiatedLogout: { enabled: true, logoutSource },
    },
    interactions: { url: (_ctx, interaction) => `${options.interactionPath}/${interaction.uid}` },
    ttl: {
      AccessToken: options.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 3600,
      Grant: options.sessionTtlSeconds,
      Session: options.sessionTtlSeconds,
      RefreshToken: options.sessionTtlSeconds,
    },
    // Every refresh issues a new refresh token and consumes the old one; presenting a consumed one
    // again revokes the grant (reuse detection), which is why the BFF refreshes single-flight.
    rotateRefreshToken: true,
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    async extraTokenClaims(_ctx, token) {
      if (token.kind !== 'AccessToken' || !options.accessTokenClaims) return undefined;
      const grantId = (token as { grantId?: string }).grantId;
      return grantId ? options.accessTokenClaims(grantId) : undefined;
    },
    // First-party clients (the BFF) never show a consent screen.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { client, session, result } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const accountId = session.accountId;
      // Present only on the resume right after a sign-in flow that asked for an organization.
      const chosen = (result as { latchOrganization?: { id: string | null } } | undefined)?.latchOrganization;
      const started = async (grant: InstanceType<Provider['Grant']>) => {
        if (chosen && grant.jti && options.grantStarted) await options.grantStarted({ grantId: grant.jti, accountId, organizationId: chosen.id });
        return grant;
      };
      const grantId = (result?.consent as { grantId?: string } | undefined)?.grantId ?? session.grantIdFor(client.clientId);
      if (grantId) {
        const existing = await ctx.oidc.provider.Grant.find(grantId);
        if (existing) return started(existing);
      }
      if (!firstParty.has(client.clientId)) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId });
      grant.addOIDCScope(firstPartyScopes);
      await grant.save();
      return started(grant);
    },
    async findAccount(_ctx, sub) {
      const user = await users.findById(sub);
      if (!user) return undefined;
      return {
        accountId: user.id,
        // Profile claims first: the identity claims always win.
        claims: async () => ({ ...(await options.profile?.claims(user.id)), sub: user.id, email: user.email, email_verified: user.emailVerified }),
      };
    },
    renderError(ctx, out) {
      ctx.type = 'json';
      ctx.body = { error: { code: String(out.error), message: String(out.error_description ?? out.error) } };
    },
  };

  const provider = new Provider(options.issuer, configuration);
  provider.proxy = options.proxy;
  return provider;
}

/** Adds the declared profile claims to their scopes' lists. */
function mergeClaims(base: Record<string, string[]>, extra: Record<string, string[]>): Record<string, string[]> {
  const merged: Record<string, string[]> = { ...base };
  for (const [scope, claims] of Object.entries(extra)) merged[scope] = [...new Set([...(merged[scope] ?? []), ...claims])];
  return merged;
}

/** A plain confirmation page; the BFF answers it on the user's behalf when signing out. */
async function logoutSource(ctx: KoaContextWithOIDC, form: string): Promise<void> {
  ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign out</title></head>
<body><main><h1>Sign out?</h1>${form}
<button type="submit" form="op.logoutForm" value="yes" name="logout">Sign out</button>
<button type="submit" form="op.logoutForm">Stay signed in</button></main></body></html>`;
}
