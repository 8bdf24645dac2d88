import { tokenFallbacks } from './tokenFallbacks.ts';

/** A token path the elements' CSS uses, such as `color.action.primary`. */
export type ElementToken = keyof typeof tokenFallbacks;

/**
 * `var(--latch-…, <light value>)` for a token path: the page's theme when one
 * is loaded, else the light theme's value. Same output as `cssVar` of
 * `@latch/tokens`, from the small `tokenFallbacks` table.
 */
export function cssVar(path: ElementToken): string {
  return `var(--latch-${path.replaceAll('.', '-')}, ${tokenFallbacks[path]})`;
}
