import { describe, expect, it } from 'vitest';
import { ar } from './ar.ts';
import { de } from './de.ts';
import { en } from './en.ts';
import { enConsent } from './enConsent.ts';
import { enFlow } from './enFlow.ts';
import { addEnglish, english as englishFallback } from './english.ts';
import { enMfa } from './enMfa.ts';
import { enOrg } from './enOrg.ts';
import { enProfile } from './enProfile.ts';
import { enReauthenticate } from './enReauthenticate.ts';
import { enRecovery } from './enRecovery.ts';
import { enSignUp } from './enSignUp.ts';
import { enStrength } from './enStrength.ts';
import { fr } from './fr.ts';
import { ja } from './ja.ts';
import type { LatchLocale } from './LatchLocale.ts';
import { LATCH_LANGUAGES, loadedLocale, loadLocale, resolveLanguage } from './loadLocale.ts';
import { localize } from './localize.ts';

const tables: LatchLocale[] = [de, fr, ja, ar];
const english: Readonly<Record<string, string>> = en.strings;

/** `{name}` and `{name, plural, …}` placeholders, by name (a plural's inner `{# …}` forms are not names). */
function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)(?=[,}])/gu)].map((match) => match[1] ?? '').sort();
}

/** The categories of every `{name, plural, …}` in a template. */
function pluralCategories(template: string): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  for (const [, name = '', forms = ''] of template.matchAll(/\{(\w+), plural,((?:\s*=?\w+\s*\{[^{}]*\})+)\s*\}/gu)) {
    found.set(name, new Set([...forms.matchAll(/(=?\w+)\s*\{/gu)].map((form) => form[1] ?? '')));
  }
  return found;
}

describe('locale tables', () => {
  it('ship every language the loader names', () => {
    expect(tables.map((table) => table.lang).sort()).toEqual(LATCH_LANGUAGES.filter((language) => language !== 'en').sort());
  });

  for (const table of tables) {
    describe(table.lang, () => {
      it('has exactly the keys en has', () => {
        const keys = Object.keys(table.strings);
        expect(Object.keys(english).filter((key) => !keys.includes(key)), 'missing keys').toEqual([]);
        expect(keys.filter((key) => !(key in english)), 'keys en does not have').toEqual([]);
      });

      it('keeps every placeholder of en, under the same name', () => {
        const differing = Object.entries(english)
          .filter(([key, template]) => JSON.stringify(placeholders(table.strings[key] ?? '')) !== JSON.stringify(placeholders(template)))
          .map(([key]) => key);
        expect(differing).toEqual([]);
      });

      it('gives every plural the forms its language needs, and never an empty string', () => {
        const needed = new Intl.PluralRules(table.lang).resolvedOptions().pluralCategories;
        for (const [key, template] of Object.entries(table.strings)) {
          expect(template.trim(), key).not.toBe('');
          for (const [name, categories] of pluralCategories(template)) {
            expect([...needed].filter((category) => !categories.has(category)), `${key}: ${name}`).toEqual([]);
          }
          // A plural in en is a plural in every table, so counts read right in each.
          expect([...pluralCategories(template).keys()], key).toEqual([...pluralCategories(english[key] ?? '').keys()]);
        }
      });
    });
  }
});

describe('localize', () => {
  it('picks plural forms and formats numbers in the table’s language', () => {
    expect(localize(en, 'message.rate_limited_minutes', { minutes: 1 })).toBe('Too many attempts. Try again in 1 minute.');
    expect(localize(en, 'message.rate_limited_minutes', { minutes: 14 })).toBe('Too many attempts. Try again in 14 minutes.');
    expect(localize(de, 'message.rate_limited_seconds', { seconds: 1 })).toBe('Zu viele Versuche. Versuchen Sie es in 1 Sekunde erneut.');
    expect(localize(ar, 'message.rate_limited_minutes', { minutes: 2 })).toBe('محاولات كثيرة جدًا. حاول مرة أخرى بعد دقيقتين.');
    expect(localize(ar, 'message.rate_limited_minutes', { minutes: 3 })).toBe(`محاولات كثيرة جدًا. حاول مرة أخرى بعد ${new Intl.NumberFormat('ar').format(3)} دقائق.`);
    expect(localize(ja, 'message.rate_limited_minutes', { minutes: 5 })).toBe('試行回数が多すぎます。5 分後にもう一度お試しください。');
    expect(localize(de, 'mfa.recovery.remaining', { count: 1234 })).toBe('Verbleibende Wiederherstellungscodes: 1.234');
    expect(localize(en, 'mfa.recovery.remaining', { count: 1234 })).toBe('Recovery codes left: 1,234');
  });

  it('formats a number in English when the key fell back to the English table', () => {
    const partial: LatchLocale = { lang: 'de', strings: {} };
    expect(localize(partial, 'message.rate_limited_minutes', { minutes: 1234 })).toBe('Too many attempts. Try again in 1,234 minutes.');
    // An element's own strings join the English fallback when the element is created (LocaleController).
    addEnglish(enMfa);
    expect(localize(partial, 'mfa.recovery.remaining', { count: 1234 })).toBe('Recovery codes left: 1,234');
  });
});

describe('the English fallback the elements bundle', () => {
  it('starts with the flow strings only, takes each element’s part once it is added, and never differs from en', () => {
    const fallback: Readonly<Record<string, string>> = englishFallback.strings;
    expect(fallback['heading.sign-in']).toBe('Sign in');
    expect(fallback['org.profile.heading']).toBeUndefined();
    expect(fallback['heading.sign-up']).toBeUndefined();
    addEnglish(enOrg);
    expect(fallback['org.profile.heading']).toBe('Organization settings');
    const full: Readonly<Record<string, string>> = en.strings;
    for (const [key, text] of Object.entries(fallback)) expect(text, key).toBe(full[key]);
  });

  it('splits en into parts that share no key', () => {
    const parts = [enFlow, enSignUp, enStrength, enRecovery, enReauthenticate, enConsent, enMfa, enProfile, enOrg].map((part) => Object.keys(part));
    expect(parts.flat().length).toBe(Object.keys(en.strings).length);
  });
});

describe('loadLocale', () => {
  it('maps tags to shipped languages, English for the rest', () => {
    expect(resolveLanguage('de-AT')).toBe('de');
    expect(resolveLanguage('FR_ca')).toBe('fr');
    expect(resolveLanguage('pt-BR')).toBe('en');
    expect(resolveLanguage('')).toBe('en');
    expect(resolveLanguage(undefined)).toBe('en');
  });

  it('has only English at hand until a language is asked for, then loads it once', async () => {
    expect(loadedLocale('en')).toBe(englishFallback);
    expect(loadedLocale('ja')).toBeUndefined();
    const [first, second] = await Promise.all([loadLocale('ja-JP'), loadLocale('ja')]);
    expect(first).toBe(second);
    expect(first.strings['heading.sign-in']).toBe('ログイン');
    expect(loadedLocale('ja')).toBe(first);
    expect(await loadLocale('sv')).toBe(englishFallback);
  });
});
