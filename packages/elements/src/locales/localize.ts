import type { FlowAction, FlowField, FlowMessage, FlowType } from '@latch/client';
import { english } from './english.ts';
import type { LatchLocale } from './LatchLocale.ts';

type Params = Readonly<Record<string, string | number>>;

// `{count, plural, one {# item} other {# items}}`: ICU's plural syntax, the
// subset the tables use (no nesting; `#` is the formatted number).
const PLURAL = /\{(\w+), plural,((?:\s*=?\w+\s*\{[^{}]*\})+)\s*\}/g;
const PLURAL_FORM = /(=?\w+)\s*\{([^{}]*)\}/g;
const numberFormats = new Map<string, Intl.NumberFormat>();

/** Counts in the locale's digits and grouping (`1.234` in de, `١٢` in ar). */
function formatNumber(lang: string, value: number): string {
  let format = numberFormats.get(lang);
  if (!format) {
    try {
      format = new Intl.NumberFormat(lang);
    } catch {
      // A table with a malformed `lang` still shows numbers.
      format = new Intl.NumberFormat('en');
    }
    numberFormats.set(lang, format);
  }
  return format.format(value);
}

function pluralCategory(lang: string, value: number): Intl.LDMLPluralRule {
  try {
    return new Intl.PluralRules(lang).select(value);
  } catch {
    return new Intl.PluralRules('en').select(value);
  }
}

/**
 * The string for `key` in `locale`, then in English, with `{param}`
 * placeholders filled (numbers through `Intl.NumberFormat` in the locale's
 * language, plural forms through `Intl.PluralRules`); `undefined` when
 * neither table has the key.
 */
export function localize(locale: LatchLocale, key: string, params: Params = {}): string | undefined {
  const template = locale.strings[key] ?? english.strings[key];
  if (template === undefined) return undefined;
  const lang = locale.strings[key] === undefined ? english.lang : locale.lang;
  const show = (value: string | number) => (typeof value === 'number' ? formatNumber(lang, value) : value);
  return template
    .replace(PLURAL, (whole, name: string, forms: string) => {
      const value = params[name];
      if (typeof value !== 'number') return whole;
      const cases = new Map([...forms.matchAll(PLURAL_FORM)].map(([, category, text]) => [category, text ?? '']));
      const text = cases.get(`=${value}`) ?? cases.get(pluralCategory(lang, value)) ?? cases.get('other') ?? '';
      return text.replaceAll('#', show(value));
    })
    .replace(/\{(\w+)\}/g, (placeholder, name: string) => {
      const value = params[name];
      return value === undefined ? placeholder : show(value);
    });
}

export function headingText(locale: LatchLocale, flowType: FlowType): string {
  return localize(locale, `heading.${flowType}`) ?? flowType;
}

/** `field.<step>.<name>`, then `field.<name>`; unknown fields fall back to their wire name: better than an unlabeled input. */
export function fieldLabel(locale: LatchLocale, field: Pick<FlowField, 'name'>, stepName?: string): string {
  return (stepName ? localize(locale, `field.${stepName}.${field.name}`) : undefined) ?? localize(locale, `field.${field.name}`) ?? field.name;
}

/** A step's explanation under the heading (`intro.<step>`, `{email}` filled), or `undefined`. */
export function stepIntro(locale: LatchLocale, stepName: string, params: Params = {}): string | undefined {
  return localize(locale, `intro.${stepName}`, params);
}

export function actionLabel(locale: LatchLocale, stepName: string, action: Pick<FlowAction, 'name'>): string {
  return localize(locale, `action.${stepName}.${action.name}`) ?? localize(locale, `action.${action.name}`) ?? action.name;
}

/** Translates by stable code; the server's own text is the fallback for codes the tables lack. */
export function messageText(locale: LatchLocale, message: FlowMessage): string {
  return localize(locale, `message.${message.code}`, message.params) ?? message.text;
}

export function statusText(locale: LatchLocale, status: 'loading' | 'complete'): string {
  return localize(locale, `status.${status}`) ?? '';
}
