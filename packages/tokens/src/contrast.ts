/**
 * WCAG 2.x contrast, for the token tests and for validating brand colours at
 * runtime. Only opaque hex colours: anything else is not a colour a theme may
 * be checked with, so it throws rather than guessing.
 */

export interface Rgb {
  readonly r: number;
  readonly g: number;
  readonly b: number;
}

const hexPattern = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/** True for `#rgb` and `#rrggbb`, the only colour syntax runtime branding accepts. */
export function isHexColor(value: string): boolean {
  return hexPattern.test(value);
}

export function parseHexColor(value: string): Rgb {
  if (!isHexColor(value)) throw new Error(`"${value}" is not an opaque hex colour (#rgb or #rrggbb).`);
  const digits = value.length === 4 ? [...value.slice(1)].map((digit) => digit + digit).join('') : value.slice(1);
  return { r: parseInt(digits.slice(0, 2), 16), g: parseInt(digits.slice(2, 4), 16), b: parseInt(digits.slice(4, 6), 16) };
}

function channel(value: number): number {
  const srgb = value / 255;
  return srgb <= 0.04045 ? srgb / 12.92 : ((srgb + 0.055) / 1.055) ** 2.4;
}

/** WCAG 2.x relative luminance, 0 (black) to 1 (white). */
export function relativeLuminance(color: string): number {
  const { r, g, b } = parseHexColor(color);
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** WCAG 2.x contrast ratio between two opaque hex colours, 1 to 21. */
export function contrastRatio(foreground: string, background: string): number {
  const [lighter, darker] = [relativeLuminance(foreground), relativeLuminance(background)].sort((a, b) => b - a) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}
