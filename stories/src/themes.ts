import { injectStyles } from '@latch/elements';
import { darkTheme, enterpriseTheme, lightTheme, lightThemeCss, playfulTheme, toCssRule, type TokenName } from '@latch/tokens';
import { html, type TemplateResult } from 'lit';

/**
 * Themes for the stories. `light`, `dark`, `playful` and `enterprise` are the
 * themes `@latch/tokens` builds from its DTCG token files; `brand` is what a
 * product team would write by hand. Each is one rule of `--latch-*` custom
 * properties and nothing else: the components are not forked, re-styled or
 * `!important`-ed.
 */

/**
 * A built theme scoped to a class: every property whose resolved value
 * differs from light. Resolved values, because a `var()` would resolve on
 * `:root` and ignore the scope.
 */
function scoped(className: string, values: Readonly<Record<TokenName, string>>): string {
  const changed = (Object.entries(values) as [TokenName, string][]).filter(([name, value]) => lightTheme[name] !== value);
  return toCssRule(`.${className}`, Object.fromEntries(changed));
}

/** What a product team would put in its own stylesheet to match its brand. */
const brandCss = `.latch-theme-brand {
  --latch-color-action-primary: #0f766e;
  --latch-color-action-primary-hover: #115e59;
  --latch-color-action-secondary: #115e59;
  --latch-color-surface-muted: #f0fdfa;
  --latch-focus-ring-color: #0f766e;
  --latch-border-card: 2px solid #0f766e;
  --latch-button-radius: 999px;
  --latch-card-radius: 24px;
  --latch-typography-font-family-base: Georgia, 'Times New Roman', serif;
}`;

export interface StoryTheme {
  readonly title: string;
  /** Set on the wrapper; `undefined` for the default theme, which lives on `:root`. */
  readonly className: string | undefined;
  /** The theme's CSS: custom property declarations only. */
  readonly css: string;
}

export const themes = {
  light: { title: 'Light (default)', className: undefined, css: lightThemeCss },
  dark: { title: 'Dark', className: 'latch-theme-dark', css: scoped('latch-theme-dark', darkTheme) },
  playful: { title: 'Playful (consumer brand)', className: 'latch-theme-playful', css: scoped('latch-theme-playful', playfulTheme) },
  enterprise: { title: 'Enterprise (dense, square)', className: 'latch-theme-enterprise', css: scoped('latch-theme-enterprise', enterpriseTheme) },
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
