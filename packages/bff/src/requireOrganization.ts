import type { Request, RequestHandler, Response } from 'express';
import { SESSION_COOKIE, readCookie } from './http/cookies.ts';
import type { AccountRequest } from './routes/accountRouteHelpers.ts';
import { publicOrganization, recheckOrganization } from './routes/organizationRoutes.ts';
import type { SessionOrganization } from './storage/bffSchema.ts';
import type { SessionStore, StoredSession } from './storage/createSessionStore.ts';

/** What the guards put in `res.locals`, beside `latchSession`. */
export interface OrganizationLocals {
  latchSession: StoredSession;
  /** The session's active organization, as the core confirmed it at most `organizationRecheckSeconds` ago. */
  latchOrganization: Omit<SessionOrganization, 'checkedAt'>;
}

export type OrganizationGuardCode = 'unauthenticated' | 'org_required' | 'org_role_required' | 'org_permission_required';

/** Built-in roles by rank: a guard for `admin` lets owners through too. */
const RANK: Readonly<Record<string, number>> = { member: 1, admin: 2, owner: 3 };
const ROLE = /^[a-z][a-z0-9_-]{0,31}$/u;
const PERMISSION = /^[a-z][a-z0-9_.-]*(:[a-z0-9_.*-]+)*$/u;

/**
 * `requireOrgRole(...)` and `requirePermission(...)` for the product's own
 * routes. Each checks, in order: a session (401 `unauthenticated`); an
 * active organization (403 `org_required`: the user acts as their personal
 * account); the role or permissions (403 `org_role_required` /
 * `org_permission_required`). The organization and role come from the
 * session, re-confirmed with the core when older than `recheckSeconds`, so a
 * removed member or a demoted admin loses access within that bound.
 */
export function createRequireOrganization(deps: { sessions: SessionStore; accountRequest: AccountRequest; recheckSeconds: number; now?: () => number }) {
  const now = deps.now ?? (() => Date.now());

  async function organizationOf(req: Request): Promise<{ session?: StoredSession; organization?: SessionOrganization | null }> {
    const id = readCookie(req, SESSION_COOKIE);
    const session = id ? await deps.sessions.find(id) : undefined;
    if (!id || !session) return {};
    let organization = session.data.organization ?? null;
    if (organization && now() - organization.checkedAt > deps.recheckSeconds * 1000) organization = await recheckOrganization(deps, req, id, now());
    return { session, organization };
  }

  function guard(name: string, allows: (organization: SessionOrganization) => boolean, refusal: OrganizationGuardCode): RequestHandler {
    return async function latchRequireOrganization(req: Request, res: Response, next) {
      let result: Awaited<ReturnType<typeof organizationOf>>;
      try {
        result = await organizationOf(req);
      } catch (error) {
        next(error);
        return;
      }
      const fail = (status: number, code: OrganizationGuardCode, message: string) => res.status(status).set('cache-control', 'no-store').json({ error: { code, message } });
      if (!result.session) return void fail(401, 'unauthenticated', 'Sign in first.');
      if (!result.organization) return void fail(403, 'org_required', 'Switch to an organization first.');
      if (!allows(result.organization)) return void fail(403, refusal, `Your role in this organization does not allow this (${name}).`);
      res.locals.latchSession = result.session;
      res.locals.latchOrganization = publicOrganization(result.organization);
      next();
    };
  }

  /**
   * Only members of the active organization with one of `roles` pass. A
   * built-in role also admits the roles above it (`admin` lets owners in);
   * a custom role admits only itself.
   */
  function requireOrgRole(...roles: string[]): RequestHandler {
    if (roles.length === 0 || roles.some((role) => typeof role !== 'string' || !ROLE.test(role))) {
      throw new TypeError('requireOrgRole(...roles): name one or more roles, such as requireOrgRole("admin").');
    }
    return guard(
      `role ${roles.join(' or ')}`,
      (organization) => roles.some((role) => organization.role === role || (RANK[role] !== undefined && (RANK[organization.role] ?? 0) >= RANK[role])),
      'org_role_required',
    );
  }

  /** Only members whose role in the active organization carries every one of `permissions` pass. */
  function requirePermission(...permissions: string[]): RequestHandler {
    if (permissions.length === 0 || permissions.some((permission) => typeof permission !== 'string' || !PERMISSION.test(permission))) {
      throw new TypeError('requirePermission(...permissions): name one or more permissions, such as requirePermission("org:members:manage").');
    }
    return guard(`permission ${permissions.join(' and ')}`, (organization) => permissions.every((permission) => organization.permissions.includes(permission)), 'org_permission_required');
  }

  return { requireOrgRole, requirePermission };
}
