import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { resolveTxt as dnsResolveTxt } from 'node:dns/promises';
import type { Selectable, Transaction } from 'kysely';
import type { AuditRecorder } from '../audit/createAuditLog.ts';
import { LatchError } from '../errors.ts';
import type { RequestContext } from '../flows/flowTypes.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { EmailRenderer } from '../mail/renderEmail.ts';
import type { CoreDatabase } from '../storage/createDatabase.ts';
import type { CoreSchema, OrganizationsTable } from '../storage/schema.ts';
import { normalizeEmail } from '../users/email.ts';
import type { UserRepository } from '../users/userRepository.ts';
import { BUILT_IN_ROLES, ORG_PERMISSIONS, type OrganizationOptions } from './organizationOptions.ts';
import { methodAllowed, parseAllowedMethods, signInMethodNotAllowed, storedAllowedMethods, type OrganizationPolicy } from './organizationPolicy.ts';

/** Resolves the TXT records of a DNS name (each record as its chunks), like `node:dns/promises` `resolveTxt`. */
export type TxtResolver = (name: string) => Promise<string[][]>;

/** The DNS name an admin puts the verification TXT record on. */
export const DOMAIN_VERIFICATION_PREFIX = '_latch-verification';

export class OrganizationError extends LatchError {}

const orgNotFound = () => new OrganizationError({ status: 404, code: 'org_not_found', message: 'There is no such organization.' });
const forbidden = () => new OrganizationError({ status: 403, code: 'org_forbidden', message: 'Your role in this organization does not allow this.' });
const lastOwner = () =>
  new OrganizationError({ status: 409, code: 'last_owner', message: 'An organization needs an owner: make someone else owner first.' });
const invitationGone = (code: 'invitation_expired' | 'invitation_used' | 'invitation_revoked', message: string) =>
  new OrganizationError({ status: 410, code, message });

export interface OrganizationSummary {
  id: string;
  name: string;
  slug: string;
  logoUrl: string | null;
  /** The user's role in it. */
  role: string;
  permissions: string[];
}

export interface Organization extends OrganizationSummary {
  metadata: Record<string, unknown>;
  policy: OrganizationPolicy;
  /** What a user with a verified email at a verified domain gets: `auto` (joins as member) or `offer` (may join). */
  domainJoin: 'auto' | 'offer';
  createdAt: string;
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
  /** The TXT record that proves control: put `value` at `name`. */
  txtRecord: { name: string; value: string };
  verifiedAt: string | null;
}

/** The claims access tokens carry while a grant acts in an organization. */
export interface OrganizationClaims {
  org_id: string;
  org_slug: string;
  org_role: string;
  org_permissions: string[];
  [claim: string]: unknown;
}

export interface OrganizationPatch {
  name?: string | undefined;
  slug?: string | undefined;
  logoUrl?: string | null | undefined;
  metadata?: Record<string, unknown> | undefined;
  policy?: { requireMfa?: boolean | undefined; allowedMethods?: string[] | null | undefined } | undefined;
  domainJoin?: 'auto' | 'offer' | undefined;
}

/** An organization offered at sign-in's `organization` step, with what acting in it asks. */
export interface OrganizationChoice extends OrganizationSummary {
  policy: OrganizationPolicy;
}

export interface OrganizationService {
  readonly options: OrganizationOptions;
  /** The permissions a role carries (empty for a role no longer configured). */
  permissionsOf(role: string): string[];
  /** Every role that may be given: built-in first, then the configured ones. */
  roles(): { name: string; permissions: string[] }[];
  /** The user's organizations; first joins those of their verified email's domain that auto-join. */
  list(userId: string): Promise<OrganizationSummary[]>;
  /** Creates an organization with `userId` as owner (`creation: 'any'`), or as the operator (`asOperator`). */
  create(input: { userId: string; name: string; slug: string; logoUrl?: string | undefined; metadata?: Record<string, unknown> | undefined; asOperator?: boolean }): Promise<Organization>;
  get(input: { userId: string; organizationId: string }): Promise<Organization>;
  update(input: { userId: string; organizationId: string; patch: OrganizationPatch; context?: RequestContext }): Promise<Organization>;
  remove(input: { userId: string; organizationId: string; context?: RequestContext }): Promise<void>;
  listMembers(input: { userId: string; organizationId: string; search?: string | undefined }): Promise<OrganizationMember[]>;
  changeRole(input: { userId: string; organizationId: string; memberId: string; role: string; context?: RequestContext }): Promise<OrganizationMember>;
  /** Removes a member; a member may always remove themself (leave), except the last owner. */
  removeMember(input: { userId: string; organizationId: string; memberId: string; context?: RequestContext }): Promise<void>;
  listInvitations(input: { userId: string; organizationId: string }): Promise<OrganizationInvitation[]>;
  invite(input: { userId: string; organizationId: string; email: string; role: string; link: string; context?: RequestContext }): Promise<OrganizationInvitation>;
  revokeInvitation(input: { userId: string; organizationId: string; invitationId: string }): Promise<void>;
  /** Sends a fresh link (the old one stops working) and restarts the lifetime. */
  resendInvitation(input: { userId: string; organizationId: string; invitationId: string; link: string }): Promise<OrganizationInvitation>;
  /** What an invitation link offers, for its landing page; refuses used, revoked and expired ones. */
  previewInvitation(token: string): Promise<{ organization: { name: string; slug: string; logoUrl: string | null }; email: string; role: string; expiresAt: string }>;
  acceptInvitation(input: { userId: string; token: string; context?: RequestContext }): Promise<OrganizationSummary>;
  listDomains(input: { userId: string; organizationId: string }): Promise<OrganizationDomain[]>;
  addDomain(input: { userId: string; organizationId: string; domain: string }): Promise<OrganizationDomain>;
  verifyDomain(input: { userId: string; organizationId: string; domainId: string }): Promise<OrganizationDomain>;
  removeDomain(input: { userId: string; organizationId: string; domainId: string }): Promise<void>;
  /** Organizations (in `offer` mode) the user may join through their verified email's domain. */
  suggestions(userId: string): Promise<{ id: string; name: string; slug: string; logoUrl: string | null }[]>;
  joinByDomain(input: { userId: string; organizationId: string }): Promise<OrganizationSummary>;
  /**
   * Makes `organizationId` (or none: the personal account) the one the grant's
   * tokens act in. Checks the organization's policy: a second factor set up
   * (403 `org_mfa_required`) and, when `amr` (how the session signed in) is
   * given, an allowed sign-in method (403 `sign_in_method_not_allowed`).
   */
  setActive(input: { userId: string; grantId: string; organizationId: string | null; amr?: readonly string[] | undefined }): Promise<OrganizationSummary | null>;
  /** The user's organizations with their policies, for sign-in's `organization` step. */
  signInChoices(userId: string): Promise<OrganizationChoice[]>;
  /**
   * Records the organization a new grant starts in, as chosen in the sign-in
   * flow (which has enforced the policy already); `null` starts it as the
   * personal account. A membership gone meanwhile starts it personal.
   */
  startGrantIn(input: { userId: string; grantId: string; organizationId: string | null }): Promise<void>;
  getActive(input: { userId: string; grantId: string }): Promise<OrganizationSummary | null>;
  /** The org claims for a grant's next access token; none when it acts as a personal account or lost the membership. */
  tokenClaims(grantId: string): Promise<OrganizationClaims | undefined>;
}

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/u;
const DOMAIN_PATTERN = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/u;

export function assertSlug(slug: string): void {
  if (slug.length < 2 || slug.length > 48 || !SLUG_PATTERN.test(slug)) {
    throw new OrganizationError({ status: 400, code: 'invalid_slug', message: 'A slug is 2 to 48 lower-case letters, digits and single hyphens, such as "acme-inc".' });
  }
}

export function normalizeDomain(input: string): string {
  const domain = input.trim().toLowerCase().replace(/\.$/u, '');
  if (!DOMAIN_PATTERN.test(domain)) throw new OrganizationError({ status: 400, code: 'invalid_domain', message: 'Give a domain name such as "example.com".' });
  return domain;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');
const emailDomain = (email: string) => email.slice(email.lastIndexOf('@') + 1);
const iso = (value: Date | string) => new Date(value).toISOString();

type OrgRow = Selectable<OrganizationsTable>;

export function createOrganizationService(deps: {
  db: CoreDatabase;
  users: UserRepository;
  mailer: Mailer;
  mail: EmailRenderer;
  audit: AuditRecorder;
  /** Whether the user has a confirmed second factor (the `requireMfa` policy). */
  hasSecondFactor: (userId: string) => Promise<boolean>;
  options: OrganizationOptions;
  resolveTxt?: TxtResolver | undefined;
  now?: () => Date;
}): OrganizationService {
  const { db, users, options } = deps;
  const now = deps.now ?? (() => new Date());
  const resolveTxt = deps.resolveTxt ?? dnsResolveTxt;

  const permissionsOf = (role: string): string[] => [...(BUILT_IN_ROLES[role as keyof typeof BUILT_IN_ROLES] ?? options.roles[role]?.permissions ?? [])];
  const isRole = (role: string) => role in BUILT_IN_ROLES || Object.hasOwn(options.roles, role);
  const assertRole = (role: string) => {
    if (!isRole(role)) {
      throw new OrganizationError({ status: 400, code: 'invalid_role', message: `Unknown role "${role.slice(0, 32)}"; use one of ${[...Object.keys(BUILT_IN_ROLES), ...Object.keys(options.roles)].join(', ')}.` });
    }
  };

  const summary = (org: { id: string; name: string; slug: string; logo_url: string | null }, role: string): OrganizationSummary => ({
    id: org.id,
    name: org.name,
    slug: org.slug,
    logoUrl: org.logo_url,
    role,
    permissions: permissionsOf(role),
  });

  const detail = (org: OrgRow, role: string): Organization => ({
    ...summary(org, role),
    metadata: (typeof org.metadata === 'string' ? JSON.parse(org.metadata) : org.metadata) as Record<string, unknown>,
    policy: { requireMfa: org.require_mfa, allowedMethods: storedAllowedMethods(org.allowed_methods) },
    domainJoin: org.domain_join === 'auto' ? 'auto' : 'offer',
    createdAt: iso(org.created_at),
  });

  /** The organization and the user's role in it; a non-member learns nothing (404, as for no organization at all). */
  async function membership(trx: CoreDatabase | Transaction<CoreSchema>, userId: string, organizationId: string, lock = false) {
    let query = trx
      .selectFrom('latch_organizations as o')
      .innerJoin('latch_org_memberships as m', 'm.organization_id', 'o.id')
      .selectAll('o')
      .select('m.role')
      .where('o.id', '=', organizationId)
      .where('m.user_id', '=', userId);
    if (lock) query = query.forUpdate();
    const row = await query.executeTakeFirst();
    if (!row) throw orgNotFound();
    const { role, ...org } = row;
    return { org: org as OrgRow, role };
  }

  function requirePermission(role: string, permission: string): void {
    if (!permissionsOf(role).includes(permission)) throw forbidden();
  }

  async function countOwners(trx: Transaction<CoreSchema>, organizationId: string): Promise<number> {
    const row = await trx
      .selectFrom('latch_org_memberships')
      .select((eb) => eb.fn.countAll<string>().as('owners'))
      .where('organization_id', '=', organizationId)
      .where('role', '=', 'owner')
      .executeTakeFirstOrThrow();
    return Number(row.owners);
  }

  function invitationStatus(row: { accepted_at: Date | null; revoked_at: Date | null; expires_at: Date }): OrganizationInvitation['status'] {
    if (row.accepted_at) return 'accepted';
    if (row.revoked_at) return 'revoked';
    return new Date(row.expires_at) <= now() ? 'expired' : 'pending';
  }

  const toInvitation = (row: { id: string; email: string; role: string; created_at: Date; expires_at: Date; accepted_at: Date | null; revoked_at: Date | null }): OrganizationInvitation => ({
    id: row.id,
    email: row.email,
    role: row.role,
    status: invitationStatus(row),
    createdAt: iso(row.created_at),
    expiresAt: iso(row.expires_at),
  });

  const toDomain = (row: { id: string; domain: string; verification_value: string; verified_at: Date | null }): OrganizationDomain => ({
    id: row.id,
    domain: row.domain,
    verified: row.verified_at !== null,
    txtRecord: { name: `${DOMAIN_VERIFICATION_PREFIX}.${row.domain}`, value: row.verification_value },
    verifiedAt: row.verified_at ? iso(row.verified_at) : null,
  });

  async function sendInvitation(input: { organization: string; inviterId: string; email: string; role: string; token: string; link: string }): Promise<void> {
    const inviter = await users.findById(input.inviterId);
    const link = new URL(input.link);
    link.searchParams.set('token', input.token);
    const rendered = deps.mail.render('organization-invitation', {
      params: {
        organization: input.organization,
        inviter: inviter?.email ?? input.organization,
        role: input.role,
        link: link.href,
        expiresInDays: Math.max(1, Math.round(options.invitationTtlSeconds / 86_400)),
      },
    });
    await deps.mailer.send({ to: input.email, ...rendered });
  }

  /** Verified domains of the user's verified email, with the organization owning each. */
  async function domainOrganizations(userId: string) {
    const user = await users.findById(userId);
    if (!user?.emailVerified) return [];
    return db
      .selectFrom('latch_org_domains as d')
      .innerJoin('latch_organizations as o', 'o.id', 'd.organization_id')
      .select(['o.id', 'o.name', 'o.slug', 'o.logo_url', 'o.domain_join'])
      .where('d.domain', '=', emailDomain(user.email))
      .where('d.verified_at', 'is not', null)
      .where((eb) =>
        eb.not(eb.exists(eb.selectFrom('latch_org_memberships as m').select('m.user_id').whereRef('m.organization_id', '=', 'o.id').where('m.user_id', '=', userId))),
      )
      .execute();
  }

  async function addMember(userId: string, organizationId: string, role: string): Promise<void> {
    await db
      .insertInto('latch_org_memberships')
      .values({ organization_id: organizationId, user_id: userId, role, created_at: now() })
      .onConflict((oc) => oc.columns(['organization_id', 'user_id']).doNothing())
      .execute();
  }

  async function findInvitation(token: string) {
    if (!/^[A-Za-z0-9_-]{20,100}$/u.test(token)) return undefined;
    return db
      .selectFrom('latch_org_invitations as i')
      .innerJoin('latch_organizations as o', 'o.id', 'i.organization_id')
      .select(['i.id', 'i.email', 'i.role', 'i.expires_at', 'i.accepted_at', 'i.revoked_at', 'i.organization_id', 'o.name', 'o.slug', 'o.logo_url'])
      .where('i.token_hash', '=', hashToken(token))
      .executeTakeFirst();
  }

  function assertUsable(invitation: { accepted_at: Date | null; revoked_at: Date | null; expires_at: Date }): void {
    const status = invitationStatus(invitation);
    if (status === 'accepted') throw invitationGone('invitation_used', 'This invitation has already been accepted.');
    if (status === 'revoked') throw invitationGone('invitation_revoked', 'This invitation was withdrawn.');
    if (status === 'expired') throw invitationGone('invitation_expired', 'This invitation has expired; ask for a new one.');
  }

  async function checkPolicy(userId: string, org: { require_mfa: boolean }): Promise<void> {
    if (org.require_mfa && !(await deps.hasSecondFactor(userId))) {
      throw new OrganizationError({
        status: 403,
        code: 'org_mfa_required',
        message: 'This organization requires two-step verification: set up a second factor first.',
      });
    }
  }

  return {
    options,
    permissionsOf,
    roles: () => [
      ...Object.entries(BUILT_IN_ROLES).map(([name, permissions]) => ({ name, permissions: [...permissions] })),
      ...Object.entries(options.roles).map(([name, role]) => ({ name, permissions: [...role.permissions] })),
    ],

    async list(userId) {
      for (const org of await domainOrganizations(userId)) {
        if (org.domain_join === 'auto') await addMember(userId, org.id, 'member');
      }
      const rows = await db
        .selectFrom('latch_organizations as o')
        .innerJoin('latch_org_memberships as m', 'm.organization_id', 'o.id')
        .select(['o.id', 'o.name', 'o.slug', 'o.logo_url', 'm.role'])
        .where('m.user_id', '=', userId)
        .orderBy('o.name')
        .orderBy('o.id')
        .execute();
      return rows.map((row) => summary(row, row.role));
    },

    async create({ userId, name, slug, logoUrl, metadata, asOperator }) {
      if (options.creation === 'none' && !asOperator) {
        throw new OrganizationError({ status: 403, code: 'org_creation_disabled', message: 'Creating organizations is turned off.' });
      }
      assertSlug(slug);
      if (!(await users.findById(userId))) throw new OrganizationError({ status: 404, code: 'user_not_found', message: 'There is no such user.' });
      const id = `org_${randomUUID().replaceAll('-', '')}`;
      const at = now();
      try {
        await db.transaction().execute(async (trx) => {
          await trx
            .insertInto('latch_organizations')
            .values({ id, name, slug, logo_url: logoUrl ?? null, metadata: JSON.stringify(metadata ?? {}), created_at: at, updated_at: at })
            .execute();
          await trx.insertInto('latch_org_memberships').values({ organization_id: id, user_id: userId, role: 'owner', created_at: at }).execute();
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new OrganizationError({ status: 409, code: 'slug_taken', message: 'That slug is taken; choose another.' });
        throw error;
      }
      await deps.audit.record({ type: 'organization.created', userId, details: { organizationId: id } });
      const { org, role } = await membership(db, userId, id);
      return detail(org, role);
    },

    async get({ userId, organizationId }) {
      const { org, role } = await membership(db, userId, organizationId);
      return detail(org, role);
    },

    async update({ userId, organizationId, patch, context }) {
      const { role } = await membership(db, userId, organizationId);
      const touchesDetails = patch.name !== undefined || patch.slug !== undefined || patch.logoUrl !== undefined || patch.metadata !== undefined;
      if (touchesDetails) requirePermission(role, ORG_PERMISSIONS.update);
      if (patch.policy !== undefined || patch.domainJoin !== undefined) requirePermission(role, ORG_PERMISSIONS.policyManage);
      if (patch.slug !== undefined) assertSlug(patch.slug);
      const allowedMethods = patch.policy?.allowedMethods === undefined ? undefined : parseAllowedMethods(patch.policy.allowedMethods);
      try {
        await db
          .updateTable('latch_organizations')
          .set({
            updated_at: now(),
            ...(patch.name === undefined ? {} : { name: patch.name }),
            ...(patch.slug === undefined ? {} : { slug: patch.slug }),
            ...(patch.logoUrl === undefined ? {} : { logo_url: patch.logoUrl }),
            ...(patch.metadata === undefined ? {} : { metadata: JSON.stringify(patch.metadata) }),
            ...(patch.policy?.requireMfa === undefined ? {} : { require_mfa: patch.policy.requireMfa }),
            ...(allowedMethods === undefined ? {} : { allowed_methods: allowedMethods === null ? null : JSON.stringify(allowedMethods) }),
            ...(patch.domainJoin === undefined ? {} : { domain_join: patch.domainJoin }),
          })
          .where('id', '=', organizationId)
          .execute();
      } catch (error) {
        if (isUniqueViolation(error)) throw new OrganizationError({ status: 409, code: 'slug_taken', message: 'That slug is taken; choose another.' });
        throw error;
      }
      await deps.audit.record({ type: 'organization.updated', userId, ip: context?.ip, userAgent: context?.userAgent, details: { organizationId } });
      const after = await membership(db, userId, organizationId);
      return detail(after.org, after.role);
    },

    async remove({ userId, organizationId, context }) {
      const { role } = await membership(db, userId, organizationId);
      requirePermission(role, ORG_PERMISSIONS.delete);
      await db.deleteFrom('latch_organizations').where('id', '=', organizationId).execute();
      await deps.audit.record({ type: 'organization.deleted', userId, ip: context?.ip, userAgent: context?.userAgent, details: { organizationId } });
    },

    async listMembers({ userId, organizationId, search }) {
      const { role } = await membership(db, userId, organizationId);
      requirePermission(role, ORG_PERMISSIONS.membersRead);
      let query = db
        .selectFrom('latch_org_memberships as m')
        .innerJoin('latch_users as u', 'u.id', 'm.user_id')
        .select(['m.user_id', 'u.email', 'm.role', 'm.created_at'])
        .where('m.organization_id', '=', organizationId);
      const term = search?.trim().toLowerCase();
      if (term) query = query.where('u.email', 'like', `%${term.replace(/[\\%_]/gu, (c) => `\\${c}`)}%`);
      const rows = await query.orderBy('u.email').limit(500).execute();
      return rows.map((row) => ({ userId: row.user_id, email: row.email, role: row.role, joinedAt: iso(row.created_at) }));
    },

    async changeRole({ userId, organizationId, memberId, role: newRole, context }) {
      assertRole(newRole);
      const changed = await db.transaction().execute(async (trx) => {
        // Locking the organization row serialises role changes, so two owners
        // demoting each other cannot leave it without one.
        const { role } = await membership(trx, userId, organizationId, true);
        requirePermission(role, ORG_PERMISSIONS.membersManage);
        const target = await trx
          .selectFrom('latch_org_memberships as m')
          .innerJoin('latch_users as u', 'u.id', 'm.user_id')
          .select(['m.role', 'u.email', 'm.created_at'])
          .where('m.organization_id', '=', organizationId)
          .where('m.user_id', '=', memberId)
          .executeTakeFirst();
        if (!target) throw new OrganizationError({ status: 404, code: 'member_not_found', message: 'There is no such member.' });
        if ((target.role === 'owner' || newRole === 'owner') && role !== 'owner') throw forbidden();
        if (target.role === 'owner' && newRole !== 'owner' && (await countOwners(trx, organizationId)) <= 1) throw lastOwner();
        await trx.updateTable('latch_org_memberships').set({ role: newRole }).where('organization_id', '=', organizationId).where('user_id', '=', memberId).execute();
        return { userId: memberId, email: target.email, role: newRole, joinedAt: iso(target.created_at), from: target.role };
      });
      await deps.audit.record({
        type: 'organization.role_changed',
        userId,
        ip: context?.ip,
        userAgent: context?.userAgent,
        details: { organizationId, memberId, from: changed.from, to: newRole },
      });
      const { from: _from, ...member } = changed;
      return member;
    },

    async removeMember({ userId, organizationId, memberId, context }) {
      await db.transaction().execute(async (trx) => {
        const { role } = await membership(trx, userId, organizationId, true);
        if (memberId !== userId) requirePermission(role, ORG_PERMISSIONS.membersManage);
        const target = await trx
          .selectFrom('latch_org_memberships')
          .select('role')
          .where('organization_id', '=', organizationId)
          .where('user_id', '=', memberId)
          .executeTakeFirst();
        if (!target) throw new OrganizationError({ status: 404, code: 'member_not_found', message: 'There is no such member.' });
        if (target.role === 'owner' && memberId !== userId && role !== 'owner') throw forbidden();
        if (target.role === 'owner' && (await countOwners(trx, organizationId)) <= 1) throw lastOwner();
        await trx.deleteFrom('latch_org_memberships').where('organization_id', '=', organizationId).where('user_id', '=', memberId).execute();
        await trx.deleteFrom('latch_org_active').where('organization_id', '=', organizationId).where('user_id', '=', memberId).execute();
      });
      await deps.audit.record({
        type: memberId === userId ? 'organization.left' : 'organization.member_removed',
        userId,
        ip: context?.ip,
        userAgent: context?.userAgent,
        details: { organizationId, memberId },
      });
    },

    async listInvitations({ userId, organizationId }) {
      const { role } = await membership(db, userId, organizationId);
      requirePermission(role, ORG_PERMISSIONS.invitationsManage);
      const rows = await db
        .selectFrom('latch_org_invitations')
        .select(['id', 'email', 'role', 'created_at', 'expires_at', 'accepted_at', 'revoked_at'])
        .where('organization_id', '=', organizationId)
        .orderBy('created_at', 'desc')
        .limit(500)
        .execute();
      return rows.map(toInvitation);
    },

    async invite({ userId, organizationId, email: rawEmail, role: invitedRole, link, context }) {
      assertRole(invitedRole);
      const email = normalizeEmail(rawEmail);
      const { org, role } = await membership(db, userId, organizationId);
      requirePermission(role, ORG_PERMISSIONS.invitationsManage);
      if (invitedRole === 'owner' && role !== 'owner') throw forbidden();
      const existing = await db
        .selectFrom('latch_org_memberships as m')
        .innerJoin('latch_users as u', 'u.id', 'm.user_id')
        .select('m.user_id')
        .where('m.organization_id', '=', organizationId)
        .where('u.email', '=', email)
        .executeTakeFirst();
      if (existing) throw new OrganizationError({ status: 409, code: 'already_member', message: 'This person is already a member.' });
      const pending = await db
        .selectFrom('latch_org_invitations')
        .select('id')
        .where('organization_id', '=', organizationId)
        .where('email', '=', email)
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now())
        .executeTakeFirst();
      if (pending) throw new OrganizationError({ status: 409, code: 'invitation_pending', message: 'This address already has a pending invitation; resend it instead.' });
      const token = randomBytes(32).toString('base64url');
      const at = now();
      const row = {
        id: `inv_${randomUUID().replaceAll('-', '')}`,
        organization_id: organizationId,
        email,
        role: invitedRole,
        token_hash: hashToken(token),
        invited_by: userId,
        created_at: at,
        expires_at: new Date(at.getTime() + options.invitationTtlSeconds * 1000),
        accepted_at: null,
        accepted_by: null,
        revoked_at: null,
      };
      await db.insertInto('latch_org_invitations').values(row).execute();
      await sendInvitation({ organization: org.name, inviterId: userId, email, role: invitedRole, token, link });
      await deps.audit.record({ type: 'organization.invited', userId, ip: context?.ip, userAgent: context?.userAgent, details: { organizationId, invitationId: row.id, role: invitedRole } });
      return toInvitation(row);
    },

    async revokeInvitation({ userId, organizationId, invitationId }) {
      const { role } = await membership(db, userId, organizationId);
      requirePermission(role, ORG_PERMISSIONS.invitationsManage);
      const result = await db
        .updateTable('latch_org_invitations')
        .set({ revoked_at: now() })
        .where('id', '=', invitationId)
        .where('organization_id', '=', organizationId)
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw new OrganizationError({ status: 404, code: 'invitation_not_found', message: 'There is no such pending invitation.' });
    },

    async resendInvitation({ userId, organizationId, invitationId, link }) {
      const { org, role } = await membership(db, userId, organizationId);
      requirePermission(role, ORG_PERMISSIONS.invitationsManage);
      const token = randomBytes(32).toString('base64url');
      const row = await db
        .updateTable('latch_org_invitations')
        .set({ token_hash: hashToken(token), expires_at: new Date(now().getTime() + options.invitationTtlSeconds * 1000) })
        .where('id', '=', invitationId)
        .where('organization_id', '=', organizationId)
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .returning(['id', 'email', 'role', 'created_at', 'expires_at', 'accepted_at', 'revoked_at'])
        .executeTakeFirst();
      if (!row) throw new OrganizationError({ status: 404, code: 'invitation_not_found', message: 'There is no such pending invitation.' });
      await sendInvitation({ organization: org.name, inviterId: userId, email: row.email, role: row.role, token, link });
      return toInvitation(row);
    },

    async previewInvitation(token) {
      const invitation = await findInvitation(token);
      if (!invitation) throw new OrganizationError({ status: 404, code: 'invitation_not_found', message: 'This invitation link is not valid.' });
      assertUsable(invitation);
      return {
        organization: { name: invitation.name, slug: invitation.slug, logoUrl: invitation.logo_url },
        email: invitation.email,
        role: invitation.role,
        expiresAt: iso(invitation.expires_at),
      };
    },

    async acceptInvitation({ userId, token, context }) {
      const user = await users.findById(userId);
      if (!user) throw new OrganizationError({ status: 404, code: 'user_not_found', message: 'There is no such user.' });
      const accepted = await db.transaction().execute(async (trx) => {
        const invitation = await trx
          .selectFrom('latch_org_invitations')
          .select(['id', 'email', 'role', 'organization_id', 'expires_at', 'accepted_at', 'revoked_at'])
          .where('token_hash', '=', /^[A-Za-z0-9_-]{20,100}$/u.test(token) ? hashToken(token) : '')
          .forUpdate()
          .executeTakeFirst();
        if (!invitation) throw new OrganizationError({ status: 404, code: 'invitation_not_found', message: 'This invitation link is not valid.' });
        assertUsable(invitation);
        // The link went to one mailbox: another account may not use it.
        if (invitation.email !== user.email) {
          throw new OrganizationError({ status: 403, code: 'invitation_email_mismatch', message: 'This invitation is for another email address; sign in with that one.' });
        }
        await trx.updateTable('latch_org_invitations').set({ accepted_at: now(), accepted_by: userId }).where('id', '=', invitation.id).execute();
        await trx
          .insertInto('latch_org_memberships')
          .values({ organization_id: invitation.organization_id, user_id: userId, role: invitation.role, created_at: now() })
          .onConflict((oc) => oc.columns(['organization_id', 'user_id']).doNothing())
          .execute();
        return invitation;
      });
      // Following the emailed link proves the mailbox, as a verification code would.
      if (!user.emailVerified) await users.markEmailVerified(userId);
      await deps.audit.record({
        type: 'organization.invitation_accepted',
        userId,
        ip: context?.ip,
        userAgent: context?.userAgent,
        details: { organizationId: accepted.organization_id, invitationId: accepted.id },
      });
      const { org, role } = await membership(db, userId, accepted.organization_id);
      return summary(org, role);
    },

    async listDomains({ userId, organizationId }) {
      const { role } = await membership(db, userId, organizationId);
      requirePermission(role, ORG_PERMISSIONS.domainsManage);
      const rows = await db
        .selectFrom('latch_org_domains')
        .select(['id', 'domain', 'verification_value', 'verified_at'])
        .where('organization_id', '=', organizationId)
        .orderBy('domain')
        .execute();
      return rows.map(toDomain);
    },

    async addDomain({ userId, organizationId, domain: rawDomain }) {
      const domain = normalizeDomain(rawDomain);
      const { role } = await membership(db, userId, organizationId);
      requirePermission(role, ORG_PERMISSIONS.domainsManage);
      const row = {
        id: `dom_${randomUUID().replaceAll('-', '')}`,
        organization_id: organizationId,
        domain,
        verification_value: `latch-verification=${randomBytes(24).toString('base64url')}`,
        verified_at: null,
        created_at: now(),
      };
      try {
        await db.insertInto('latch_org_domains').values(row).execute();
      } catch (error) {
        if (isUniqueViolation(error)) throw new OrganizationError({ status: 409, code: 'domain_exists', message: 'This domain is already listed.' });
        throw error;
      }
      return toDomain(row);
    },

    async verifyDomain({ userId, organizationId, domainId }) {
      const { role } = await membership(db, userId, organizationId);
      requirePermission(role, ORG_PERMISSIONS.domainsManage);
      const row = await db
        .selectFrom('latch_org_domains')
        .select(['id', 'domain', 'verification_value', 'verified_at'])
        .where('id', '=', domainId)
        .where('organization_id', '=', organizationId)
        .executeTakeFirst();
      if (!row) throw new OrganizationError({ status: 404, code: 'domain_not_found', message: 'There is no such domain.' });
      if (row.verified_at) return toDomain(row);
      const records = await resolveTxt(`${DOMAIN_VERIFICATION_PREFIX}.${row.domain}`).catch(() => [] as string[][]);
      if (!records.some((chunks) => chunks.join('') === row.verification_value)) {
        throw new OrganizationError({
          status: 422,
          code: 'domain_verification_failed',
          message: `No TXT record at ${DOMAIN_VERIFICATION_PREFIX}.${row.domain} holds the verification value yet; DNS changes can take a while.`,
        });
      }
      const verifiedAt = now();
      try {
        await db.updateTable('latch_org_domains').set({ verified_at: verifiedAt }).where('id', '=', row.id).execute();
      } catch (error) {
        if (isUniqueViolation(error)) throw new OrganizationError({ status: 409, code: 'domain_taken', message: 'Another organization has verified this domain.' });
        throw error;
      }
      return toDomain({ ...row, verified_at: verifiedAt });
    },

    async removeDomain({ userId, organizationId, domainId }) {
      const { role } = await membership(db, userId, organizationId);
      requirePermission(role, ORG_PERMISSIONS.domainsManage);
      const result = await db.deleteFrom('latch_org_domains').where('id', '=', domainId).where('organization_id', '=', organizationId).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) throw new OrganizationError({ status: 404, code: 'domain_not_found', message: 'There is no such domain.' });
    },

    async suggestions(userId) {
      return (await domainOrganizations(userId)).filter((org) => org.domain_join === 'offer').map((org) => ({ id: org.id, name: org.name, slug: org.slug, logoUrl: org.logo_url }));
    },

    async joinByDomain({ userId, organizationId }) {
      const org = (await domainOrganizations(userId)).find((candidate) => candidate.id === organizationId);
      // Not offered (no verified domain of the user's verified email): answered like a stranger's organization.
      if (!org) throw orgNotFound();
      await addMember(userId, organizationId, 'member');
      await deps.audit.record({ type: 'organization.joined_by_domain', userId, details: { organizationId } });
      const { org: joined, role } = await membership(db, userId, organizationId);
      return summary(joined, role);
    },

    async setActive({ userId, grantId, organizationId, amr }) {
      if (organizationId === null) {
        if (!options.personalAccounts) {
          throw new OrganizationError({ status: 403, code: 'personal_account_disabled', message: 'Choose an organization: personal accounts are turned off.' });
        }
        await db.deleteFrom('latch_org_active').where('grant_id', '=', grantId).execute();
        return null;
      }
      const { org, role } = await membership(db, userId, organizationId);
      await checkPolicy(userId, org);
      if (amr !== undefined && !methodAllowed({ allowedMethods: storedAllowedMethods(org.allowed_methods) }, amr)) throw signInMethodNotAllowed();
      await db
        .insertInto('latch_org_active')
        .values({ grant_id: grantId, user_id: userId, organization_id: organizationId, updated_at: now() })
        .onConflict((oc) => oc.column('grant_id').doUpdateSet({ user_id: userId, organization_id: organizationId, updated_at: now() }))
        .execute();
      return summary(org, role);
    },

    async signInChoices(userId) {
      const rows = await db
        .selectFrom('latch_organizations as o')
        .innerJoin('latch_org_memberships as m', 'm.organization_id', 'o.id')
        .select(['o.id', 'o.name', 'o.slug', 'o.logo_url', 'o.require_mfa', 'o.allowed_methods', 'm.role'])
        .where('m.user_id', '=', userId)
        .orderBy('o.name')
        .orderBy('o.id')
        .execute();
      return rows.map((row) => ({ ...summary(row, row.role), policy: { requireMfa: row.require_mfa, allowedMethods: storedAllowedMethods(row.allowed_methods) } }));
    },

    async startGrantIn({ userId, grantId, organizationId }) {
      const member =
        organizationId !== null &&
        (await db.selectFrom('latch_org_memberships').select('user_id').where('organization_id', '=', organizationId).where('user_id', '=', userId).executeTakeFirst());
      if (!member || organizationId === null) {
        await db.deleteFrom('latch_org_active').where('grant_id', '=', grantId).execute();
        return;
      }
      await db
        .insertInto('latch_org_active')
        .values({ grant_id: grantId, user_id: userId, organization_id: organizationId, updated_at: now() })
        .onConflict((oc) => oc.column('grant_id').doUpdateSet({ user_id: userId, organization_id: organizationId, updated_at: now() }))
        .execute();
    },

    async getActive({ userId, grantId }) {
      const row = await db
        .selectFrom('latch_org_active as a')
        .innerJoin('latch_org_memberships as m', (join) => join.onRef('m.organization_id', '=', 'a.organization_id').onRef('m.user_id', '=', 'a.user_id'))
        .innerJoin('latch_organizations as o', 'o.id', 'a.organization_id')
        .select(['o.id', 'o.name', 'o.slug', 'o.logo_url', 'm.role'])
        .where('a.grant_id', '=', grantId)
        .where('a.user_id', '=', userId)
        .executeTakeFirst();
      return row ? summary(row, row.role) : null;
    },

    async tokenClaims(grantId) {
      const row = await db
        .selectFrom('latch_org_active as a')
        .innerJoin('latch_org_memberships as m', (join) => join.onRef('m.organization_id', '=', 'a.organization_id').onRef('m.user_id', '=', 'a.user_id'))
        .innerJoin('latch_organizations as o', 'o.id', 'a.organization_id')
        .select(['o.id', 'o.slug', 'o.require_mfa', 'm.role', 'a.user_id'])
        .where('a.grant_id', '=', grantId)
        .executeTakeFirst();
      if (!row) return undefined;
      // The policy may have tightened since the switch: no claims until it is met.
      if (row.require_mfa && !(await deps.hasSecondFactor(row.user_id))) return undefined;
      return { org_id: row.id, org_slug: row.slug, org_role: row.role, org_permissions: permissionsOf(row.role) };
    },
  };
}

/** PostgreSQL's unique_violation, from `pg` or PGlite. */
function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
