import type { ProfileRuleConfig } from './profileConfigSchema.ts';
import { hasValue, type ProfileValues } from './validateProfileValues.ts';

const DAY_MS = 24 * 3600 * 1000;

/** What the core remembers about one rule for one user. */
export interface PromptRecord {
  shown: number;
  completed: number;
  skipped: number;
  lastShownAt: Date | null;
  lastSkippedAt: Date | null;
  lastCompletedAt: Date | null;
  /** The user's sign-in count when they last skipped. */
  signInsAtLastSkip: number | null;
  /** Fields asked in a prompt the user completed (left empty or not): never asked again by this rule. */
  answered: string[];
}

export interface RuleContext {
  /** `sign-up`: the account was just created; `sign-in`: a sign-in passed its factors. */
  trigger: 'sign-up' | 'sign-in';
  now: Date;
  /** Completed sign-ins, this one included. */
  signInCount: number;
  accountCreatedAt: Date;
  values: ProfileValues;
  prompts: ReadonlyMap<string, PromptRecord>;
}

export interface DuePrompt {
  ruleId: string;
  /** The fields to ask, in the rule's order, at most `maxFieldsPerPrompt`. */
  fields: string[];
  skippable: boolean;
}

/** The rule's fields the user has no value for and has not been asked before by this rule. */
export function missingFields(rule: ProfileRuleConfig, values: ProfileValues, record: PromptRecord | undefined): string[] {
  const answered = new Set(record?.answered ?? []);
  return rule.fields.filter((key) => !hasValue(values, key) && !answered.has(key));
}

function askable(rule: ProfileRuleConfig, values: ProfileValues, record: PromptRecord | undefined): DuePrompt | undefined {
  const missing = missingFields(rule, values, record);
  if (missing.length === 0) return undefined;
  return { ruleId: rule.id, fields: missing.slice(0, rule.maxFieldsPerPrompt ?? missing.length), skippable: rule.skippable };
}

/**
 * Whether a skipped prompt may be shown again: after `resurfaceAfterSignIns`
 * more sign-ins or `resurfaceAfterDays` days, whichever comes first; never
 * when the rule sets neither. A skip followed by a completion no longer holds
 * the rule back.
 */
export function skipHoldsBack(rule: ProfileRuleConfig, record: PromptRecord | undefined, context: Pick<RuleContext, 'now' | 'signInCount'>): boolean {
  if (!record?.lastSkippedAt) return false;
  if (record.lastCompletedAt && record.lastCompletedAt >= record.lastSkippedAt) return false;
  const bySignIns = rule.resurfaceAfterSignIns !== undefined && context.signInCount - (record.signInsAtLastSkip ?? context.signInCount) >= rule.resurfaceAfterSignIns;
  const byDays = rule.resurfaceAfterDays !== undefined && context.now.getTime() - record.lastSkippedAt.getTime() >= rule.resurfaceAfterDays * DAY_MS;
  return !(bySignIns || byDays);
}

/**
 * The first rule, in declared order, that is due now and still has fields
 * to ask; one prompt per sign-in at most. `on_demand` rules are never due
 * here (the app asks for them, see `onDemandPrompt`).
 */
export function duePrompt(rules: readonly ProfileRuleConfig[], context: RuleContext): DuePrompt | undefined {
  for (const rule of rules) {
    const record = context.prompts.get(rule.id);
    const { when } = rule;
    let due: boolean;
    if ('at_sign_up' in when) {
      // Asked right after sign-up; at later sign-ins only a skipped prompt comes back (per resurface settings).
      due = context.trigger === 'sign-up' || (record?.lastSkippedAt != null && !skipHoldsBack(rule, record, context));
    } else if ('after_sign_ins' in when) {
      due = context.trigger === 'sign-in' && context.signInCount >= when.after_sign_ins;
    } else if ('after_days' in when) {
      due = context.trigger === 'sign-in' && context.now.getTime() - context.accountCreatedAt.getTime() >= when.after_days * DAY_MS;
    } else {
      due = false;
    }
    if (!due || ('at_sign_up' in when ? false : skipHoldsBack(rule, record, context))) continue;
    const prompt = askable(rule, context.values, record);
    if (prompt) return prompt;
  }
  return undefined;
}

/** The prompt of the `on_demand: key` rule, or `undefined` when it has nothing left to ask. A skip never holds an asked-for prompt back. */
export function onDemandPrompt(rule: ProfileRuleConfig, values: ProfileValues, record: PromptRecord | undefined): DuePrompt | undefined {
  return askable(rule, values, record);
}
