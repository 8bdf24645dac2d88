import { describe, expect, it } from 'vitest';
import { buildTokens, themeNames } from './build/buildTokens.ts';
import { contrastRatio, isHexColor, parseHexColor } from './contrast.ts';

/**
 * Every text/background pair the components draw, per theme, from the values
 * Style Dictionary builds (not from the source files): a theme that fails AA
 * fails here. Text needs 4.5:1 (WCAG 1.4.3); input borders, the focus ring and
 * the primary button's fill against the card need 3:1 (1.4.11, 2.4.13).
 */
const pairs: readonly { foreground: string; background: string; minimum: number; what: string }[] = [
  { foreground: 'color-text-default', background: 'color-surface-default', minimum: 4.5, what: 'body text on the card' },
  { foreground: 'color-text-default', background: 'color-surface-muted', minimum: 4.5, what: 'body text on the page / read-only input' },
  { foreground: 'color-text-muted', background: 'color-surface-default', minimum: 4.5, what: 'help text on the card' },
  { foreground: 'color-text-muted', background: 'color-surface-muted', minimum: 4.5, what: 'read-only input text' },
  { foreground: 'color-text-on-action', background: 'color-action-primary', minimum: 4.5, what: 'primary button label' },
  { foreground: 'color-text-on-action', background: 'color-action-primary-hover', minimum: 4.5, what: 'hovered primary button label' },
  { foreground: 'color-text-danger', background: 'color-surface-default', minimum: 4.5, what: 'field error' },
  { foreground: 'color-text-danger', background: 'color-feedback-danger-surface', minimum: 4.5, what: 'flow error alert' },
  { foreground: 'color-action-secondary', background: 'color-surface-default', minimum: 4.5, what: 'link and secondary button' },
  { foreground: 'color-action-secondary', background: 'color-feedback-info-surface', minimum: 4.5, what: 'link on an info panel' },
  { foreground: 'focus-ring-color', background: 'color-surface-default', minimum: 3, what: 'focus ring on the card' },
  { foreground: 'focus-ring-color', background: 'color-surface-muted', minimum: 3, what: 'focus ring on the page' },
  { foreground: 'color-border-default', background: 'color-surface-default', minimum: 3, what: 'input border' },
  { foreground: 'color-border-danger', background: 'color-surface-default', minimum: 3, what: 'invalid input border' },
  { foreground: 'color-action-primary', background: 'color-surface-default', minimum: 3, what: 'primary button fill against the card' },
];

const { values } = await buildTokens();

describe('contrast of every built theme', () => {
  for (const theme of themeNames) {
    describe(theme, () => {
      for (const pair of pairs) {
        it(`${pair.what}: --latch-${pair.foreground} on --latch-${pair.background} ≥ ${pair.minimum}:1`, () => {
          const foreground = values[theme].get(`--latch-${pair.foreground}`);
          const background = values[theme].get(`--latch-${pair.background}`);
          expect(foreground && isHexColor(foreground), `${theme} ${pair.foreground} = ${foreground}`).toBe(true);
          expect(background && isHexColor(background), `${theme} ${pair.background} = ${background}`).toBe(true);
          expect(contrastRatio(foreground!, background!)).toBeGreaterThanOrEqual(pair.minimum);
        });
      }
    });
  }
});

describe('contrastRatio', () => {
  it('matches the WCAG reference points', () => {
    expect(contrastRatio('#000', '#fff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#fff', '#fff')).toBe(1);
    // #767676 is the lightest grey with 4.5:1 on white.
    expect(contrastRatio('#767676', '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio('#777777', '#ffffff')).toBeLessThan(4.5);
  });

  it('accepts only opaque hex colours', () => {
    expect(parseHexColor('#0F766E')).toEqual({ r: 15, g: 118, b: 110 });
    expect(parseHexColor('#abc')).toEqual({ r: 0xaa, g: 0xbb, b: 0xcc });
    for (const bad of ['red', '#12345', '#1234', 'rgb(0 0 0)', '#0f766e;--x:1', '#0f766e80']) expect(isHexColor(bad)).toBe(false);
    expect(() => parseHexColor('url(x)')).toThrow(/not an opaque hex colour/);
  });
});
