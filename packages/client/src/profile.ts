import type { FieldOption } from './flow.ts';

/** A stored value: a string (text, email, tel, url, select, date YYYY-MM-DD), a list (multiselect), a boolean (checkbox) or a number. */
export type ProfileValue = string | number | boolean | string[];

export type ProfileFieldType = 'text' | 'email' | 'tel' | 'url' | 'select' | 'multiselect' | 'date' | 'checkbox' | 'number';

/** A field the deployment declares, as `GET /auth/account/profile` describes it. */
export interface ProfileField {
  key: string;
  type: ProfileFieldType;
  /** In the requested locale, English as the fallback. */
  label: string;
  help?: string;
  required: boolean;
  constraints: { minLength?: number; maxLength?: number; pattern?: string; min?: number | string; max?: number | string };
  options?: FieldOption[];
  /** The HTML `autocomplete` token for the control. */
  autocomplete?: string;
  /** The user's value; `null` when none. */
  value: ProfileValue | null;
}

export interface Profile {
  fields: ProfileField[];
}

/**
 * Why a value was refused, by stable code: `required`, `pattern`, `too_short`,
 * `too_long`, `out_of_range`, `invalid_option`, `invalid_email`, `invalid_url`,
 * `invalid_date`, `invalid_number`, `invalid_type`, `unknown_field`.
 */
export interface ProfileFieldError {
  code: string;
  message: string;
  params?: Record<string, string | number>;
}
