/** A built theme of `@latch/tokens` a brand starts from. */
export type BrandingBaseTheme = 'light' | 'dark' | 'playful' | 'enterprise';

/**
 * The look of a sign-in page, as `GET /auth/branding` serves it: already
 * validated and contrast-checked by the server. `properties` are `--latch-*`
 * custom properties for the element to set on itself.
 */
export interface Branding {
  organization: { slug: string; name: string } | null;
  /** The name for the logo's alt text; the organization's name unless overridden. */
  displayName: string | null;
  /** An https URL or a path on the app's origin. */
  logoUrl: string | null;
  baseTheme: BrandingBaseTheme;
  properties: Record<string, string>;
  copy: { signInHeading: string | null; signUpHeading: string | null };
}

/** What an organization admin sets (`PUT /auth/organizations/:id/branding`); a missing or null field is the default. */
export interface BrandingSettings {
  baseTheme?: BrandingBaseTheme | null;
  logoUrl?: string | null;
  displayName?: string | null;
  /** `#rgb` or `#rrggbb` only. */
  colors?: { primary?: string | null; link?: string | null };
  copy?: { signInHeading?: string | null; signUpHeading?: string | null };
}

export interface OrganizationBranding {
  settings: Required<BrandingSettings>;
  resolved: Branding;
}
