import type { TokenGroup } from '../toCssCustomProperties.ts';

/**
 * Deep-merges DTCG trees, later trees winning. A node with `$value` is a
 * token and replaces what it overrides as a whole (a border token is not
 * merged field by field); groups merge key by key.
 */
export function mergeTokens(...trees: readonly TokenGroup[]): TokenGroup {
  const merged: Record<string, unknown> = {};
  for (const tree of trees) {
    for (const [key, value] of Object.entries(tree)) {
      const current = merged[key];
      merged[key] = isGroup(current) && isGroup(value) && !('$value' in current) && !('$value' in value) ? mergeTokens(current, value) : value;
    }
  }
  return merged;
}

function isGroup(value: unknown): value is TokenGroup {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
