import { z } from 'zod';
import { brandingSettingsSchema } from './branding/brandingSettings.ts';
import { consentOptionsSchema } from './consent/consentOptionsSchema.ts';
import { mailOptionsSchema } from './mail/mailOptionsSchema.ts';
import { profileOptionsSchema } from './profile/profileConfigSchema.ts';
import { organizationOptionsSchema } from './organizations/organizationOptions.ts';
import { passwordPolicyBounds as bounds, passwordPolicyDefaults } from './passwords/passwordPolicyDefaults.ts';

const url = z.url({ protocol: /^https?$/u });

/**
 * `createCore()` options, validated at start-up so a typo fails the process
 * before it serves a request.
 */
export const coreOptionsSchema = z.strictObject({
  /** The OIDC issuer, e.g. `http://localhost:3000/oidc`; the provider is mounted at its path. */
  issuer: url,
  /** PostgreSQL connection string; unset means the embedded PGlite. */
  databaseUrl: z.string().min(1).optional(),
  /** Redis (`redis://` or `rediss://`); when set, rate-limit counters live there instead of the database. */
  redisUrl: z
    .string()
    .regex(/^rediss?:\/\//u, 'must be a redis:// or rediss:// URL')
    .optional(),
  /** Prefix of every Redis key (rate-limit keys), so deployments can share one Redis. */
  redisKeyPrefix: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,64}$/u)
    .default('latch'),
  /** PGlite's directory (default `.latch` in the working directory); `memory://` for tests. */
  dataDir: z.string().min(1).default('.latch'),
  /** Relying parties allowed to log users in; a missing secret is generated once and stored. */
  clients: z
    .array(
      z.strictObject({
        clientId: z.string().min(1).max(128),
        clientSecret: z.string().min(32).optional(),
        redirectUris: z.array(url).min(1),
        postLogoutRedirectUris: z.array(url).default([]),
        /**
         * Links put in emails. Each defaults to a path on the origin of the
         * first redirect URI (the app, in the BFF's case): `verifyEmail`
         * `/auth/verify-email` and `signInLink` `/auth/sign-in-link` (the
         * BFF's routes; the core appends `?flow=…&token=…`), `signIn` `/`,
         * `passwordReset` (the app's reset page, offered in the "account
         * exists" and "password changed" emails) the same as `signIn`, and
         * `recoveryLink` `/auth/reset-password` (the BFF's route for the
         * password-reset email's link).
         */
        links: z
          .strictObject({
            verifyEmail: url.optional(),
            signInLink: url.optional(),
            signIn: url.optional(),
            passwordReset: url.optional(),
            recoveryLink: url.optional(),
            /** The organization invitation email's link; default the BFF's `/auth/invitations/accept`. */
            acceptInvitation: url.optional(),
          })
          .optional(),
        /**
         * The sign-in pages' look for this client (logo, colours, copy, base
         * theme; see src/branding/brandingSettings.ts); an organization's own
         * branding is applied over it. Contrast is checked at start-up.
         */
        branding: brandingSettingsSchema.optional(),
      }),
    )
    .min(1),
  /** Trust `X-Forwarded-*` from a TLS-terminating proxy. */
  proxy: z.boolean().default(false),
  /** How long an unfinished flow lives. */
  flowTtlSeconds: z.number().int().min(60).max(3600).default(900),
  /** Lifetime of the core's login session, grants and refresh tokens. */
  sessionTtlSeconds: z.number().int().min(300).default(14 * 24 * 3600),
  /**
   * Lifetime of the opaque access tokens that authorise the account API
   * (`/users/:userId/...`). The BFF refreshes them a minute before they
   * expire, so short is cheap; a revoked grant stops them at once anyway.
   */
  accessTokenTtlSeconds: z.number().int().min(1).max(24 * 3600).default(600),
  /**
   * Sign-up password length, in Unicode code points after NFKC normalisation.
   * NIST SP 800-63B rev. 4 asks for 15 when the password is the only factor
   * (as it is today) and allows 8 only as one of two factors; the maximum must
   * allow at least 64. Composition rules are deliberately not offered.
   */
  passwordPolicy: z
    .strictObject({
      minLength: z.number().int().min(bounds.minLength.min).max(bounds.minLength.max).default(passwordPolicyDefaults.minLength),
      maxLength: z.number().int().min(bounds.maxLength.min).max(bounds.maxLength.max).default(passwordPolicyDefaults.maxLength),
    })
    .default({ ...passwordPolicyDefaults }),
  /** argon2id cost; OWASP's recommendation by default. Tests lower it. Hashes made with other parameters are redone at the next sign-in. */
  argon2: z
    .strictObject({ memoryCost: z.number().int().min(1024), timeCost: z.number().int().min(1), parallelism: z.number().int().min(1) })
    .optional(),
  /**
   * Sign-up policy. `requireEmailVerification` (default true): the account is
   * created only once the address is confirmed by an emailed code or link,
   * and a taken address is answered exactly like a new one (its owner gets an
   * "account exists" email). False creates the account at once and answers a
   * taken address with `email_unavailable`.
   */
  signUp: z.strictObject({ requireEmailVerification: z.boolean().default(true) }).default({ requireEmailVerification: true }),
  /** Emailed one-time codes and links: lifetime (a code never outlives its flow either) and wrong answers allowed per code. */
  emailCodes: z
    .strictObject({ ttlSeconds: z.number().int().min(5).max(3600).default(900), maxAttempts: z.number().int().min(1).max(20).default(5) })
    .default({ ttlSeconds: 900, maxAttempts: 5 }),
  /**
   * Passkeys (WebAuthn). `rpId` is the registrable domain credentials are
   * bound to (`localhost`, `example.com`); `origins` the exact origins pages
   * may run ceremonies from (`https://app.example.com`; plain http only for
   * localhost); `rpName` what authenticators show. Defaults: the host and
   * origin of the first client's first redirect URI (the app, for the BFF),
   * and the mail brand name or "Latch".
   */
  webauthn: z
    .strictObject({
      rpId: z
        .string()
        .min(1)
        .max(253)
        .regex(/^[a-z0-9.-]+$/u, 'must be a lower-case host name, without scheme or port'),
      rpName: z.string().min(1).max(64).optional(),
      origins: z.array(z.url({ protocol: /^https?$/u }).refine((value) => new URL(value).origin === value, 'must be an origin (scheme, host, port; no path)')).min(1),
    })
    .superRefine((value, ctx) => {
      for (const [index, origin] of value.origins.entries()) {
        const host = new URL(origin).hostname;
        if (host !== value.rpId && !host.endsWith(`.${value.rpId}`)) {
          ctx.addIssue({ code: 'custom', path: ['origins', index], message: `must be on rpId "${value.rpId}" or a subdomain of it` });
        }
      }
    })
    .optional(),
  /** Largest JSON body accepted by the flow API. */
  bodyLimit: z.string().default('16kb'),
  /** Where mail goes (`outbox` in the database by default, or `smtp`) and the emails' theme; see `mail/mailOptionsSchema.ts`. */
  mail: mailOptionsSchema,
  /**
   * The audit trail (`core.audit`). Events older than `retentionDays` are
   * deleted by the periodic pruning; pick what your security review and data
   * protection rules ask for (a year by default).
   */
  audit: z
    .strictObject({ retentionDays: z.number().int().min(1).max(3650).default(365) })
    .default({ retentionDays: 365 }),
  /**
   * Declared profile fields (`fields[]`: key, type, label/help per locale,
   * validation, options, claim, scope) and progressive-profiling rules
   * (`rules[]`: id, fields, when, skippable, maxFieldsPerPrompt,
   * resurfaceAfterSignIns/Days); see the README and `profile/profileConfigSchema.ts`.
   */
  profile: profileOptionsSchema,
  /** Organizations (B2B): creation policy, personal accounts, custom roles, invitation lifetime; see `organizations/organizationOptions.ts`. */
  organizations: organizationOptionsSchema,
  /** Consent purposes (terms, privacy, marketing…) with versions and localised text, and an optional change webhook; see `consent/consentOptionsSchema.ts`. */
  consent: consentOptionsSchema,
});

export type CoreOptions = z.input<typeof coreOptionsSchema>;
export type ResolvedCoreOptions = z.output<typeof coreOptionsSchema>;

export function parseCoreOptions(options: CoreOptions): ResolvedCoreOptions {
  const result = coreOptionsSchema.safeParse(options);
  if (!result.success) {
    const details = result.error.issues.map((issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`).join('\n');
    throw new TypeError(`createCore(): invalid options\n${details}`);
  }
  return result.data;
}
