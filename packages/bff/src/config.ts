import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { z } from 'zod';
import { apiProxyOptionsSchema } from './proxy/apiProxyOptions.ts';

const url = z.url({ protocol: /^https?$/u });

/**
 * `createBff()` options, checked when the middleware is created. Unknown keys
 * are refused with a suggestion, so `cookiename` fails at start-up instead of
 * being ignored.
 */
export const bffOptionsSchema = z.strictObject({
  /** The core's OIDC issuer, e.g. `http://localhost:3000/oidc`. */
  issuer: url,
  /** Base URL of the core's flow API, e.g. `http://localhost:3000/core`. */
  coreApiUrl: url,
  clientId: z.string().min(1),
  clientSecret: z.string().min(32),
  /** The origin the app is served from; redirect URI and CSRF Origin check derive from it. */
  appOrigin: url,
  /** Extra origins allowed to make state-changing requests (for example a second app domain). */
  allowedOrigins: z.array(url).default([]),
  /** Server-side session lifetime. */
  sessionTtlSeconds: z.number().int().min(300).default(14 * 24 * 3600),
  /**
   * How long a session lookup is reused in this process (0 turns the cache
   * off). A session ended through this instance is forgotten at once; one
   * ended through another instance is still honoured here for at most this long.
   */
  sessionCacheMs: z.number().int().min(0).max(60_000).default(5_000),
  /** Redis (`redis://` or `rediss://`); when set, sessions live there and revocations reach every instance at once. */
  redisUrl: z
    .string()
    .regex(/^rediss?:\/\//u, 'must be a redis:// or rediss:// URL')
    .optional(),
  /** Prefix of every Redis key (session keys and the revocation channel), so deployments can share one Redis. */
  redisKeyPrefix: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,64}$/u)
    .default('latch'),
  /**
   * Where an emailed link that signs the user in lands (303), when opened in
   * the browser that started the flow: `/auth/verify-email` after sign-up,
   * `/auth/sign-in-link` after a passwordless sign-in request.
   */
  signedInPath: z.string().regex(/^\/(?![/\\])[^\s]*$/u, 'must be a path on the app, e.g. /account').default('/'),
  /**
   * Where every other outcome of an emailed link lands (303), with
   * `?email_link=verified` (address confirmed from another browser: go back
   * to the first tab), `expired` (expired, used or burnt), `invalid` or
   * `other_browser` (a sign-in link opened in a browser that did not ask for it).
   */
  emailLinkPath: z.string().regex(/^\/(?![/\\])[^\s]*$/u, 'must be a path on the app, e.g. /email-link').default('/'),
  /**
   * The app's password-reset page, where the password-reset email's link
   * (`/auth/reset-password`) lands with `?flow=<id>` in the browser that asked
   * for the reset; the page's `<latch-recovery flow-id>` resumes the flow there.
   */
  passwordResetPath: z.string().regex(/^\/(?![/\\])[^\s]*$/u, 'must be a path on the app, e.g. /reset-password').default('/reset-password'),
  /**
   * The app's page for organization invitations: the invitation email's link
   * (`/auth/invitations/accept?token=…`) lands there (303) with
   * `?invitation=<token>`, where the page shows it and accepts it once the
   * visitor is signed in (or has signed up with the invited address).
   */
  invitationPath: z.string().regex(/^\/(?![/\\])[^\s]*$/u, 'must be a path on the app, e.g. /invitation').default('/invitation'),
  /**
   * How old the session's record of its active organization (and the user's
   * role in it) may be before `requireOrgRole`/`requirePermission` ask the
   * core again: the most a role change or removal takes to reach the
   * product's guarded routes. 0 asks on every request.
   */
  organizationRecheckSeconds: z.number().int().min(0).max(3600).default(60),
  /**
   * Host name → organization slug, for `GET /auth/branding` without
   * `?organization=`: the sign-in page served at `login.acme.example` looks
   * like Acme's. Host names are matched lower-case, without the port.
   */
  brandingHosts: z.record(z.string().regex(/^[a-z0-9.-]{1,253}$/u, 'must be a lower-case host name'), z.string().regex(/^[a-z0-9-]{1,100}$/u, 'must be an organization slug')).default({}),
  /** `max-age` of the public branding answer, in seconds. */
  brandingMaxAgeSeconds: z.number().int().min(0).max(86_400).default(300),
  /**
   * How recent a sign-in must be (seconds since `auth_time`) for the BFF's own
   * sensitive routes: removing the authenticator app and regenerating
   * recovery codes. Older: 401 `reauthentication_required`.
   */
  stepUpMaxAgeSeconds: z.number().int().min(0).default(600),
  /** Largest JSON body accepted on `/auth`. */
  bodyLimit: z.string().default('16kb'),
  /**
   * Permit `http:` issuers. Only for local development and tests: the demo
   * sets it for `http://localhost`.
   */
  allowInsecureRequests: z.boolean().default(false),
  /**
   * Scopes requested at sign-in besides `openid email profile`: those that
   * release the core's declared profile fields under other scopes (e.g.
   * `phone`). Their claims land in the session's `claims`.
   */
  scopes: z.array(z.string().regex(/^[a-z][a-z0-9_:.-]{0,63}$/u, 'must be a scope name such as "phone"')).max(20).default([]),
  /** The product's APIs reached through the BFF with the session's access token; see `proxy/apiProxyOptions.ts` and the README. */
  apiProxy: apiProxyOptionsSchema.optional(),
});

export type BffOptions = z.input<typeof bffOptionsSchema> & {
  /** Where sessions are kept without `redisUrl`: a Kysely instance on PostgreSQL or PGlite (in bundled mode, the core's). */
  db?: Kysely<never>;
  logger?: Logger;
};
export type ResolvedBffConfig = z.output<typeof bffOptionsSchema>;

export function parseBffOptions(options: Record<string, unknown>): ResolvedBffConfig {
  const result = bffOptionsSchema.safeParse(options);
  if (result.success) return result.data;
  const known = Object.keys(bffOptionsSchema.shape);
  const lines = result.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys
        .map((key) => {
          const match = known.find((name) => name.toLowerCase() === key.toLowerCase());
          return `  - unknown option "${key}"${match ? `; did you mean "${match}"?` : ''}`;
        })
        .join('\n');
    }
    return `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`;
  });
  throw new TypeError(`createBff(): invalid options\n${lines.join('\n')}`);
}
