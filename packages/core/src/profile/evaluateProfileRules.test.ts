import { describe, expect, it } from 'vitest';
import { duePrompt, onDemandPrompt, type PromptRecord, type RuleContext } from './evaluateProfileRules.ts';
import { profileOptionsSchema, type ProfileOptions } from './profileConfigSchema.ts';

const DAY = 24 * 3600 * 1000;
const created = new Date('2026-01-01T00:00:00Z');
const text = (key: string) => ({ key, type: 'text' as const, label: { en: key } });

function rules(list: NonNullable<ProfileOptions['rules']>) {
  return profileOptionsSchema.parse({ fields: ['company', 'job_role', 'phone', 'city', 'bio'].map(text), rules: list }).rules;
}

function context(overrides: Partial<RuleContext> = {}): RuleContext {
  return { trigger: 'sign-in', now: new Date(created.getTime() + DAY), signInCount: 1, accountCreatedAt: created, values: {}, prompts: new Map(), ...overrides };
}

const record = (overrides: Partial<PromptRecord>): PromptRecord => ({
  shown: 1, completed: 0, skipped: 0, lastShownAt: null, lastSkippedAt: null, lastCompletedAt: null, signInsAtLastSkip: null, answered: [], ...overrides,
});

describe('duePrompt', () => {
  const work = rules([{ id: 'work', fields: ['company', 'job_role'], when: { after_sign_ins: 2 }, skippable: true }]);

  it('is due from the Nth sign-in on, not before, and never at sign-up', () => {
    expect(duePrompt(work, context({ signInCount: 1 }))).toBeUndefined();
    expect(duePrompt(work, context({ signInCount: 2 }))).toEqual({ ruleId: 'work', fields: ['company', 'job_role'], skippable: true });
    expect(duePrompt(work, context({ signInCount: 7 }))?.ruleId).toBe('work');
    expect(duePrompt(work, context({ trigger: 'sign-up', signInCount: 5 }))).toBeUndefined();
  });

  it('asks only for missing fields, and nothing once all are filled or answered', () => {
    expect(duePrompt(work, context({ signInCount: 2, values: { company: 'Acme' } }))?.fields).toEqual(['job_role']);
    expect(duePrompt(work, context({ signInCount: 2, values: { company: 'Acme', job_role: 'dev' } }))).toBeUndefined();
    // Left empty in a completed prompt: not asked again by the same rule.
    const prompts = new Map([['work', record({ completed: 1, answered: ['company', 'job_role'], lastCompletedAt: created })]]);
    expect(duePrompt(work, context({ signInCount: 3, prompts }))).toBeUndefined();
  });

  it('counts account age in days with the injected clock', () => {
    const aged = rules([{ id: 'aged', fields: ['city'], when: { after_days: 30 } }]);
    expect(duePrompt(aged, context({ now: new Date(created.getTime() + 29 * DAY + DAY - 1) }))).toBeUndefined();
    expect(duePrompt(aged, context({ now: new Date(created.getTime() + 30 * DAY) }))?.ruleId).toBe('aged');
  });

  it('caps the fields per prompt at maxFieldsPerPrompt, in declared order', () => {
    const capped = rules([{ id: 'more', fields: ['company', 'job_role', 'phone', 'city'], when: { after_sign_ins: 1 }, maxFieldsPerPrompt: 2 }]);
    expect(duePrompt(capped, context())?.fields).toEqual(['company', 'job_role']);
    const prompts = new Map([['more', record({ completed: 1, answered: ['company', 'job_role'], lastCompletedAt: created })]]);
    expect(duePrompt(capped, context({ prompts, values: { company: 'Acme' } }))?.fields).toEqual(['phone', 'city']);
  });

  it('holds a skipped prompt back until resurfaceAfterSignIns more sign-ins', () => {
    const resurfacing = rules([{ id: 'work', fields: ['company'], when: { after_sign_ins: 1 }, skippable: true, resurfaceAfterSignIns: 3 }]);
    const prompts = new Map([['work', record({ skipped: 1, lastSkippedAt: created, signInsAtLastSkip: 4 })]]);
    expect(duePrompt(resurfacing, context({ signInCount: 5, prompts }))).toBeUndefined();
    expect(duePrompt(resurfacing, context({ signInCount: 6, prompts }))).toBeUndefined();
    expect(duePrompt(resurfacing, context({ signInCount: 7, prompts }))?.ruleId).toBe('work');
  });

  it('holds a skipped prompt back until resurfaceAfterDays, and for good when neither is set', () => {
    const byDays = rules([{ id: 'work', fields: ['company'], when: { after_sign_ins: 1 }, skippable: true, resurfaceAfterDays: 7 }]);
    const skippedAt = new Date(created.getTime() + 2 * DAY);
    const prompts = new Map([['work', record({ skipped: 1, lastSkippedAt: skippedAt, signInsAtLastSkip: 1 })]]);
    expect(duePrompt(byDays, context({ signInCount: 50, now: new Date(skippedAt.getTime() + 6 * DAY), prompts }))).toBeUndefined();
    expect(duePrompt(byDays, context({ signInCount: 2, now: new Date(skippedAt.getTime() + 7 * DAY), prompts }))?.ruleId).toBe('work');
    const never = rules([{ id: 'work', fields: ['company'], when: { after_sign_ins: 1 }, skippable: true }]);
    expect(duePrompt(never, context({ signInCount: 500, now: new Date(skippedAt.getTime() + 900 * DAY), prompts }))).toBeUndefined();
  });

  it('asks at_sign_up rules at sign-up; at sign-in only a skipped one whose resurfacing came', () => {
    const signUp = rules([{ id: 'welcome', fields: ['company'], when: { at_sign_up: true }, skippable: true, resurfaceAfterSignIns: 1 }]);
    expect(duePrompt(signUp, context({ trigger: 'sign-up', signInCount: 0 }))?.ruleId).toBe('welcome');
    expect(duePrompt(signUp, context({ signInCount: 1 }))).toBeUndefined();
    const prompts = new Map([['welcome', record({ skipped: 1, lastSkippedAt: created, signInsAtLastSkip: 0 })]]);
    expect(duePrompt(signUp, context({ signInCount: 1, prompts }))?.ruleId).toBe('welcome');
  });

  it('picks the first due rule in declared order and never fires on_demand rules by itself', () => {
    const list = rules([
      { id: 'demand', fields: ['phone'], when: { on_demand: 'checkout' } },
      { id: 'later', fields: ['bio'], when: { after_sign_ins: 5 } },
      { id: 'now', fields: ['city'], when: { after_sign_ins: 1 } },
    ]);
    expect(duePrompt(list, context({ signInCount: 2 }))?.ruleId).toBe('now');
    expect(duePrompt(list, context({ signInCount: 5 }))?.ruleId).toBe('later');
  });
});

describe('onDemandPrompt', () => {
  it('asks for what is missing even after a skip, and nothing when complete', () => {
    const [rule] = rules([{ id: 'checkout', fields: ['phone', 'city'], when: { on_demand: 'checkout' }, skippable: true }]);
    if (!rule) throw new Error('no rule');
    const skipped = record({ skipped: 3, lastSkippedAt: created });
    expect(onDemandPrompt(rule, { city: 'Bern' }, skipped)).toEqual({ ruleId: 'checkout', fields: ['phone'], skippable: true });
    expect(onDemandPrompt(rule, { city: 'Bern', phone: '+41 44 000 00 00' }, skipped)).toBeUndefined();
  });
});
