import type { FlowAction, FlowField, FlowMessage, FlowType } from '@latch/client';
import { en } from './en.ts';
import type { LatchLocale } from './LatchLocale.ts';

type Params = Readonly<Record<string, string | number>>;

/**
 * The string for `key` in `locale`, then in English, with `{param}`
 * placeholders filled; `undefined` when neither table has the key.
 */
export function localize(locale: LatchLocale, key: string, params: Params = {}): string | undefined {
  const template = locale.strings[key] ?? (en.strings as LatchLocale['strings'])[key];
  return template?.replace(/\{(\w+)\}/g, (placeholder, name: string) => String(params[name] ?? placeholder));
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
