import type { ProfileFieldConfig } from './profileConfigSchema.ts';

/** A stored profile value: strings (text, email, tel, url, select, date), a list (multiselect), a boolean (checkbox) or a number. */
export type ProfileValue = string | number | boolean | string[];
export type ProfileValues = Record<string, ProfileValue>;

/**
 * Field-level error codes, stable for clients and locale tables. `invalid_type`
 * is the JSON API's answer to a value of the wrong JSON type (a number for a
 * text field); forms never produce it.
 */
export const PROFILE_ERROR_CODES = [
  'required',
  'pattern',
  'too_short',
  'too_long',
  'out_of_range',
  'invalid_option',
  'invalid_email',
  'invalid_url',
  'invalid_date',
  'invalid_number',
  'invalid_type',
  'unknown_field',
] as const;
export type ProfileErrorCode = (typeof PROFILE_ERROR_CODES)[number];

export interface ProfileFieldError {
  code: ProfileErrorCode;
  message: string;
  params?: Record<string, string | number>;
}

/** Text values without their own `maxLength` are capped here, so a profile cannot grow without bound. */
export const DEFAULT_MAX_TEXT = 1000;
const EMAIL = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/u;
/** A loose telephone shape (digits, spaces, + - ( ) .; 3–20 digits) when the field declares no pattern. */
const TEL = /^\+?[0-9 ().-]{3,32}$/u;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/u;

type Outcome = { ok: true; value: ProfileValue | undefined } | { ok: false; error: ProfileFieldError };
const ok = (value: ProfileValue | undefined): Outcome => ({ ok: true, value });
const fail = (code: ProfileErrorCode, params?: Record<string, string | number>): Outcome => ({ ok: false, error: { code, message: ERROR_TEXT[code](params ?? {}), ...(params ? { params } : {}) } });

const ERROR_TEXT: Record<ProfileErrorCode, (params: Record<string, string | number>) => string> = {
  required: () => 'This field is required.',
  pattern: () => 'This value does not have the expected format.',
  too_short: (p) => `Use at least ${p.min} characters.`,
  too_long: (p) => `Use at most ${p.max} characters.`,
  out_of_range: (p) => (p.min !== undefined && p.max !== undefined ? `Enter a value from ${p.min} to ${p.max}.` : p.min !== undefined ? `Enter a value of at least ${p.min}.` : `Enter a value of at most ${p.max}.`),
  invalid_option: () => 'Choose one of the offered options.',
  invalid_email: () => 'Enter a valid email address.',
  invalid_url: () => 'Enter a web address starting with https:// or http://.',
  invalid_date: () => 'Enter a valid date.',
  invalid_number: () => 'Enter a number.',
  invalid_type: () => 'This value has the wrong type.',
  unknown_field: () => 'This field does not exist.',
};

export function profileError(code: ProfileErrorCode, params?: Record<string, string | number>): ProfileFieldError {
  const outcome = fail(code, params);
  return (outcome as { error: ProfileFieldError }).error;
}

/**
 * A value from a flow submission, where every value is a string: a
 * multiselect's options are comma-joined, a checkbox is `true`/`on` when
 * ticked and absent or empty when not. `undefined` (or `''`) is "no answer".
 */
export function parseFormValue(field: ProfileFieldConfig, raw: string | undefined): Outcome {
  const text = raw?.trim() ?? '';
  switch (field.type) {
    case 'checkbox':
      if (text === '' || text === 'false') return check(field, false);
      if (text === 'true' || text === 'on') return check(field, true);
      return fail('invalid_type');
    case 'multiselect':
      return check(field, text === '' ? [] : text.split(',').map((part) => part.trim()).filter((part) => part !== ''));
    case 'number': {
      if (text === '') return check(field, undefined);
      if (!/^-?\d+(\.\d+)?$/u.test(text)) return fail('invalid_number');
      return check(field, Number(text));
    }
    default:
      return check(field, text === '' ? undefined : text);
  }
}

/**
 * A value from the JSON account API. `null` clears the field (refused when
 * it is required); a value of the wrong JSON type is `invalid_type`.
 */
export function parseJsonValue(field: ProfileFieldConfig, raw: unknown): Outcome {
  if (raw === null) return check(field, undefined);
  switch (field.type) {
    case 'checkbox':
      return typeof raw === 'boolean' ? check(field, raw) : fail('invalid_type');
    case 'multiselect':
      return Array.isArray(raw) && raw.length <= 200 && raw.every((item) => typeof item === 'string') ? check(field, raw as string[]) : fail('invalid_type');
    case 'number':
      return typeof raw === 'number' ? check(field, raw) : typeof raw === 'string' ? fail('invalid_number') : fail('invalid_type');
    default:
      if (typeof raw !== 'string') return fail('invalid_type');
      return check(field, raw.trim() === '' ? undefined : raw.trim());
  }
}

/** Applies the field's declared validation to a typed value; `undefined` is an empty answer. */
function check(field: ProfileFieldConfig, value: ProfileValue | undefined): Outcome {
  const rules = field.validation;
  if (value === undefined || (Array.isArray(value) && value.length === 0) || (field.type === 'checkbox' && value === false && rules.required)) {
    if (rules.required) return fail('required');
    return ok(undefined);
  }
  switch (field.type) {
    case 'checkbox':
      return ok(value);
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail('invalid_number');
      return inRange(value, rules.min, rules.max) ? ok(value) : fail('out_of_range', bounds(rules.min, rules.max));
    }
    case 'multiselect': {
      const chosen = [...new Set(value as string[])];
      if (chosen.some((item) => !field.options?.some((option) => option.value === item))) return fail('invalid_option');
      if (!inRange(chosen.length, rules.min, rules.max)) return fail('out_of_range', bounds(rules.min, rules.max));
      // Stored in the declared order, so a value never differs by how it was clicked.
      return ok(field.options?.map((option) => option.value).filter((option) => chosen.includes(option)) ?? chosen);
    }
    case 'select':
      return field.options?.some((option) => option.value === value) ? ok(value) : fail('invalid_option');
    case 'date': {
      const text = String(value);
      const match = ISO_DATE.exec(text);
      const date = match ? new Date(`${text}T00:00:00Z`) : undefined;
      if (!match || !date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) return fail('invalid_date');
      return inRange(text, rules.min, rules.max) ? ok(text) : fail('out_of_range', bounds(rules.min, rules.max));
    }
    default: {
      const text = String(value);
      const length = [...text].length;
      const max = rules.maxLength ?? DEFAULT_MAX_TEXT;
      if (rules.minLength !== undefined && length < rules.minLength) return fail('too_short', { min: rules.minLength });
      if (length > max) return fail('too_long', { max });
      if (field.type === 'email' && !EMAIL.test(text)) return fail('invalid_email');
      if (field.type === 'url' && !isWebUrl(text)) return fail('invalid_url');
      if (rules.pattern !== undefined && !new RegExp(`^(?:${rules.pattern})$`, 'v').test(text)) return fail('pattern');
      if (field.type === 'tel' && rules.pattern === undefined && (!TEL.test(text) || !/(\d.*){3}/u.test(text))) return fail('pattern');
      return ok(text);
    }
  }
}

function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function inRange<T extends number | string>(value: T, min: number | string | undefined, max: number | string | undefined): boolean {
  return (min === undefined || value >= min) && (max === undefined || value <= max);
}

function bounds(min: number | string | undefined, max: number | string | undefined): Record<string, string | number> {
  return { ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) };
}

/** Whether the user has answered the field (a checkbox answered "no" counts as answered). */
export function hasValue(values: ProfileValues, key: string): boolean {
  const value = values[key];
  return value !== undefined && !(Array.isArray(value) && value.length === 0) && value !== '';
}
