import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { darkTheme, lightTheme, themesCss } from '../index.ts';
import { buildTokens, packageDir } from './buildTokens.ts';
import { mergeTokens } from './mergeTokens.ts';

const built = await buildTokens();

describe('generated token files', () => {
  for (const [path, content] of built.files) {
    it(`packages/tokens/${path} is up to date (run \`pnpm --filter @latch/tokens build\`)`, async () => {
      const committed = await readFile(new URL(path, packageDir), 'utf8').catch(() => '(missing)');
      expect(committed === content, `packages/tokens/${path} is stale`).toBe(true);
    });
  }
});

describe('themes.css', () => {
  it('declares light on :root and every other theme under [data-latch-theme] and a class', () => {
    expect(themesCss).toMatch(/^:root,\n\[data-latch-theme="light"\]/m);
    for (const name of ['dark', 'playful', 'enterprise']) expect(themesCss).toContain(`[data-latch-theme="${name}"],\n.latch-theme-${name} {`);
  });

  it('follows prefers-color-scheme under data-latch-theme="auto" and drops durations under reduced motion', () => {
    expect(themesCss).toMatch(/@media \(prefers-color-scheme: dark\) \{\n {2}\[data-latch-theme="auto"\] \{\n {4}color-scheme: dark;/);
    expect(themesCss).toMatch(/@media \(prefers-reduced-motion: reduce\) \{[\s\S]*--latch-motion-duration-fast: var\(--latch-motion-duration-instant\);/);
  });

  it('re-declares semantic properties in scoped themes, since var() resolves where it is declared', () => {
    const dark = /\[data-latch-theme="dark"\],\n\.latch-theme-dark \{([^}]*)\}/.exec(themesCss)?.[1] ?? '';
    expect(dark).toContain('--latch-color-surface-default: var(--latch-color-neutral-900);');
    expect(dark).toContain('--latch-border-card: var(--latch-border-width-default) solid var(--latch-color-border-subtle);');
    expect(dark).not.toContain('--latch-spacing-4');
  });

  it('never contains a value Style Dictionary could not serialise', () => {
    expect(themesCss).not.toContain('[object Object]');
    expect(themesCss).not.toContain('undefined');
  });
});

describe('typed theme exports', () => {
  it('resolve every reference to a CSS value', () => {
    expect(lightTheme['--latch-color-action-primary']).toBe('#4f46e5');
    expect(lightTheme['--latch-border-input']).toBe('1px solid #64748b');
    expect(darkTheme['--latch-color-surface-default']).toBe('#0f172a');
    expect(lightTheme['--latch-motion-duration-fast']).toBe('120ms');
  });
});

describe('mergeTokens', () => {
  it('replaces a token as a whole and merges groups key by key', () => {
    const merged = mergeTokens(
      { color: { $type: 'color', a: { $value: '#000' }, b: { $value: '#111' } }, border: { $type: 'border', $value: { color: '#000', width: '1px', style: 'solid' } } },
      { color: { b: { $value: '#222' } }, border: { $value: { color: '#fff', width: '2px', style: 'dashed' } } },
    );
    expect(merged).toEqual({
      color: { $type: 'color', a: { $value: '#000' }, b: { $value: '#222' } },
      border: { $value: { color: '#fff', width: '2px', style: 'dashed' } },
    });
  });
});
