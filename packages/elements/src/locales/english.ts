import { enFlow } from './enFlow.ts';
import type { LatchLocale } from './LatchLocale.ts';

const strings: Record<string, string> = { ...enFlow };

/**
 * The English table the elements render with and fall back to: the flow
 * strings every element shows, plus the parts (`enMfa`, `enOrg`, …) each
 * element adds when it is created (`addEnglish`, through its
 * LocaleController). Only the parts of the elements a page imports are
 * bundled; the full table for apps and tests is `en`.
 */
export const english: LatchLocale = { lang: 'en', strings };

/** Adds an element's English strings to `english`; idempotent. */
export function addEnglish(...parts: readonly Readonly<Record<string, string>>[]): void {
  for (const part of parts) Object.assign(strings, part);
}
