import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ElementStylesheet } from './injectStyles.ts';

// Arabic (and any right-to-left page) mirrors the layout only if the styles say
// "start/end" rather than "left/right". This scans every stylesheet the
// elements inject, and every inline `style=` in their templates.
const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const PHYSICAL: [RegExp, string][] = [
  [/(?:margin|padding|border|inset|scroll-margin|scroll-padding)-(?:left|right)(?:-[a-z]+)?\s*:/u, 'use margin-inline-start/-end, padding-inline-*, border-inline-*, inset-inline-*'],
  [/border-(?:top|bottom)-(?:left|right)-radius\s*:/u, 'use border-start-start-radius and friends'],
  [/(?:^|[\s;{])(?:left|right)\s*:/u, 'use inset-inline-start/end'],
  [/text-align\s*:\s*(?:left|right)\b/u, 'use text-align: start/end'],
  [/(?:float|clear)\s*:\s*(?:left|right)\b/u, 'use inline-start/inline-end'],
  [/translateX\(|background-position\s*:\s*(?:left|right)/u, 'a horizontal offset that will not mirror'],
];

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/** A shorthand's values, splitting on spaces outside parentheses (`var(--x, 1rem)` is one value). */
function shorthandValues(value: string): string[] {
  const values: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of value.trim()) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (/\s/u.test(char) && depth === 0) {
      if (current) values.push(current);
      current = '';
    } else current += char;
  }
  if (current) values.push(current);
  return values;
}

function violations(css: string): string[] {
  const found: string[] = [];
  for (const rule of css.split(/(?<=[;{}])/u)) {
    for (const [pattern, advice] of PHYSICAL) if (pattern.test(rule)) found.push(`${rule.trim()} (${advice})`);
    // `margin: top right bottom left` with right ≠ left does not mirror.
    const shorthand = /(?:^|[\s;{])(?:margin|padding|inset)\s*:\s*([^;}]+)/u.exec(rule);
    const values = shorthand ? shorthandValues(shorthand[1] ?? '') : [];
    if (values.length === 4 && values[1] !== values[3]) found.push(`${rule.trim()} (different left and right: use margin-inline / margin-block)`);
  }
  return found;
}

describe('element styles are direction-agnostic', () => {
  it('every injected stylesheet uses logical properties only', async () => {
    const styleFiles = (await files(src)).filter((file) => file.endsWith('.styles.ts'));
    expect(styleFiles.length).toBeGreaterThanOrEqual(11);
    const found: string[] = [];
    for (const file of styleFiles) {
      const module = (await import(file)) as Record<string, unknown>;
      const sheets = Object.values(module).filter((value): value is ElementStylesheet => typeof (value as ElementStylesheet | null)?.css === 'string');
      expect(sheets.length, file).toBeGreaterThan(0);
      for (const sheet of sheets) found.push(...violations(sheet.css).map((violation) => `${path.relative(src, file)}: ${violation}`));
    }
    expect(found).toEqual([]);
  });

  it('no template sets a physical property inline', async () => {
    const sources = (await files(src)).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.includes(`${path.sep}locales${path.sep}`));
    const found: string[] = [];
    for (const file of sources) {
      const text = await readFile(file, 'utf8');
      for (const [, inline = ''] of text.matchAll(/style=["'`]([^"'`]*)["'`]/gu)) found.push(...violations(inline).map((violation) => `${path.relative(src, file)}: ${violation}`));
    }
    expect(found).toEqual([]);
  });

  it('catches what it is meant to catch', () => {
    expect(violations('a { margin-left: 1rem; }')).toHaveLength(1);
    expect(violations('a { position: absolute; right: 0; }')).toHaveLength(1);
    expect(violations('a { text-align: left; }')).toHaveLength(1);
    expect(violations('a { padding: 0 1rem 0 2rem; }')).toHaveLength(1);
    expect(violations('a { padding: 0 1rem 0 1rem; margin: 1rem 0 0; margin-inline-start: 1rem; inset-inline-end: 0; text-align: start; }')).toEqual([]);
  });
});
