import { createHash } from 'node:crypto';
import type { ConsentPurpose } from './consentOptionsSchema.ts';

/** A purpose's words in one locale, as shown to a user. */
export interface LocalizedPurpose {
  id: string;
  version: number;
  required: boolean;
  /** The locale the title and text are in (the asked one, else `en`). */
  locale: string;
  title: string;
  text: string;
  policyUrl?: string;
}

/**
 * The purpose in `locale`: an exact match (`pt-BR`), then its language
 * (`pt`), then `en` (always configured).
 */
export function localizePurpose(purpose: ConsentPurpose, locale: string | undefined): LocalizedPurpose {
  const candidates = locale ? [locale, locale.split('-')[0] ?? locale] : [];
  const found = candidates.find((candidate) => Object.hasOwn(purpose.locales, candidate)) ?? 'en';
  const words = purpose.locales[found] ?? { title: purpose.id, text: '' };
  return {
    id: purpose.id,
    version: purpose.version,
    required: purpose.kind === 'required',
    locale: found,
    title: words.title,
    text: words.text,
    ...(purpose.policyUrl ? { policyUrl: purpose.policyUrl } : {}),
  };
}

/**
 * Hex SHA-256 of exactly what was shown: the title, a line feed, the text
 * (UTF-8). Anyone holding the configuration of that version can recompute it
 * to prove which words a receipt stands for.
 */
export function consentTextHash(shown: { title: string; text: string }): string {
  return createHash('sha256').update(`${shown.title}\n${shown.text}`, 'utf8').digest('hex');
}
