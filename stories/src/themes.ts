import { injectStyles } from '@latch/elements';
import { lightThemeCss, toCssCustomProperties, toCssRule, tokens, type TokenGroup } from '@latch/tokens';
import { html, type TemplateResult } from 'lit';

/**
 * Themes for the stories, each made of `--latch-*` custom properties and
 * nothing else: the components are not forked, re-styled or `!important`-ed.
 *
 * Custom properties whose value is `var(--other)` are resolved where they are
 * declared, and descendants inherit the result. The light theme declares
 * `--latch-color-action-primary: var(--latch-color-brand-600)` on `:root`, so
 * overriding `--latch-color-brand-600` on a wrapper does not reach the button;
 * a scoped theme either re-declares every property under its own selector
 * (dark, built from tokens) or sets the semantic properties it changes
 * (brand, written by hand as a customer would).
 */

/** Only the tokens that differ from the light theme; merged over `tokens`. */
const darkOverrides: TokenGroup = {
  color: {
    neutral: { 800: { $value: '#1e293b' } },
    brand: { 300: { $value: '#a5b4fc' }, 400: { $value: '#818cf8' } },
    red: { 300: { $value: '#fca5a5' }, 950: { $value: '#450a0a' } },
    surface: { default: { $value: '{color.neutral.900}' }, muted: { $value: '{color.neutral.800}' } },
    text: { default: { $value: '{color.neutral.50}' }, muted: { $value: '{color.neutral.400}' }, danger: { $value: '{color.red.300}' } },
    border: { subtle: { $value: '{color.neutral.700}' }, danger: { $value: '{color.red.300}' } },
    action: { 'primary-hover': { $value: '{color.brand.500}' }, secondary: { $value: '{color.brand.300}' } },
    feedback: { 'danger-surface': { $value: '{color.red.950}' }, 'info-surface': { $value: '{color.neutral.800}' } },
    focus: { ring: { $value: '{color.brand.400}' } },
  },
};

/** What a product team would put in its own stylesheet to match its brand. */
const brandCss = `.latch-theme-brand {
  --latch-color-action-primary: #0f766e;
  --latch-color-action-primary-hover: #115e59;
  --latch-color-action-secondary: #115e59;
  --latch-color-surface-muted: #f0fdfa;
  --latch-focus-ring-color: #0f766e;
  --latch-border-card: 2px solid #0f766e;
  --latch-radius-md: 999px;
  --latch-radius-lg: 24px;
  --latch-typography-font-family-base: Georgia, 'Times New Roman', serif;
}`;

function mergeTokens(base: TokenGroup, overrides: TokenGroup): TokenGroup {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = merged[key];
    merged[key] = isGroup(current) && isGroup(value) && !('$value' in value) ? mergeTokens(current, value) : value;
  }
  return merged;
}

function isGroup(value: unknown): value is TokenGroup {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface StoryTheme {
  readonly title: string;
  /** Set on the wrapper; `undefined` for the default theme, which lives on `:root`. */
  readonly className: string | undefined;
  /** The theme's CSS: custom property declarations only. */
  readonly css: string;
}

export const themes = {
  light: { title: 'Light (default)', className: undefined, css: lightThemeCss },
  dark: {
    title: 'Dark (from tokens)',
    className: 'latch-theme-dark',
    css: toCssRule('.latch-theme-dark', toCssCustomProperties(mergeTokens(tokens, darkOverrides), { prefix: 'latch', outputReferences: true })),
  },
  brand: { title: 'Brand (hand-written CSS)', className: 'latch-theme-brand', css: brandCss },
} as const satisfies Record<string, StoryTheme>;

export type ThemeName = keyof typeof themes;

export const themeNames = Object.keys(themes) as ThemeName[];

/** Adds every theme's stylesheet to the document once. */
export function injectThemes(doc: Document = document): void {
  injectStyles(doc, { id: 'latch-story-themes', css: Object.values(themes).map((theme) => theme.css).join('\n') });
}

/** Wraps content in a theme's scope, on the theme's own page colour. */
export function themed(name: ThemeName, content: unknown): TemplateResult {
  injectThemes();
  const theme: StoryTheme = themes[name];
  return html`<div
    class=${theme.className ?? 'latch-theme-light'}
    data-theme=${name}
    style="box-sizing: border-box; min-block-size: 100vh; padding: 1.5rem; background: var(--latch-color-surface-muted); color: var(--latch-color-text-default)"
  >
    ${content}
  </div>`;
}
