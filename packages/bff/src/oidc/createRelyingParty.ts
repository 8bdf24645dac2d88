import * as client from 'openid-client';
import type { Logger } from 'pino';
import type { ResolvedBffConfig } from '../config.ts';
import type { FlowBindingData, StoredTokens } from '../storage/bffSchema.ts';
import { BffError } from '../http/BffError.ts';
import { requestAsUserAgent, type CookieJar } from './coreUserAgent.ts';

export const REDIRECT_PATH = '/auth/callback';
const SCOPE = 'openid email';
const MAX_REDIRECTS = 5;

export interface SignInResult {
  userId: string;
  email: string;
  claims: Record<string, unknown>;
  tokens: StoredTokens;
  coreCookies: CookieJar;
}

export interface RelyingParty {
  /** Sends an authorization request (code + PKCE S256, state, nonce) and returns the interaction it opened. */
  /** `maxAge` is sent as `max_age` (0 for a re-authentication); `prompt=login` is always sent, so `auth_time` is always in the ID token. */
  startAuthorization(options?: { maxAge?: number }): Promise<{ interactionUid: string; binding: Omit<FlowBindingData, never> }>;
  /** Resumes the authorization after the core's flow completed, and redeems the code. */
  finishAuthorization(input: { redirectTo: string; binding: FlowBindingData }): Promise<SignInResult>;
  /**
   * Redeems a refresh token (openid-client `refreshTokenGrant`). The core
   * rotates it: the answer carries the next one. A refresh token the core no
   * longer honours (revoked grant, reuse) throws `RefreshRejectedError`.
   */
  refresh(tokens: StoredTokens): Promise<StoredTokens>;
  /** Revokes the refresh token and ends the core's login session (RP-initiated logout). */
  endCoreSession(input: { tokens: StoredTokens; coreCookies: CookieJar }): Promise<void>;
}

/** The core refused the refresh token (`invalid_grant`): the session cannot be kept alive. */
export class RefreshRejectedError extends Error {
  constructor(reason: string) {
    super(`refresh refused: ${reason}`);
    this.name = 'RefreshRejectedError';
  }
}

const PROTOCOL_CLAIMS = new Set(['aud', 'iss', 'iat', 'exp', 'nonce', 'at_hash', 'c_hash', 'sid', 'azp', 'jti']);

/** openid-client's function API, used directly (no wrapper class), against the core. */
export function createRelyingParty(config: ResolvedBffConfig, logger: Logger): RelyingParty {
  const redirectUri = new URL(REDIRECT_PATH, config.appOrigin).href;
  let discovered: Promise<client.Configuration> | undefined;

  // Lazy: in bundled mode the core is served by the same process, which is not
  // listening yet when createBff() runs.
  function configuration(): Promise<client.Configuration> {
    discovered ??= client
      .discovery(
        new URL(config.issuer),
        config.clientId,
        { redirect_uris: [redirectUri] },
        client.ClientSecretBasic(config.clientSecret),
        config.allowInsecureRequests ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        discovered = undefined;
        throw new BffError({ status: 502, code: 'core_unavailable', message: 'The identity service is unavailable.', cause: error });
      });
    return discovered;
  }

  return {
    async startAuthorization(options = {}) {
      const oidc = await configuration();
      const codeVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const url = client.buildAuthorizationUrl(oidc, {
        redirect_uri: redirectUri,
        scope: SCOPE,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
        prompt: 'login',
        ...(options.maxAge === undefined ? {} : { max_age: String(options.maxAge) }),
      });
      const jar: CookieJar = {};
      const response = await requestAsUserAgent(url, jar);
      const interactionUid = response.location?.pathname.split('/').at(-1);
      if (response.status !== 303 || !interactionUid) {
        throw new BffError({ status: 502, code: 'core_unavailable', message: 'The identity service refused to start a login.', cause: response.body.slice(0, 200) });
      }
      return { interactionUid, binding: { codeVerifier, state, nonce, coreCookies: jar } };
    },

    async finishAuthorization({ redirectTo, binding }) {
      const oidc = await configuration();
      const jar = { ...binding.coreCookies };
      let next = new URL(redirectTo, config.issuer);
      for (let hop = 0; hop < MAX_REDIRECTS && !next.href.startsWith(redirectUri); hop += 1) {
        if (next.origin !== new URL(config.issuer).origin) break;
        const response = await requestAsUserAgent(next, jar);
        if (!response.location) break;
        next = response.location;
      }
      if (!next.href.startsWith(redirectUri)) {
        throw new BffError({ status: 502, code: 'authorization_failed', message: 'The identity service did not complete the login.' });
      }
      const tokens = await client.authorizationCodeGrant(oidc, next, {
        pkceCodeVerifier: binding.codeVerifier,
        expectedState: binding.state,
        expectedNonce: binding.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (!idClaims || !tokens.id_token) throw new BffError({ status: 502, code: 'authorization_failed', message: 'No ID token was issued.' });
      const claims = Object.fromEntries(Object.entries(idClaims).filter(([key]) => !PROTOCOL_CLAIMS.has(key)));
      return {
        userId: idClaims.sub,
        email: typeof idClaims.email === 'string' ? idClaims.email : '',
        claims,
        tokens: {
          accessToken: tokens.access_token,
          idToken: tokens.id_token,
          ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}),
          ...(tokens.expires_in ? { expiresAt: Math.floor(Date.now() / 1000) + tokens.expires_in } : {}),
        },
        coreCookies: jar,
      };
    },

    async refresh(tokens) {
      if (!tokens.refreshToken) throw new RefreshRejectedError('no refresh token');
      const oidc = await configuration();
      let answer: Awaited<ReturnType<typeof client.refreshTokenGrant>>;
      try {
        answer = await client.refreshTokenGrant(oidc, tokens.refreshToken);
      } catch (error) {
        if (error instanceof client.ResponseBodyError && error.error === 'invalid_grant') throw new RefreshRejectedError(error.error_description ?? error.error);
        throw new BffError({ status: 502, code: 'core_unavailable', message: 'The identity service is unavailable.', cause: error });
      }
      return {
        accessToken: answer.access_token,
        idToken: answer.id_token ?? tokens.idToken,
        ...((answer.refresh_token ?? tokens.refreshToken) ? { refreshToken: answer.refresh_token ?? tokens.refreshToken } : {}),
        ...(answer.expires_in ? { expiresAt: Math.floor(Date.now() / 1000) + answer.expires_in } : {}),
      };
    },

    async endCoreSession({ tokens, coreCookies }) {
      const oidc = await configuration();
      if (tokens.refreshToken) {
        await client.tokenRevocation(oidc, tokens.refreshToken, { token_type_hint: 'refresh_token' }).catch((error: unknown) => {
          logger.warn({ err: error }, 'refresh token revocation failed');
        });
      }
      const endSession = oidc.serverMetadata().end_session_endpoint;
      if (!endSession) return;
      const jar = { ...coreCookies };
      const url = new URL(endSession);
      url.searchParams.set('id_token_hint', tokens.idToken);
      url.searchParams.set('client_id', config.clientId);
      const page = await requestAsUserAgent(url, jar);
      const action = /<form[^>]*action="([^"]+)"/u.exec(page.body)?.[1];
      const xsrf = /name="xsrf" value="([^"]+)"/u.exec(page.body)?.[1];
      if (!action || !xsrf) {
        logger.warn({ status: page.status }, 'core logout page not understood; core session left to expire');
        return;
      }
      await requestAsUserAgent(new URL(action.replace(/&amp;/gu, '&'), url), jar, { method: 'POST', form: { xsrf, logout: 'yes' } });
    },
  };
}
