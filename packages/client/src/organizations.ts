/** One of the user's organizations, as `GET /auth/organizations` lists it. */
export interface OrganizationSummary {
  id: string;
  name: string;
  slug: string;
  logoUrl: string | null;
  /** The user's role: `owner`, `admin`, `member` or a custom role. */
  role: string;
  permissions: string[];
}

export interface OrganizationList {
  organizations: OrganizationSummary[];
  /** Whether the user may create organizations (the core's `organizations.creation`). */
  canCreate: boolean;
  /** Whether the user may act without an organization (the core's `organizations.personalAccounts`). */
  personalAccounts: boolean;
}

/** A first factor an organization's policy may allow. */
export type SignInMethod = 'password' | 'passkey' | 'email_code';

export interface Organization extends OrganizationSummary {
  metadata: Record<string, unknown>;
  /** `allowedMethods`: the sign-in methods members may act in it with (`null`: any). */
  policy: { requireMfa: boolean; allowedMethods: SignInMethod[] | null };
  /** What a verified email at a verified domain gets: `auto` (joins as member) or `offer` (may join). */
  domainJoin: 'auto' | 'offer';
  createdAt: string;
}

export interface OrganizationPatch {
  name?: string;
  slug?: string;
  logoUrl?: string | null;
  metadata?: Record<string, unknown>;
  policy?: { requireMfa?: boolean; allowedMethods?: SignInMethod[] | null };
  domainJoin?: 'auto' | 'offer';
}

export interface OrganizationMember {
  userId: string;
  email: string;
  role: string;
  joinedAt: string;
}

export interface OrganizationInvitation {
  id: string;
  email: string;
  role: string;
  status: 'pending' | 'accepted' | 'revoked' | 'expired';
  createdAt: string;
  expiresAt: string;
}

export interface OrganizationDomain {
  id: string;
  domain: string;
  verified: boolean;
  /** Put a TXT record holding `value` at `name` to prove the domain. */
  txtRecord: { name: string; value: string };
  verifiedAt: string | null;
}

export interface OrganizationRole {
  name: string;
  permissions: string[];
}

/** What an invitation link offers (`GET /auth/invitations/preview`). */
export interface InvitationPreview {
  organization: { name: string; slug: string; logoUrl: string | null };
  email: string;
  role: string;
  expiresAt: string;
}
