import { Router, type RequestHandler, type Response } from 'express';
import type Provider from 'oidc-provider';
import { LatchError } from '../errors.ts';
import { authenticateClient, type ClientCredentials } from './authenticateClient.ts';

/** Who an account API request acts for, proven by its bearer access token. */
export interface AccountCaller {
  /** The signed-in user (`sub`); equal to the `:userId` path segment. */
  accountId: string;
  /** The relying party the token was issued to. */
  clientId: string;
  /** The OIDC grant behind the token: a per-sign-in, per-client handle (e.g. for an organization chosen in this session). */
  grantId: string;
  /** oidc-provider's login session uid, when the token is bound to one. */
  sessionUid?: string;
  /** The login session's `sid` (as in the ID token), when known. */
  sid?: string;
  /** The token's scopes. */
  scopes: ReadonlySet<string>;
}

const ACCOUNT_LOCAL = 'latchAccount';

/** The caller proven by `authenticateAccount`; throws when the route is mounted outside it (a wiring bug, never a client error). */
export function accountOf(res: Response): AccountCaller {
  const caller = (res.locals as Record<string, unknown>)[ACCOUNT_LOCAL] as AccountCaller | undefined;
  if (!caller) throw new Error('accountOf(): this route is not behind authenticateAccount (mount it under /users/:userId of the core api).');
  return caller;
}

/** 401 with `WWW-Authenticate: Bearer` (RFC 6750 §3): the token is missing, unknown, expired or revoked. */
export class InvalidTokenError extends LatchError {
  constructor(missing = false) {
    super({
      status: 401,
      code: 'invalid_token',
      message: missing ? 'Send the access token as "Authorization: Bearer <token>".' : 'The access token is invalid, expired or revoked.',
      // Without credentials RFC 6750 says to answer with the bare challenge (no error attribute).
      headers: { 'www-authenticate': missing ? 'Bearer realm="latch-core"' : 'Bearer realm="latch-core", error="invalid_token"' },
    });
  }
}

/** 403: a valid token, for another user than the one in the path. */
export class ForbiddenAccountError extends LatchError {
  constructor() {
    super({ status: 403, code: 'forbidden', message: 'This access token does not allow acting for this user.' });
  }
}

// RFC 6750 §2.1 b64token.
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/iu;

/**
 * Bearer authentication for the account API (`/users/:userId/...`): the
 * request must carry an opaque access token this core's provider issued to a
 * registered client, unexpired and not revoked (its grant still exists),
 * whose `accountId` is the user in the path. The caller lands in
 * `res.locals` (read it with `accountOf(res)`).
 */
export function authenticateAccount(options: { provider: Provider; clientIds: readonly string[] }): RequestHandler {
  const { provider } = options;
  const clients = new Set(options.clientIds);

  return async function latchAuthenticateAccount(req, res, next) {
    const header = req.get('authorization');
    const value = header === undefined ? undefined : BEARER.exec(header)?.[1];
    if (value === undefined) throw new InvalidTokenError(header === undefined || !/^Bearer\b/iu.test(header));
    const token = await provider.AccessToken.find(value);
    // `aud` is set only on tokens minted for another resource server.
    if (!token || token.isExpired || token.aud !== undefined || !token.accountId || !token.grantId || !token.clientId || !clients.has(token.clientId)) {
      throw new InvalidTokenError();
    }
    // Revoking a token, signing out or "sign out everywhere" deletes the grant (and its tokens); check it anyway,
    // as userinfo does, so a token whose grant is gone never passes.
    const { accountId, clientId, grantId } = token;
    const grant = await provider.Grant.find(grantId);
    if (!grant || grant.isExpired || grant.clientId !== clientId || grant.accountId !== accountId) throw new InvalidTokenError();
    if (accountId !== req.params.userId) throw new ForbiddenAccountError();
    const caller: AccountCaller = {
      accountId,
      clientId,
      grantId,
      ...(token.sessionUid ? { sessionUid: token.sessionUid } : {}),
      ...(token.sid ? { sid: token.sid } : {}),
      scopes: token.scopes,
    };
    (res.locals as Record<string, unknown>)[ACCOUNT_LOCAL] = caller;
    res.locals.clientId = clientId;
    next();
  };
}

/**
 * The core api's caller authentication, mounted once in front of every
 * router: anything under `/users/:userId/` is the account API and needs the
 * user's bearer access token (`authenticateAccount`); everything else (flows,
 * audit, …) needs HTTP Basic client credentials. A router mounted after this
 * is protected by where its paths are, not by its own code.
 */
export function authenticateCaller(options: { provider: Provider; clients: readonly ClientCredentials[] }): Router {
  const router = Router();
  const basic = authenticateClient(options.clients);
  router.use('/users/:userId', authenticateAccount({ provider: options.provider, clientIds: options.clients.map((client) => client.clientId) }));
  router.use(function latchAuthenticateOtherRoutes(req, res, next) {
    if ((res.locals as Record<string, unknown>)[ACCOUNT_LOCAL]) {
      next();
      return;
    }
    basic(req, res, next);
  });
  return router;
}
