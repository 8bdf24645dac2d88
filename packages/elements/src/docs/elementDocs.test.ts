import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generateElementDocs, packageDir } from './generateElementDocs.ts';

const docs = await generateElementDocs();
const fix = 'run `pnpm --filter @latch/elements docs`';

describe('generated element docs', () => {
  it(`custom-elements.json is up to date (${fix})`, async () => {
    expect((await readFile(new URL('custom-elements.json', packageDir), 'utf8')) === docs.manifest, 'custom-elements.json is stale').toBe(true);
  });

  it(`STYLING.md is up to date (${fix})`, async () => {
    expect((await readFile(new URL('STYLING.md', packageDir), 'utf8')) === docs.styling, 'STYLING.md is stale').toBe(true);
  });

  it('covers every element defineLatchElements registers', async () => {
    const { latchElements } = await import('../defineLatchElements.ts');
    expect(docs.elements.map((element) => element.tag).sort()).toEqual(Object.keys(latchElements).sort());
  });
});

describe.each(docs.elements)('<$tag> styling hooks', (element) => {
  it('documents (@csspart) every part its templates render, and no other', () => {
    expect(element.renderedParts.filter((part) => !element.documentedParts.includes(part)), 'rendered but undocumented').toEqual([]);
    expect(element.documentedParts.filter((part) => !element.renderedParts.includes(part)), 'documented but never rendered').toEqual([]);
  });

  it('documents (@cssproperty) every --latch-* property its styles read, and no other', () => {
    expect(element.usedProperties.filter((name) => !element.documentedProperties.includes(name)), 'read but undocumented').toEqual([]);
    expect(element.documentedProperties.filter((name) => !element.usedProperties.includes(name)), 'documented but never read').toEqual([]);
  });

  it('reads only properties a token of @latch/tokens defines', () => {
    expect(element.usedProperties.filter((name) => !docs.tokenProperties.has(name))).toEqual([]);
  });
});
