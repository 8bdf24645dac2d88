import { sql } from 'kysely';
import { LatchError } from '../errors.ts';
import type { FlowField } from '../flows/flowTypes.ts';
import type { CoreDatabase } from '../storage/createDatabase.ts';
import { InvalidProfileError } from './InvalidProfileError.ts';
import { duePrompt, onDemandPrompt, type DuePrompt, type PromptRecord } from './evaluateProfileRules.ts';
import type { ProfileConfig, ProfileFieldConfig, ProfileFieldType } from './profileConfigSchema.ts';
import { parseFormValue, parseJsonValue, profileError, type ProfileFieldError, type ProfileValue, type ProfileValues } from './validateProfileValues.ts';

/** A declared field as the account API describes it, in one locale. */
export interface ProfileFieldDescription {
  key: string;
  type: ProfileFieldType;
  label: string;
  help?: string;
  required: boolean;
  constraints: { minLength?: number; maxLength?: number; pattern?: string; min?: number | string; max?: number | string };
  options?: { value: string; label: string }[];
  autocomplete?: string;
  /** The current value; `null` when the user has none. */
  value: ProfileValue | null;
}

export interface ProfileView {
  fields: ProfileFieldDescription[];
}

/** Per rule, over all users: what each prompt costs and yields. */
export interface ProfilePromptStats {
  id: string;
  when: ProfileConfig['rules'][number]['when'];
  fields: string[];
  /** Times the prompt was shown, completed and skipped (a shown prompt may also have been abandoned). */
  shown: number;
  completed: number;
  skipped: number;
  /** Users it was shown to at least once. */
  users: number;
  /** completed / shown, 0 when never shown. */
  completionRate: number;
}

/** A prompt the flow asks: the rule, its fields, and whether it can be skipped. */
export type ProfilePrompt = DuePrompt;

export interface ProfileService {
  readonly config: ProfileConfig;
  /** The declared fields (labels in `locale`, English fallback) with the user's values; 404 `user_not_found`. */
  get(options: { userId: string; locale?: string | undefined }): Promise<ProfileView>;
  /**
   * Partial update: each named field is set (`null` clears it). All values are
   * validated first and written in one statement, so a refused update
   * (400 `invalid_profile`, per field codes; unknown keys `unknown_field`)
   * leaves nothing half-written.
   */
  update(options: { userId: string; values: Record<string, unknown>; locale?: string | undefined }): Promise<ProfileView>;
  /** The claims the user's values are released as, by claim name. */
  claims(userId: string): Promise<Record<string, ProfileValue>>;
  /** Scope → the claims it releases, for the OIDC provider's `claims` configuration. */
  claimsByScope(): Record<string, string[]>;
  /**
   * Run when a sign-in passed its factors (`sign-in`, counted) or an account
   * was just created (`sign-up`): the prompt that is due, recorded as shown,
   * or `undefined`.
   */
  promptAfterAuthentication(options: { trigger: 'sign-in' | 'sign-up'; userId: string }): Promise<ProfilePrompt | undefined>;
  /** The `on_demand: key` rule's prompt for the user, recorded as shown; `undefined` when nothing is left to ask; 404 `unknown_profile_prompt`. */
  promptOnDemand(options: { userId: string; key: string }): Promise<ProfilePrompt | undefined>;
  /** A prompt's form fields in the flow wire format. */
  promptFields(prompt: ProfilePrompt, locale: string | undefined): Omit<FlowField, 'messages'>[];
  /** Validates and stores a prompt's answers (form strings); field errors instead when refused (nothing stored). */
  answerPrompt(options: { userId: string; prompt: ProfilePrompt; values: Record<string, string> }): Promise<{ errors?: Record<string, ProfileFieldError[]> }>;
  skipPrompt(options: { userId: string; prompt: ProfilePrompt }): Promise<void>;
  stats(): Promise<{ rules: ProfilePromptStats[] }>;
}

/** `de-CH` → `de-CH`, then `de`, then `en`. */
export function pickLocale(texts: Record<string, string>, locale: string | undefined): string {
  if (locale) {
    if (texts[locale] !== undefined) return texts[locale];
    const language = locale.split('-')[0] ?? '';
    if (texts[language] !== undefined) return texts[language];
  }
  return texts.en ?? Object.values(texts)[0] ?? '';
}

const FLOW_INPUT_TYPES: Record<ProfileFieldType, FlowField['type']> = {
  text: 'text', email: 'email', tel: 'tel', url: 'url', select: 'select', multiselect: 'multiselect', date: 'date', checkbox: 'checkbox', number: 'number',
};

export function createProfileService(options: { db: CoreDatabase; config: ProfileConfig; now?: () => Date }): ProfileService {
  const { db, config } = options;
  const now = options.now ?? (() => new Date());
  const byKey = new Map(config.fields.map((field) => [field.key, field]));
  const demandRules = new Map(config.rules.flatMap((rule) => ('on_demand' in rule.when ? [[rule.when.on_demand, rule] as const] : [])));

  async function valuesOf(userId: string, executor: CoreDatabase = db): Promise<ProfileValues> {
    const row = await executor.selectFrom('latch_profiles').select('values').where('user_id', '=', userId).executeTakeFirst();
    return sanitize((row?.values as Record<string, unknown> | undefined) ?? {});
  }

  /** Only declared fields leave storage: a field removed from the configuration is no longer shown or released. */
  function sanitize(stored: Record<string, unknown>): ProfileValues {
    const values: ProfileValues = {};
    for (const [key, value] of Object.entries(stored)) {
      if (byKey.has(key) && value !== null && value !== undefined) values[key] = value as ProfileValue;
    }
    return values;
  }

  async function requireUser(userId: string): Promise<{ createdAt: Date }> {
    const user = await db.selectFrom('latch_users').select('created_at').where('id', '=', userId).executeTakeFirst();
    if (!user) throw new LatchError({ status: 404, code: 'user_not_found', message: 'There is no such user.' });
    return { createdAt: new Date(user.created_at) };
  }

  function describe(field: ProfileFieldConfig, locale: string | undefined, value: ProfileValue | undefined): ProfileFieldDescription {
    const v = field.validation;
    return {
      key: field.key,
      type: field.type,
      label: pickLocale(field.label, locale),
      ...(field.help ? { help: pickLocale(field.help, locale) } : {}),
      required: v.required,
      constraints: {
        ...(v.minLength === undefined ? {} : { minLength: v.minLength }),
        ...(v.maxLength === undefined ? {} : { maxLength: v.maxLength }),
        ...(v.pattern === undefined ? {} : { pattern: v.pattern }),
        ...(v.min === undefined ? {} : { min: v.min }),
        ...(v.max === undefined ? {} : { max: v.max }),
      },
      ...(field.options ? { options: field.options.map((option) => ({ value: option.value, label: pickLocale(option.label, locale) })) } : {}),
      ...(field.autocomplete ? { autocomplete: field.autocomplete } : {}),
      value: value ?? null,
    };
  }

  async function view(userId: string, locale: string | undefined): Promise<ProfileView> {
    const values = await valuesOf(userId);
    return { fields: config.fields.map((field) => describe(field, locale, values[field.key])) };
  }

  /** Writes `set` and removes `clear` in one statement; creates the row when missing. */
  async function writeValues(executor: CoreDatabase, userId: string, set: ProfileValues, clear: string[]): Promise<void> {
    const at = now();
    await executor
      .insertInto('latch_profiles')
      .values({ user_id: userId, values: JSON.stringify(set), updated_at: at })
      .onConflict((conflict) =>
        conflict.column('user_id').doUpdateSet({
          // `jsonb - key` once per cleared field (no array parameter: drivers encode those differently).
          values: clear.reduce((expression, key) => sql`(${expression} - ${key}::text)`, sql`(latch_profiles."values" || ${JSON.stringify(set)}::jsonb)`) as never,
          updated_at: at,
        }),
      )
      .execute();
  }

  async function promptRecords(userId: string): Promise<Map<string, PromptRecord>> {
    const rows = await db.selectFrom('latch_profile_prompts').selectAll().where('user_id', '=', userId).execute();
    return new Map(
      rows.map((row) => [
        row.rule_id,
        {
          shown: row.shown,
          completed: row.completed,
          skipped: row.skipped,
          answered: Array.isArray(row.answered) ? row.answered : [],
          lastShownAt: row.last_shown_at ? new Date(row.last_shown_at) : null,
          lastSkippedAt: row.last_skipped_at ? new Date(row.last_skipped_at) : null,
          lastCompletedAt: row.last_completed_at ? new Date(row.last_completed_at) : null,
          signInsAtLastSkip: row.sign_ins_at_last_skip,
        },
      ]),
    );
  }

  async function recordShown(userId: string, ruleId: string): Promise<void> {
    const at = now();
    await db
      .insertInto('latch_profile_prompts')
      .values({ user_id: userId, rule_id: ruleId, shown: 1, answered: '[]', last_shown_at: at })
      .onConflict((conflict) => conflict.columns(['user_id', 'rule_id']).doUpdateSet({ shown: sql`latch_profile_prompts.shown + 1`, last_shown_at: at }))
      .execute();
  }

  return {
    config,

    async get({ userId, locale }) {
      await requireUser(userId);
      return view(userId, locale);
    },

    async update({ userId, values, locale }) {
      await requireUser(userId);
      const errors: Record<string, ProfileFieldError[]> = {};
      const set: ProfileValues = {};
      const clear: string[] = [];
      for (const [key, raw] of Object.entries(values)) {
        const field = Object.hasOwn(values, key) ? byKey.get(key) : undefined;
        if (!field) {
          errors[key] = [profileError('unknown_field')];
          continue;
        }
        const parsed = parseJsonValue(field, raw);
        if (!parsed.ok) errors[key] = [parsed.error];
        else if (parsed.value === undefined) clear.push(key);
        else set[key] = parsed.value;
      }
      if (Object.keys(errors).length > 0) throw new InvalidProfileError(errors);
      if (Object.keys(set).length > 0 || clear.length > 0) await writeValues(db, userId, set, clear);
      return view(userId, locale);
    },

    async claims(userId) {
      const values = await valuesOf(userId);
      const claims: Record<string, ProfileValue> = {};
      for (const field of config.fields) {
        const value = values[field.key];
        if (value !== undefined) claims[field.claim ?? field.key] = value;
      }
      return claims;
    },

    claimsByScope() {
      const scopes: Record<string, string[]> = {};
      for (const field of config.fields) (scopes[field.scope] ??= []).push(field.claim ?? field.key);
      return scopes;
    },

    async promptAfterAuthentication({ trigger, userId }) {
      if (config.rules.length === 0 && trigger === 'sign-up') return undefined;
      const at = now();
      let signInCount = 0;
      if (trigger === 'sign-in') {
        // Counted even when no rule is declared, so rules added later see the real history.
        const row = await db
          .insertInto('latch_profiles')
          .values({ user_id: userId, values: '{}', sign_in_count: 1, first_sign_in_at: at, last_sign_in_at: at, updated_at: at })
          .onConflict((conflict) =>
            conflict.column('user_id').doUpdateSet({
              sign_in_count: sql`latch_profiles.sign_in_count + 1`,
              first_sign_in_at: sql`coalesce(latch_profiles.first_sign_in_at, ${at})`,
              last_sign_in_at: at,
            }),
          )
          .returning('sign_in_count')
          .executeTakeFirstOrThrow();
        signInCount = row.sign_in_count;
      }
      if (config.rules.length === 0) return undefined;
      const user = await requireUser(userId);
      const prompt = duePrompt(config.rules, {
        trigger,
        now: at,
        signInCount,
        accountCreatedAt: user.createdAt,
        values: await valuesOf(userId),
        prompts: await promptRecords(userId),
      });
      if (prompt) await recordShown(userId, prompt.ruleId);
      return prompt;
    },

    async promptOnDemand({ userId, key }) {
      const rule = demandRules.get(key);
      if (!rule) throw new LatchError({ status: 404, code: 'unknown_profile_prompt', message: `No profile rule answers on_demand "${key}".` });
      await requireUser(userId);
      const prompt = onDemandPrompt(rule, await valuesOf(userId), (await promptRecords(userId)).get(rule.id));
      if (prompt) await recordShown(userId, prompt.ruleId);
      return prompt;
    },

    promptFields(prompt, locale) {
      return prompt.fields.flatMap((key) => {
        const field = byKey.get(key);
        if (!field) return [];
        const { value: _value, key: name, type, required, constraints, ...rest } = describe(field, locale, undefined);
        return [{ name, type: FLOW_INPUT_TYPES[type], ...rest, constraints: { required, ...constraints } }];
      });
    },

    async answerPrompt({ userId, prompt, values }) {
      const errors: Record<string, ProfileFieldError[]> = {};
      const set: ProfileValues = {};
      for (const key of prompt.fields) {
        const field = byKey.get(key);
        if (!field) continue;
        const parsed = parseFormValue(field, values[key]);
        if (!parsed.ok) errors[key] = [parsed.error];
        else if (parsed.value !== undefined) set[key] = parsed.value;
      }
      if (Object.keys(errors).length > 0) return { errors };
      const at = now();
      await db.transaction().execute(async (trx) => {
        if (Object.keys(set).length > 0) await writeValues(trx, userId, set, []);
        const row = await trx
          .selectFrom('latch_profile_prompts')
          .select('answered')
          .where('user_id', '=', userId)
          .where('rule_id', '=', prompt.ruleId)
          .forUpdate()
          .executeTakeFirst();
        const answered = [...new Set([...(Array.isArray(row?.answered) ? row.answered : []), ...prompt.fields])];
        await trx
          .insertInto('latch_profile_prompts')
          .values({ user_id: userId, rule_id: prompt.ruleId, completed: 1, answered: JSON.stringify(answered), last_completed_at: at })
          .onConflict((conflict) =>
            conflict.columns(['user_id', 'rule_id']).doUpdateSet({ completed: sql`latch_profile_prompts.completed + 1`, answered: JSON.stringify(answered), last_completed_at: at }),
          )
          .execute();
      });
      return {};
    },

    async skipPrompt({ userId, prompt }) {
      const at = now();
      const count = await db.selectFrom('latch_profiles').select('sign_in_count').where('user_id', '=', userId).executeTakeFirst();
      await db
        .insertInto('latch_profile_prompts')
        .values({ user_id: userId, rule_id: prompt.ruleId, skipped: 1, answered: '[]', last_skipped_at: at, sign_ins_at_last_skip: count?.sign_in_count ?? 0 })
        .onConflict((conflict) =>
          conflict.columns(['user_id', 'rule_id']).doUpdateSet({ skipped: sql`latch_profile_prompts.skipped + 1`, last_skipped_at: at, sign_ins_at_last_skip: count?.sign_in_count ?? 0 }),
        )
        .execute();
    },

    async stats() {
      const rows = await db
        .selectFrom('latch_profile_prompts')
        .select((eb) => [
          'rule_id',
          eb.fn.sum<string | number>('shown').as('shown'),
          eb.fn.sum<string | number>('completed').as('completed'),
          eb.fn.sum<string | number>('skipped').as('skipped'),
          eb.fn.count<string | number>('user_id').filterWhere('shown', '>', 0).as('users'),
        ])
        .groupBy('rule_id')
        .execute();
      const byRule = new Map(rows.map((row) => [row.rule_id, row]));
      return {
        rules: config.rules.map((rule) => {
          const row = byRule.get(rule.id);
          const shown = Number(row?.shown ?? 0);
          const completed = Number(row?.completed ?? 0);
          return {
            id: rule.id,
            when: rule.when,
            fields: [...rule.fields],
            shown,
            completed,
            skipped: Number(row?.skipped ?? 0),
            users: Number(row?.users ?? 0),
            completionRate: shown === 0 ? 0 : Math.round((completed / shown) * 1000) / 1000,
          };
        }),
      };
    },
  };
}
