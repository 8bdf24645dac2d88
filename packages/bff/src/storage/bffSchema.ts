import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface StoredTokens {
  accessToken: string;
  refreshToken?: string;
  idToken: string;
  /** Epoch seconds. */
  expiresAt?: number;
  /** Epoch seconds at which the access token was issued (its lifetime decides the refresh window). */
  issuedAt?: number;
}

export interface SessionData {
  email: string;
  claims: Record<string, unknown>;
  tokens: StoredTokens;
  /** The core's cookies (its login session), kept here because the BFF is the core's user agent. */
  coreCookies: Record<string, string>;
  /** The organization the session acts in (absent or null: the personal account); see `routes/organizationRoutes.ts`. */
  organization?: SessionOrganization | null;
}

/** The session's active organization as the core last confirmed it (`checkedAt`, epoch ms). */
export interface SessionOrganization {
  id: string;
  name: string;
  slug: string;
  role: string;
  permissions: string[];
  checkedAt: number;
}

export interface FlowBindingData {
  codeVerifier: string;
  state: string;
  nonce: string;
  coreCookies: Record<string, string>;
  /** A re-authentication (`POST /auth/flows/sign-in?reauth=1`): only this user may complete it. */
  reauthenticateUserId?: string;
  /** An on-demand profile flow (`POST /auth/account/profile/flows`): only this user's session may answer it. */
  profileUserId?: string;
}

export interface BffSchema {
  latch_bff_sessions: {
    /** SHA-256 of the cookie value: a database leak does not hand out live cookies. */
    id_hash: string;
    user_id: string;
    data: Json<SessionData>;
    created_at: Timestamp;
    expires_at: Timestamp;
    /** Random, shown to the user to name this session in the list of devices; never the cookie or its hash. */
    public_id: string;
    /** The browser's `User-Agent` at sign-in (at most 512 characters). */
    user_agent: string;
    /** The end user's address as last seen. */
    ip: string;
    /** Updated at most every `LAST_SEEN_RESOLUTION_MS`, not per request. */
    last_seen_at: Timestamp;
  };
  latch_bff_flow_bindings: {
    flow_id: string;
    /** SHA-256 of the browser's flow cookie: only the browser that started a flow may drive it. */
    binding_hash: string;
    data: Json<FlowBindingData>;
    expires_at: Timestamp;
  };
}
