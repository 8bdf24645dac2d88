/**
 * Flattens a DTCG token tree into CSS custom properties. A stand-in for the
 * Style Dictionary build that will replace it; it covers the token types our
 * tree uses and throws on anything else rather than emitting broken CSS.
 */

/** A DTCG token group: `$`-prefixed keys are metadata, the rest are tokens or groups. */
export interface TokenGroup {
  readonly [key: string]: unknown;
}

export interface ToCssCustomPropertiesOptions {
  /** Prepended to every name: `latch` (or `--latch`) gives `--latch-color-brand-600`. */
  prefix: string;
  /**
   * `false` (default) writes resolved values. `true` writes aliases as
   * `var(--prefix-…)`, so overriding a palette property re-themes every
   * semantic property that points at it.
   */
  outputReferences?: boolean;
}

/** Custom property name → CSS value, in the token tree's order. */
export type CssCustomProperties = Record<`--${string}`, string>;

interface Token {
  path: string;
  value: unknown;
  type: string | undefined;
}

const ALIAS = /^\{([^{}]+)\}$/;
const NAME_SEGMENT = /^[A-Za-z0-9_-]+$/;

export function toCssCustomProperties(tokens: TokenGroup, options: ToCssCustomPropertiesOptions): CssCustomProperties {
  const { outputReferences = false } = options;
  const prefix = options.prefix.replace(/^--/, '');
  if (!NAME_SEGMENT.test(prefix)) throw new Error(`Invalid prefix "${prefix}": use letters, digits, "-" or "_".`);
  const byPath = new Map<string, Token>();
  collect(tokens, [], undefined, byPath);

  const cache = new Map<string, string>();
  const resolving = new Set<string>();
  const nameOf = (path: string): `--${string}` => `--${prefix}-${path.replaceAll('.', '-')}`;

  const cssOf = (path: string): string => {
    const cached = cache.get(path);
    if (cached !== undefined) return cached;
    const token = byPath.get(path);
    if (!token) throw new Error(`Unknown token reference "{${path}}".`);
    if (resolving.has(path)) throw new Error(`Circular token reference: ${[...resolving, path].join(' → ')}.`);
    resolving.add(path);
    const css = formatValue(token.value, token.type, path, (ref) => (outputReferences ? `var(${nameOf(ref)})` : cssOf(ref)));
    resolving.delete(path);
    cache.set(path, css);
    return css;
  };

  const properties: CssCustomProperties = {};
  for (const path of byPath.keys()) properties[nameOf(path)] = cssOf(path);
  return properties;
}

/** Serialises properties as one rule, e.g. `:root{--latch-…:…;}`. */
export function toCssRule(selector: string, properties: CssCustomProperties): string {
  const body = Object.entries(properties)
    .map(([name, value]) => `${name}:${value};`)
    .join('');
  return `${selector}{${body}}`;
}

function collect(group: TokenGroup, path: string[], inheritedType: string | undefined, out: Map<string, Token>): void {
  const groupType = typeof group['$type'] === 'string' ? group['$type'] : inheritedType;
  for (const [key, node] of Object.entries(group)) {
    if (key.startsWith('$')) continue;
    if (!NAME_SEGMENT.test(key)) throw new Error(`Token name "${[...path, key].join('.')}" cannot become a CSS custom property.`);
    if (!isGroup(node)) throw new Error(`"${[...path, key].join('.')}" is neither a token nor a group.`);
    const childPath = [...path, key];
    if ('$value' in node) {
      const type = typeof node['$type'] === 'string' ? node['$type'] : groupType;
      out.set(childPath.join('.'), { path: childPath.join('.'), value: node['$value'], type });
    } else {
      collect(node, childPath, groupType, out);
    }
  }
}

function formatValue(value: unknown, type: string | undefined, path: string, ref: (path: string) => string): string {
  if (typeof value === 'string') {
    const alias = ALIAS.exec(value);
    return alias?.[1] ? ref(alias[1]) : value;
  }
  if (typeof value === 'number') return String(value);
  if (type === 'fontFamily' && Array.isArray(value)) return value.map((name) => quoteFontFamily(String(name))).join(', ');
  if (type === 'dimension' && isGroup(value) && typeof value['value'] === 'number' && typeof value['unit'] === 'string') {
    return `${value['value']}${value['unit']}`;
  }
  if (type === 'border' && isGroup(value)) {
    const part = (key: string, partType: string): string => formatValue(value[key], partType, `${path}.${key}`, ref);
    return `${part('width', 'dimension')} ${part('style', 'strokeStyle')} ${part('color', 'color')}`;
  }
  throw new Error(`Token "${path}" has a ${type ?? 'untyped'} value this builder cannot write as CSS.`);
}

function quoteFontFamily(name: string): string {
  return /^[A-Za-z-]+$/.test(name) ? name : `"${name.replaceAll('"', '\\"')}"`;
}

function isGroup(value: unknown): value is TokenGroup {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
