import { lightTheme, lightThemeCss, type TokenName } from './generated/themes.ts';

export const PREFIX = 'latch';

/** The default (light) theme's custom properties, values resolved. */
export const lightThemeProperties: Readonly<Record<TokenName, string>> = lightTheme;

/**
 * The light theme as a stylesheet. Semantic properties point at palette ones
 * with `var()`, so a page can re-brand by overriding `--latch-color-brand-*`.
 */
export { lightThemeCss };

/**
 * `var(--latch-…, <light value>)` for a token path such as `color.action.primary`,
 * for component styles that must look right even where no theme is loaded.
 */
export function cssVar(path: string): string {
  const name = `--${PREFIX}-${path.replaceAll('.', '-')}`;
  const fallback = (lightTheme as Readonly<Record<string, string>>)[name];
  if (fallback === undefined) throw new Error(`Unknown token "${path}".`);
  return `var(${name}, ${fallback})`;
}
