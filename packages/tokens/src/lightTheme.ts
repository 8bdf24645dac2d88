import tokens from './tokens.json' with { type: 'json' };
import { toCssCustomProperties, toCssRule, type CssCustomProperties } from './toCssCustomProperties.ts';

export const PREFIX = 'latch';

/** The default (light) theme's custom properties, values resolved. */
export const lightThemeProperties: CssCustomProperties = toCssCustomProperties(tokens, { prefix: PREFIX });

/**
 * The light theme as a stylesheet. Semantic properties point at palette ones
 * with `var()`, so a page can re-brand by overriding `--latch-color-brand-*`.
 */
export const lightThemeCss: string = toCssRule(':root', toCssCustomProperties(tokens, { prefix: PREFIX, outputReferences: true }));

/**
 * `var(--latch-…, <light value>)` for a token path such as `color.action.primary`,
 * for component styles that must look right even where no theme is loaded.
 */
export function cssVar(path: string): string {
  const name = `--${PREFIX}-${path.replaceAll('.', '-')}` as const;
  const fallback = lightThemeProperties[name];
  if (fallback === undefined) throw new Error(`Unknown token "${path}".`);
  return `var(${name}, ${fallback})`;
}
