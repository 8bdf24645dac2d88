import { z } from 'zod';

/** What the built-in roles may do; custom roles list their own permissions in config. */
export const ORG_PERMISSIONS = {
  read: 'org:read',
  update: 'org:update',
  delete: 'org:delete',
  membersRead: 'org:members:read',
  membersManage: 'org:members:manage',
  invitationsManage: 'org:invitations:manage',
  domainsManage: 'org:domains:manage',
  policyManage: 'org:policy:manage',
} as const;

const P = ORG_PERMISSIONS;
const adminPermissions = [P.read, P.update, P.membersRead, P.membersManage, P.invitationsManage, P.domainsManage, P.policyManage];

/** Built-in roles: owner > admin > member. Only owners grant or take away `owner`, or delete the organization. */
export const BUILT_IN_ROLES: Readonly<Record<'owner' | 'admin' | 'member', readonly string[]>> = {
  owner: [...adminPermissions, P.delete],
  admin: adminPermissions,
  member: [P.read, P.membersRead],
};

export const ROLE_NAME = /^[a-z][a-z0-9_-]{0,31}$/u;
const permission = z
  .string()
  .regex(/^[a-z][a-z0-9_.-]*(:[a-z0-9_.*-]+)*$/u, 'must be lower-case words separated by ":", such as "billing:read"')
  .max(64);

/**
 * `createCore({ organizations })`: who may create organizations, whether a
 * user may act without one (a personal account), the custom roles and their
 * permission strings, and how long invitations live.
 */
export const organizationOptionsSchema = z
  .strictObject({
    /** `any` signed-in user may create an organization (and becomes its owner), or `none` (organizations are made by the operator, e.g. `core.organizations.create`). */
    creation: z.enum(['any', 'none']).default('any'),
    /** Whether a user may act as themself, with no active organization. */
    personalAccounts: z.boolean().default(true),
    /** Custom roles, e.g. `{ billing: { permissions: ['org:read', 'billing:manage'] } }`; the built-in names are reserved. */
    roles: z
      .record(
        z.string().regex(ROLE_NAME, 'must be a lower-case role name such as "billing"'),
        z.strictObject({ permissions: z.array(permission).max(64) }),
      )
      .default({})
      .superRefine((roles, ctx) => {
        for (const name of Object.keys(roles)) {
          if (name in BUILT_IN_ROLES) ctx.addIssue({ code: 'custom', path: [name], message: `"${name}" is a built-in role` });
        }
      }),
    /** How long an emailed invitation may be accepted. */
    invitationTtlSeconds: z.number().int().min(3600).max(90 * 24 * 3600).default(7 * 24 * 3600),
  })
  .default({ creation: 'any', personalAccounts: true, roles: {}, invitationTtlSeconds: 7 * 24 * 3600 });

export type OrganizationOptions = z.output<typeof organizationOptionsSchema>;
