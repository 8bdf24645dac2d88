import { describe, expect, it } from 'vitest';
import { cssVar, lightThemeCss, lightThemeProperties, toCssCustomProperties, toCssRule } from '@latch/tokens';

const tree = {
  color: {
    $type: 'color',
    brand: { 600: { $value: '#4f46e5' } },
    action: { primary: { $value: '{color.brand.600}' } },
  },
  space: { $type: 'dimension', md: { $value: { value: 1, unit: 'rem' } } },
  font: { $type: 'fontFamily', base: { $value: ['system-ui', 'Segoe UI'] } },
  border: {
    width: { $type: 'dimension', $value: '1px' },
    input: { $type: 'border', $value: { width: '{border.width}', style: 'solid', color: '{color.action.primary}' } },
  },
};

describe('toCssCustomProperties', () => {
  it('flattens paths into prefixed names and resolves aliases, transitively', () => {
    expect(toCssCustomProperties(tree, { prefix: 'latch' })).toEqual({
      '--latch-color-brand-600': '#4f46e5',
      '--latch-color-action-primary': '#4f46e5',
      '--latch-space-md': '1rem',
      '--latch-font-base': 'system-ui, "Segoe UI"',
      '--latch-border-width': '1px',
      '--latch-border-input': '1px solid #4f46e5',
    });
  });

  it('accepts the prefix with or without its leading dashes', () => {
    expect(toCssCustomProperties(tree, { prefix: '--latch' })).toEqual(toCssCustomProperties(tree, { prefix: 'latch' }));
  });

  it('writes aliases as var() when asked to keep references', () => {
    const properties = toCssCustomProperties(tree, { prefix: 'x', outputReferences: true });
    expect(properties['--x-color-action-primary']).toBe('var(--x-color-brand-600)');
    expect(properties['--x-border-input']).toBe('var(--x-border-width) solid var(--x-color-action-primary)');
  });

  it('rejects unknown and circular references', () => {
    expect(() => toCssCustomProperties({ a: { $type: 'color', $value: '{b}' } }, { prefix: 'p' })).toThrow(/Unknown token reference "\{b\}"/);
    const loop = { a: { $type: 'color', $value: '{b}' }, b: { $type: 'color', $value: '{a}' } };
    expect(() => toCssCustomProperties(loop, { prefix: 'p' })).toThrow(/Circular token reference: a → b → a/);
  });

  it('rejects values it cannot write as CSS and names that are not CSS idents', () => {
    expect(() => toCssCustomProperties({ s: { $type: 'shadow', $value: { x: 1 } } }, { prefix: 'p' })).toThrow(/shadow value/);
    expect(() => toCssCustomProperties({ 'a b': { $value: 1 } }, { prefix: 'p' })).toThrow(/cannot become/);
    expect(() => toCssCustomProperties({}, { prefix: 'has space' })).toThrow(/Invalid prefix/);
  });
});

describe('toCssRule', () => {
  it('serialises one rule', () => {
    expect(toCssRule(':root', { '--a': '1', '--b': 'red' })).toBe(':root{--a:1;--b:red;}');
  });
});

describe('light theme', () => {
  it('is a :root rule whose semantic properties point at the palette', () => {
    expect(lightThemeCss.startsWith(':root {')).toBe(true);
    expect(lightThemeCss).toContain('--latch-color-action-primary: var(--latch-color-brand-600);');
    expect(lightThemeCss).toContain('--latch-color-brand-600: #4f46e5;');
  });

  it('covers color, typography, spacing, radius, border, shadow, motion, focus ring and the component tier', () => {
    const names = Object.keys(lightThemeProperties);
    for (const group of ['color', 'typography', 'spacing', 'radius', 'border', 'shadow', 'motion', 'focus-ring', 'card', 'input', 'button']) {
      expect(names.some((name) => name.startsWith(`--latch-${group}-`))).toBe(true);
    }
  });

  it('gives cssVar() the light value as fallback and refuses unknown paths', () => {
    expect(cssVar('color.action.primary')).toBe('var(--latch-color-action-primary, #4f46e5)');
    expect(() => cssVar('color.nope')).toThrow(/Unknown token/);
  });
});
