import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cssVar as tokensCssVar, lightThemeProperties } from '@latch/tokens';
import { describe, expect, it } from 'vitest';
import { cssVar, type ElementToken } from './cssVar.ts';
import { tokenFallbacks } from './tokenFallbacks.ts';

const source = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Every `cssVar('…')` path in the elements' sources. */
function usedTokens(): Set<string> {
  const used = new Set<string>();
  for (const entry of readdirSync(source, { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.ts') || entry.endsWith('.test.ts')) continue;
    for (const [, token = ''] of readFileSync(path.join(source, entry), 'utf8').matchAll(/cssVar\('([^']+)'\)/g)) used.add(token);
  }
  return used;
}

describe('cssVar', () => {
  it('gives the same var() with the light theme’s value as @latch/tokens does', () => {
    for (const token of Object.keys(tokenFallbacks) as ElementToken[]) expect(cssVar(token), token).toBe(tokensCssVar(token));
    expect(cssVar('color.action.primary')).toBe(`var(--latch-color-action-primary, ${lightThemeProperties['--latch-color-action-primary']})`);
  });

  it('has a fallback for exactly the tokens the elements use', () => {
    expect([...usedTokens()].sort()).toEqual(Object.keys(tokenFallbacks).sort());
  });
});
