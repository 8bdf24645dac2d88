import { themeNames, type ThemeName } from '@latch/tokens';
import { z } from 'zod';

/**
 * What an organization admin (or an OIDC client's config) may set. Colours
 * are `#rgb`/`#rrggbb` only and copy is plain text, so nothing stored here
 * can become CSS or markup: the values end up in `style.setProperty()` and
 * Lit text bindings, and the schema is the only way in.
 */

export const BRAND_COPY_MAX_LENGTH = 80;
export const BRAND_NAME_MAX_LENGTH = 100;

const hexColor = z.string().regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/u, 'must be a hex colour such as "#0f766e" or "#0a7"');
// https only, or a path on the app's own origin ("/logos/acme.svg"); never "//host", "javascript:" or "data:".
const logoUrl = z
  .string()
  .max(2048)
  .refine((value) => (value.startsWith('/') && !value.startsWith('//') && !value.includes('\\')) || /^https:\/\/[^\s]+$/u.test(value), 'must be an https URL or a path starting with "/"')
  .refine((value) => !/[\s"'()<>]/u.test(value), 'must not contain spaces, quotes, parentheses or angle brackets');
// Plain text on one line; control characters would only ever be a mistake or an attack.
const copyText = z
  .string()
  .trim()
  .min(1)
  .max(BRAND_COPY_MAX_LENGTH)
  .refine((value) => !/\p{Cc}/u.test(value), 'must be plain text on one line');

export const brandingSettingsSchema = z.strictObject({
  /** The built theme the brand starts from; default `light`. */
  baseTheme: z.enum(themeNames as [ThemeName, ...ThemeName[]]).nullable().default(null),
  /** Shown above the heading; default the organization's own `logoUrl`. */
  logoUrl: logoUrl.nullable().default(null),
  /** The name the logo's alt text and copy use; default the organization's name. */
  displayName: copyText.max(BRAND_NAME_MAX_LENGTH).nullable().default(null),
  colors: z
    .strictObject({
      /** Buttons and the focus ring. Text on it is chosen (white or near-black) for AA. */
      primary: hexColor.nullable().default(null),
      /** Links and secondary buttons, drawn as text on the surface. */
      link: hexColor.nullable().default(null),
    })
    .default({ primary: null, link: null }),
  copy: z
    .strictObject({
      signInHeading: copyText.nullable().default(null),
      signUpHeading: copyText.nullable().default(null),
    })
    .default({ signInHeading: null, signUpHeading: null }),
});

export type BrandingSettings = z.output<typeof brandingSettingsSchema>;
export type BrandingSettingsInput = z.input<typeof brandingSettingsSchema>;

export const emptyBrandingSettings: BrandingSettings = brandingSettingsSchema.parse({});
