import { contrastRatio, darkTheme, enterpriseTheme, lightTheme, playfulTheme, type ThemeName, type TokenName } from '@latch/tokens';
import { LatchError } from '../errors.ts';
import type { BrandingSettings } from './brandingSettings.ts';

export class BrandingError extends LatchError {}

/** What the components apply: every value is a token value of a built theme or a validated hex colour. */
export interface ResolvedBranding {
  organization: { slug: string; name: string } | null;
  displayName: string | null;
  logoUrl: string | null;
  baseTheme: ThemeName;
  /** `--latch-*` custom properties to set on the element. */
  properties: Partial<Record<TokenName, string>>;
  copy: { signInHeading: string | null; signUpHeading: string | null };
}

const builtThemes: Readonly<Record<ThemeName, Readonly<Record<TokenName, string>>>> = { light: lightTheme, dark: darkTheme, playful: playfulTheme, enterprise: enterpriseTheme };

const WHITE = '#ffffff';
const NEAR_BLACK = '#0f172a';
const TEXT_AA = 4.5;
const NON_TEXT_AA = 3;

function contrastError(message: string): BrandingError {
  return new BrandingError({ status: 422, code: 'brand_color_contrast', message });
}

/** Moves each channel `amount` of the way to black (negative: to white). */
function shade(hex: string, amount: number): string {
  const full = hex.length === 4 ? `#${[...hex.slice(1)].map((digit) => digit + digit).join('')}` : hex;
  const channels = [1, 3, 5].map((index) => parseInt(full.slice(index, index + 2), 16));
  const target = amount >= 0 ? 0 : 255;
  const weight = Math.abs(amount);
  return `#${channels.map((value) => Math.round(value + (target - value) * weight).toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Turns stored settings into the properties the components apply, checking
 * contrast against the base theme's surfaces rather than assuming it:
 *
 * - the text on the primary colour is white or near-black, whichever reaches
 *   4.5:1 (one of them always does), and the hover shade keeps that text AA;
 * - the primary colour is also the focus ring and the button's fill, so it
 *   needs 3:1 against the card and the page (WCAG 1.4.11), else
 *   `brand_color_contrast`;
 * - the link colour is text, so it needs 4.5:1 on both, else `brand_color_contrast`.
 */
export function resolveBranding(settings: BrandingSettings, organization: { slug: string; name: string; logoUrl: string | null } | null): ResolvedBranding {
  const baseTheme = settings.baseTheme ?? 'light';
  const theme = builtThemes[baseTheme];
  const surfaces = [theme['--latch-color-surface-default'], theme['--latch-color-surface-muted']];
  const properties: Partial<Record<TokenName, string>> = {};
  // The base theme travels as values, so it applies without themes.css on the page.
  for (const [name, value] of Object.entries(theme) as [TokenName, string][]) {
    if (lightTheme[name] !== value) properties[name] = value;
  }

  const { primary, link } = settings.colors;
  if (primary !== null) {
    const worst = Math.min(...surfaces.map((surface) => contrastRatio(primary, surface)));
    if (worst < NON_TEXT_AA) {
      throw contrastError(`The primary colour ${primary} has ${worst.toFixed(2)}:1 against the ${baseTheme} theme's background; buttons and the focus ring need at least 3:1. Use a darker (or, on a dark theme, lighter) colour.`);
    }
    const onPrimary = contrastRatio(WHITE, primary) >= contrastRatio(NEAR_BLACK, primary) ? WHITE : NEAR_BLACK;
    if (contrastRatio(onPrimary, primary) < TEXT_AA) {
      throw contrastError(`Neither white nor dark text reaches 4.5:1 on the primary colour ${primary}; choose a lighter or darker colour.`);
    }
    const hover = shade(primary, onPrimary === WHITE ? 0.15 : -0.15);
    properties['--latch-color-action-primary'] = primary;
    properties['--latch-color-action-primary-hover'] = contrastRatio(onPrimary, hover) >= TEXT_AA ? hover : primary;
    properties['--latch-color-text-on-action'] = onPrimary;
    properties['--latch-color-focus-ring'] = primary;
    // Declared as var(--latch-color-focus-ring) on :root, where it is already resolved: set it too.
    properties['--latch-focus-ring-color'] = primary;
  }
  if (link !== null) {
    const backgrounds = [...surfaces, theme['--latch-color-feedback-info-surface']];
    const worst = Math.min(...backgrounds.map((background) => contrastRatio(link, background)));
    if (worst < TEXT_AA) {
      throw contrastError(`The link colour ${link} has ${worst.toFixed(2)}:1 against the ${baseTheme} theme's backgrounds; link text needs at least 4.5:1.`);
    }
    properties['--latch-color-action-secondary'] = link;
  }

  return {
    organization: organization && { slug: organization.slug, name: organization.name },
    displayName: settings.displayName ?? organization?.name ?? null,
    logoUrl: settings.logoUrl ?? organization?.logoUrl ?? null,
    baseTheme,
    properties,
    copy: { ...settings.copy },
  };
}
