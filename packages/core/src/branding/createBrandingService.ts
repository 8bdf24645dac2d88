import type { AuditRecorder } from '../audit/createAuditLog.ts';
import type { OrganizationService } from '../organizations/createOrganizationService.ts';
import { ORG_PERMISSIONS } from '../organizations/organizationOptions.ts';
import type { CoreDatabase } from '../storage/createDatabase.ts';
import { brandingSettingsSchema, emptyBrandingSettings, type BrandingSettings } from './brandingSettings.ts';
import { BrandingError, resolveBranding, type ResolvedBranding } from './resolveBranding.ts';

export interface OrganizationBranding {
  /** What the admin set (nulls: the default). */
  settings: BrandingSettings;
  /** What the sign-in page of the organization gets. */
  resolved: ResolvedBranding;
}

export interface BrandingService {
  /** Admins of the organization only (`org:update`); non-members get 404 `org_not_found`, members 403 `org_forbidden`. */
  get(input: { userId: string; organizationId: string }): Promise<OrganizationBranding>;
  /** Replaces the settings; contrast is checked before anything is stored (422 `brand_color_contrast`). */
  put(input: { userId: string; organizationId: string; settings: BrandingSettings; context?: { ip?: string | undefined; userAgent?: string | undefined } | undefined }): Promise<OrganizationBranding>;
  /**
   * The public view for a sign-in page: the calling client's configured
   * branding, with the organization's (by slug) over it. 404
   * `branding_not_found` for a slug no organization has.
   */
  resolve(input: { organizationSlug?: string | undefined; clientId?: string | undefined }): Promise<ResolvedBranding>;
}

const notFound = () => new BrandingError({ status: 404, code: 'branding_not_found', message: 'No organization has that slug.' });

/** Organization settings over client settings, field by field: a null means "not set here". */
function merge(base: BrandingSettings, over: BrandingSettings): BrandingSettings {
  return {
    baseTheme: over.baseTheme ?? base.baseTheme,
    logoUrl: over.logoUrl ?? base.logoUrl,
    displayName: over.displayName ?? base.displayName,
    colors: { primary: over.colors.primary ?? base.colors.primary, link: over.colors.link ?? base.colors.link },
    copy: { signInHeading: over.copy.signInHeading ?? base.copy.signInHeading, signUpHeading: over.copy.signUpHeading ?? base.copy.signUpHeading },
  };
}

export function createBrandingService(deps: {
  db: CoreDatabase;
  organizations: OrganizationService;
  audit: AuditRecorder;
  /** Per OIDC client id, from config (`clients[].branding`). */
  clientBranding?: Readonly<Record<string, BrandingSettings>>;
  now?: () => Date;
}): BrandingService {
  const { db, organizations } = deps;
  const now = deps.now ?? (() => new Date());
  const clientBranding = deps.clientBranding ?? {};
  // A client's branding that fails contrast is a configuration error: fail at start-up, not at the first sign-in.
  for (const [clientId, settings] of Object.entries(clientBranding)) {
    try {
      resolveBranding(settings, null);
    } catch (error) {
      throw new TypeError(`clients[${clientId}].branding: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }

  async function stored(organizationId: string): Promise<BrandingSettings> {
    const row = await db.selectFrom('latch_org_branding').select('settings').where('organization_id', '=', organizationId).executeTakeFirst();
    if (!row) return emptyBrandingSettings;
    const value: unknown = typeof row.settings === 'string' ? JSON.parse(row.settings) : row.settings;
    // Re-validated on read: a row written by an older version must not bypass today's rules.
    const parsed = brandingSettingsSchema.safeParse(value);
    return parsed.success ? parsed.data : emptyBrandingSettings;
  }

  async function asAdmin(userId: string, organizationId: string) {
    const organization = await organizations.get({ userId, organizationId });
    if (!organization.permissions.includes(ORG_PERMISSIONS.update)) {
      throw new BrandingError({ status: 403, code: 'org_forbidden', message: 'Your role in this organization does not allow this.' });
    }
    return organization;
  }

  return {
    async get({ userId, organizationId }) {
      const organization = await asAdmin(userId, organizationId);
      const settings = await stored(organizationId);
      return { settings, resolved: resolveBranding(settings, organization) };
    },

    async put({ userId, organizationId, settings, context }) {
      const organization = await asAdmin(userId, organizationId);
      const resolved = resolveBranding(settings, organization);
      const at = now();
      await db
        .insertInto('latch_org_branding')
        .values({ organization_id: organizationId, settings: JSON.stringify(settings), updated_at: at })
        .onConflict((conflict) => conflict.column('organization_id').doUpdateSet({ settings: JSON.stringify(settings), updated_at: at }))
        .execute();
      await deps.audit.record({ type: 'organization.branding_updated', userId, ip: context?.ip, userAgent: context?.userAgent, details: { organizationId } });
      return { settings, resolved };
    },

    async resolve({ organizationSlug, clientId }) {
      const base = (clientId === undefined ? undefined : clientBranding[clientId]) ?? emptyBrandingSettings;
      if (organizationSlug === undefined) return resolveBranding(base, null);
      const organization = await db.selectFrom('latch_organizations').select(['id', 'name', 'slug', 'logo_url']).where('slug', '=', organizationSlug).executeTakeFirst();
      if (!organization) throw notFound();
      const own = await stored(organization.id);
      const organizationView = { slug: organization.slug, name: organization.name, logoUrl: organization.logo_url };
      try {
        return resolveBranding(merge(base, own), organizationView);
      } catch (error) {
        // The organization's colours were checked against its own base theme; a
        // client base theme can change that. Never serve a failing theme: drop the client's.
        if (error instanceof BrandingError) return resolveBranding(own, organizationView);
        throw error;
      }
    },
  };
}
