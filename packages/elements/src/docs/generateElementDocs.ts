import { readdir, readFile } from 'node:fs/promises';
import { create, ts } from '@custom-elements-manifest/analyzer';
import { lightTheme } from '@latch/tokens';
import type { CustomElement, Declaration, Package } from 'custom-elements-manifest/schema.js';
import { partDescriptions } from './partDescriptions.ts';

/**
 * Generates `custom-elements.json` (with `@custom-elements-manifest/analyzer`,
 * from the class JSDoc) and `STYLING.md`, and checks the documented styling
 * hooks against what the code really uses: the `part="…"` names an element's
 * templates render and the `--latch-*` properties its styles read, following
 * the element's relative imports (its base class, shared field renderer and
 * stylesheet) but not into other elements.
 */

export const packageDir = new URL('../../', import.meta.url);
const srcDir = new URL('src/', packageDir);

export interface ElementHooks {
  readonly tag: string;
  readonly className: string;
  readonly path: string;
  readonly renderedParts: readonly string[];
  readonly documentedParts: readonly string[];
  readonly usedProperties: readonly string[];
  readonly documentedProperties: readonly string[];
}

export interface ElementDocs {
  readonly manifest: string;
  readonly styling: string;
  readonly elements: readonly ElementHooks[];
  /** Every `--latch-*` property a token defines. */
  readonly tokenProperties: ReadonlySet<string>;
}

async function sourceFiles(dir: URL, prefix = ''): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = `${prefix}${entry.name}`;
    if (entry.isDirectory()) {
      if (!['fixtures', 'testing', 'docs'].includes(entry.name)) files.push(...(await sourceFiles(new URL(`${entry.name}/`, dir), `${path}/`)));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts')) {
      files.push(path);
    }
  }
  return files.sort();
}

function resolveImport(from: string, specifier: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const segment of specifier.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.') parts.push(segment);
  }
  return parts.join('/');
}

const partPattern = /\spart="([^"$]+)"/g;
const cssVarPattern = /cssVar\('([^']+)'\)/g;
const propertyPattern = /var\((--latch-[a-z0-9-]+)/g;
// Value imports only: a type-only import brings no template or stylesheet along.
const importPattern = /^import (?!type )[^;]*? from '(\.{1,2}\/[^']+\.ts)'/gm;

function collectHooks(entry: string, sources: ReadonlyMap<string, string>): { parts: Set<string>; properties: Set<string> } {
  const parts = new Set<string>();
  const properties = new Set<string>();
  const seen = new Set<string>();
  const visit = (path: string): void => {
    if (seen.has(path)) return;
    seen.add(path);
    const text = sources.get(path);
    if (text === undefined) return;
    // Another element's module is that element's contract, not this one's.
    if (path !== entry && /^\s*\*\s*@tag\s/m.test(text)) return;
    for (const [, names = ''] of text.matchAll(partPattern)) for (const name of names.split(/\s+/)) parts.add(name);
    for (const [, token = ''] of text.matchAll(cssVarPattern)) properties.add(`--latch-${token.replaceAll('.', '-')}`);
    for (const [, name = ''] of text.matchAll(propertyPattern)) properties.add(name);
    for (const [, specifier = ''] of text.matchAll(importPattern)) visit(resolveImport(path, specifier));
  };
  visit(entry);
  return { parts, properties };
}

function isCustomElement(declaration: Declaration): declaration is Declaration & CustomElement & { tagName: string } {
  return 'customElement' in declaration && declaration.customElement === true && typeof declaration.tagName === 'string';
}

function cell(text: string | undefined): string {
  return (text ?? '').replaceAll('|', '\\|').replaceAll('\n', ' ');
}

export async function generateElementDocs(): Promise<ElementDocs> {
  const files = await sourceFiles(srcDir);
  const sources = new Map<string, string>();
  for (const file of files) sources.set(`src/${file}`, await readFile(new URL(file, srcDir), 'utf8'));
  const modules = [...sources].map(([path, text]) => ts.createSourceFile(path, text, ts.ScriptTarget.ES2023, true));
  const manifest: Package = create({ modules });

  const elements: ElementHooks[] = [];
  for (const module of manifest.modules) {
    for (const declaration of module.declarations ?? []) {
      if (!isCustomElement(declaration)) continue;
      const { parts, properties } = collectHooks(module.path, sources);
      elements.push({
        tag: declaration.tagName,
        className: declaration.name,
        path: module.path,
        renderedParts: [...parts].sort(),
        documentedParts: (declaration.cssParts ?? []).map((part) => part.name).sort(),
        usedProperties: [...properties].sort(),
        documentedProperties: (declaration.cssProperties ?? []).map((property) => property.name).sort(),
      });
    }
  }
  elements.sort((a, b) => a.tag.localeCompare(b.tag));
  return { manifest: `${JSON.stringify(manifest, null, 2)}\n`, styling: renderStyling(manifest), elements, tokenProperties: new Set(Object.keys(lightTheme)) };
}

function renderStyling(manifest: Package): string {
  const lines = [
    '<!-- Generated by packages/elements/src/docs/generateElementDocs.ts from the class JSDoc. Do not edit; run `pnpm --filter @latch/elements docs`. -->',
    '',
    '# Styling Latch elements',
    '',
    'Latch elements render into the **light DOM**, so password managers and autofill see their inputs. That decides how they are styled:',
    '',
    '1. **Theme through `--latch-*` custom properties.** They inherit, so set them on `:root`, on a wrapper or on the element itself. Load a built theme (`@latch/tokens/themes.css`, then `data-latch-theme="dark|playful|enterprise|auto"` on any ancestor) or set the properties yourself. Only the properties listed per element below are read; every one is a token of `@latch/tokens`.',
    '2. **Reach a node through its part name** with an attribute selector inside the element: `latch-sign-in [part~="button"][data-kind="primary"] { … }`. There is no shadow root, so `::part()` does not apply and is not needed; the `part` attributes are there as stable names, the class names are not a contract.',
    '3. **No `!important`.** Element styles live in the `latch` cascade layer behind `:where()`, so any unlayered page rule wins.',
    '',
    'The part names below and the properties each element reads are checked by `packages/elements/src/docs/elementDocs.test.ts`: a template that renders an undocumented part, or a style that reads a property no token defines, fails the tests.',
    '',
  ];
  for (const module of manifest.modules) {
    for (const declaration of module.declarations ?? []) {
      if (!isCustomElement(declaration)) continue;
      lines.push(`## \`<${declaration.tagName}>\``, '', `${declaration.summary ?? ''}`.trim(), '', `Class \`${declaration.name}\` in \`${module.path}\`.`, '');
      const attributes = declaration.attributes ?? [];
      if (attributes.length > 0) {
        lines.push('| attribute | description |', '| --- | --- |', ...attributes.map((attribute) => `| \`${attribute.name}\` | ${cell(attribute.description)} |`), '');
      }
      const events = declaration.events ?? [];
      if (events.length > 0) lines.push('| event | description |', '| --- | --- |', ...events.map((event) => `| \`${event.name ?? ''}\` | ${cell(event.description)} |`), '');
      const parts = declaration.cssParts ?? [];
      lines.push('| part | description |', '| --- | --- |', ...parts.map((part) => `| \`${part.name}\` | ${cell(part.description ?? partDescriptions[part.name])} |`), '');
      const properties = declaration.cssProperties ?? [];
      lines.push(
        '<details><summary>Custom properties read</summary>',
        '',
        '| property | description |',
        '| --- | --- |',
        ...properties.map((property) => `| \`${property.name}\` | ${cell(property.description)} |`),
        '',
        '</details>',
        '',
      );
    }
  }
  return lines.join('\n');
}
