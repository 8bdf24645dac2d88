import { z } from 'zod';

/** Field keys become claim names and form field names: lower-case identifiers, never the protocol's own claims. */
const KEY_PATTERN = /^[a-z][a-z0-9_]{0,63}$/u;
/** Option values travel comma-joined in flow submissions (a multiselect), so they never contain a comma. */
const OPTION_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/u;
const SCOPE_PATTERN = /^[a-z][a-z0-9_:.-]{0,63}$/u;
const LOCALE_PATTERN = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/u;

/**
 * Claims the provider or the core itself issues; a profile field stored under
 * one of them would shadow identity (`sub`, `email`) or protocol data.
 */
export const RESERVED_CLAIMS: ReadonlySet<string> = new Set([
  'sub', 'email', 'email_verified', 'amr', 'acr', 'aud', 'iss', 'iat', 'exp', 'nbf', 'nonce', 'auth_time', 'azp', 'sid', 'jti', 'at_hash', 'c_hash', 'scope', 'org_id', 'org', 'orgs', 'organization', 'organizations',
]);

/** `{ en: 'Company', de: 'Firma' }`: English is required, as the fallback for every other locale. */
const localizedText = (max: number) =>
  z
    .record(z.string().regex(LOCALE_PATTERN, 'must be a locale tag such as "en" or "de-CH"'), z.string().min(1).max(max))
    .refine((value) => typeof value.en === 'string', 'needs an "en" text (the fallback)');

export const PROFILE_FIELD_TYPES = ['text', 'email', 'tel', 'url', 'select', 'multiselect', 'date', 'checkbox', 'number'] as const;
export type ProfileFieldType = (typeof PROFILE_FIELD_TYPES)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/u, 'must be a date YYYY-MM-DD').refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), 'must be a real date');

const fieldSchema = z
  .strictObject({
    /** Identifier of the field: its form name and, unless `claim` says otherwise, its claim name. */
    key: z.string().regex(KEY_PATTERN, 'must be a lower-case identifier (a-z, 0-9, _; starting with a letter; at most 64)'),
    type: z.enum(PROFILE_FIELD_TYPES),
    /** The visible label, per locale. */
    label: localizedText(120),
    /** A hint shown under the control, per locale. */
    help: localizedText(400).optional(),
    validation: z
      .strictObject({
        required: z.boolean().default(false),
        /** A regular expression (no flags, anchored as HTML `pattern` is) for text, tel and url fields. */
        pattern: z
          .string()
          .min(1)
          .max(512)
          .refine((value) => {
            try {
              new RegExp(`^(?:${value})$`, 'v');
              return true;
            } catch {
              return false;
            }
          }, 'must be a valid regular expression')
          .optional(),
        minLength: z.number().int().min(0).max(10_000).optional(),
        maxLength: z.number().int().min(1).max(10_000).optional(),
        /** For number fields: bounds of the value; for date fields use ISO dates; for multiselect, how many options. */
        min: z.union([z.number(), isoDate]).optional(),
        max: z.union([z.number(), isoDate]).optional(),
      })
      .default({ required: false }),
    /** The choices of a select or multiselect: `value` is stored, `label` (per locale) shown. */
    options: z
      .array(z.strictObject({ value: z.string().regex(OPTION_PATTERN, 'must be 1–64 of A-Z a-z 0-9 _ . -'), label: localizedText(120) }))
      .min(1)
      .max(200)
      .optional(),
    /** The claim the value is released as; the key by default. */
    claim: z.string().regex(KEY_PATTERN, 'must be a lower-case identifier').optional(),
    /** The OIDC scope that releases the claim (`profile` by default). */
    scope: z.string().regex(SCOPE_PATTERN, 'must be a scope name such as "profile" or "phone"').default('profile'),
    /** The HTML `autocomplete` token the control carries, e.g. `tel`, `organization`, `bday`. */
    autocomplete: z.string().regex(/^[a-z -]{1,64}$/u).optional(),
  })
  .superRefine((field, ctx) => {
    const v = field.validation;
    const choice = field.type === 'select' || field.type === 'multiselect';
    if (choice && !field.options) ctx.addIssue({ code: 'custom', path: ['options'], message: `a ${field.type} field needs options` });
    if (!choice && field.options) ctx.addIssue({ code: 'custom', path: ['options'], message: `only select and multiselect fields have options` });
    if (field.options) {
      const seen = new Set<string>();
      for (const [index, option] of field.options.entries()) {
        if (seen.has(option.value)) ctx.addIssue({ code: 'custom', path: ['options', index, 'value'], message: `duplicate option "${option.value}"` });
        seen.add(option.value);
      }
    }
    const textual = ['text', 'email', 'tel', 'url'].includes(field.type);
    if (!textual && (v.pattern !== undefined || v.minLength !== undefined || v.maxLength !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['validation'], message: `pattern, minLength and maxLength apply to text, email, tel and url fields only` });
    }
    if (v.minLength !== undefined && v.maxLength !== undefined && v.minLength > v.maxLength) ctx.addIssue({ code: 'custom', path: ['validation', 'minLength'], message: 'must not exceed maxLength' });
    const bounds = [v.min, v.max].filter((bound) => bound !== undefined);
    if (bounds.length > 0) {
      const wanted = field.type === 'date' ? 'string' : field.type === 'number' || field.type === 'multiselect' ? 'number' : undefined;
      if (!wanted) ctx.addIssue({ code: 'custom', path: ['validation'], message: 'min and max apply to number, date and multiselect fields only' });
      else if (bounds.some((bound) => typeof bound !== wanted)) ctx.addIssue({ code: 'custom', path: ['validation'], message: wanted === 'string' ? 'min and max of a date field are dates YYYY-MM-DD' : 'min and max must be numbers' });
      else if (v.min !== undefined && v.max !== undefined && v.min > v.max) ctx.addIssue({ code: 'custom', path: ['validation', 'min'], message: 'must not exceed max' });
    }
    const claim = field.claim ?? field.key;
    if (RESERVED_CLAIMS.has(claim)) ctx.addIssue({ code: 'custom', path: [field.claim ? 'claim' : 'key'], message: `"${claim}" is a reserved claim; choose another key or set claim` });
  });

const count = z.number().int().min(1).max(100_000);

const ruleSchema = z
  .strictObject({
    /** Stable identifier; the stats are kept under it. */
    id: z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/u, 'must be a lower-case identifier (a-z, 0-9, _ and -)'),
    /** The fields to ask for, in order; only those the user has no value for are asked. */
    fields: z.array(z.string()).min(1).max(50),
    /**
     * When the prompt is due: right after sign-up; at every sign-in from the
     * Nth on; at sign-ins once the account is N days old; or only when the
     * app asks for `key` (`<latch-progressive-profile key>`).
     */
    when: z.union([
      z.strictObject({ at_sign_up: z.literal(true) }),
      z.strictObject({ after_sign_ins: count }),
      z.strictObject({ after_days: count }),
      z.strictObject({ on_demand: z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/u, 'must be a lower-case identifier') }),
    ]),
    /** Offers a "Skip" action. */
    skippable: z.boolean().default(false),
    /** At most this many (missing) fields per prompt; the rest wait for the next time the rule is due. */
    maxFieldsPerPrompt: z.number().int().min(1).max(50).optional(),
    /** A skipped prompt comes back once this many further sign-ins happened … */
    resurfaceAfterSignIns: count.optional(),
    /** … or this many days after the skip (whichever comes first); with neither, a skipped prompt never comes back by itself. */
    resurfaceAfterDays: count.optional(),
  })
  .superRefine((rule, ctx) => {
    if (!rule.skippable && (rule.resurfaceAfterSignIns !== undefined || rule.resurfaceAfterDays !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['skippable'], message: 'resurfaceAfterSignIns/resurfaceAfterDays need skippable: true' });
    }
  });

/**
 * `profile`: the fields a deployment collects about its users and the rules
 * that decide when to ask for them (progressive profiling). See the core
 * README, "Profile fields and progressive profiling".
 */
export const profileOptionsSchema = z
  .strictObject({
    fields: z.array(fieldSchema).max(100).default([]),
    rules: z.array(ruleSchema).max(100).default([]),
  })
  .superRefine((profile, ctx) => {
    const keys = new Map<string, number>();
    const claims = new Map<string, string>();
    for (const [index, field] of profile.fields.entries()) {
      if (keys.has(field.key)) ctx.addIssue({ code: 'custom', path: ['fields', index, 'key'], message: `duplicate field key "${field.key}"` });
      keys.set(field.key, index);
      const claim = field.claim ?? field.key;
      const other = claims.get(claim);
      if (other !== undefined) ctx.addIssue({ code: 'custom', path: ['fields', index, 'claim'], message: `claim "${claim}" is already used by field "${other}"` });
      claims.set(claim, field.key);
    }
    const ids = new Set<string>();
    const demandKeys = new Set<string>();
    for (const [index, rule] of profile.rules.entries()) {
      if (ids.has(rule.id)) ctx.addIssue({ code: 'custom', path: ['rules', index, 'id'], message: `duplicate rule id "${rule.id}"` });
      ids.add(rule.id);
      const seen = new Set<string>();
      for (const [position, key] of rule.fields.entries()) {
        if (!keys.has(key)) ctx.addIssue({ code: 'custom', path: ['rules', index, 'fields', position], message: `unknown field "${key}"${hint(key, [...keys.keys()])}` });
        if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['rules', index, 'fields', position], message: `field "${key}" is listed twice` });
        seen.add(key);
      }
      if ('on_demand' in rule.when) {
        if (demandKeys.has(rule.when.on_demand)) ctx.addIssue({ code: 'custom', path: ['rules', index, 'when', 'on_demand'], message: `another rule already answers on_demand "${rule.when.on_demand}"` });
        demandKeys.add(rule.when.on_demand);
      }
    }
  })
  .default({ fields: [], rules: [] });

export type ProfileOptions = NonNullable<z.input<typeof profileOptionsSchema>>;
type FieldOptions = NonNullable<ProfileOptions['fields']>[number];
export type ProfileFieldOptions = FieldOptions;
export type ProfileConfig = z.output<typeof profileOptionsSchema>;
export type ProfileFieldConfig = ProfileConfig['fields'][number];
export type ProfileRuleConfig = ProfileConfig['rules'][number];

/** ` (did you mean "company"?)` for a near miss. */
function hint(key: string, known: string[]): string {
  const close = known.find((candidate) => distance(candidate, key) <= 2);
  return close ? ` (did you mean "${close}"?)` : '';
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] ?? 0;
      row[j] = Math.min(current + 1, (row[j - 1] ?? 0) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] ?? 0;
}
