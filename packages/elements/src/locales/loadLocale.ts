import { english } from './english.ts';
import type { LatchLocale } from './LatchLocale.ts';

/** The languages Latch ships tables for; `en` is bundled, the others load on demand. */
export const LATCH_LANGUAGES = ['en', 'de', 'fr', 'ja', 'ar'] as const;
export type LatchLanguage = (typeof LATCH_LANGUAGES)[number];

// One dynamic import per language, so a bundler splits each table into its
// own chunk and a page downloads only the language it shows.
const loaders: Record<Exclude<LatchLanguage, 'en'>, () => Promise<LatchLocale>> = {
  de: () => import('./de.ts').then((module) => module.de),
  fr: () => import('./fr.ts').then((module) => module.fr),
  ja: () => import('./ja.ts').then((module) => module.ja),
  ar: () => import('./ar.ts').then((module) => module.ar),
};

const loaded = new Map<LatchLanguage, LatchLocale>([['en', english]]);
const loading = new Map<LatchLanguage, Promise<LatchLocale>>();

/** Scripts written right to left; their tables get `dir="rtl"`. */
const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'yi', 'dv', 'ckb', 'sd', 'ug']);

function primarySubtag(tag: string): string {
  return tag.trim().toLowerCase().split(/[-_]/u)[0] ?? '';
}

/** The shipped language for a BCP 47 tag (`de-AT` → `de`), English when none matches or no tag is given. */
export function resolveLanguage(tag: string | null | undefined): LatchLanguage {
  const primary = primarySubtag(tag ?? '');
  return (LATCH_LANGUAGES as readonly string[]).includes(primary) ? (primary as LatchLanguage) : 'en';
}

export function isRightToLeft(tag: string): boolean {
  return RTL_LANGUAGES.has(primarySubtag(tag));
}

/** The table for `language` if it is already here (always true for `en`), without loading anything. */
export function loadedLocale(language: LatchLanguage): LatchLocale | undefined {
  return loaded.get(language);
}

/** The table for a BCP 47 tag, loading its chunk once; English for languages Latch has no table for. */
export function loadLocale(tag: string): Promise<LatchLocale> {
  const language = resolveLanguage(tag);
  const ready = loaded.get(language);
  if (ready) return Promise.resolve(ready);
  let pending = loading.get(language);
  if (!pending) {
    pending = loaders[language as Exclude<LatchLanguage, 'en'>]().then(
      (table) => {
        loaded.set(language, table);
        return table;
      },
      (error: unknown) => {
        // A failed chunk (offline, a deploy removed it) may be retried later.
        loading.delete(language);
        throw error;
      },
    );
    loading.set(language, pending);
  }
  return pending;
}
