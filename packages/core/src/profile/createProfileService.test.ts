import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type OpenedTestDatabase } from '../testing/testDatabases.ts';
import { createUserRepository } from '../users/userRepository.ts';
import { createProfileService, type ProfileService } from './createProfileService.ts';
import { InvalidProfileError } from './InvalidProfileError.ts';
import { profileOptionsSchema } from './profileConfigSchema.ts';
import { profileExportSection } from './profileExportSection.ts';

const config = profileOptionsSchema.parse({
  fields: [
    { key: 'company', type: 'text', label: { en: 'Company' } },
    { key: 'job_role', type: 'select', label: { en: 'Role' }, options: [{ value: 'dev', label: { en: 'Developer' } }] },
    { key: 'interests', type: 'multiselect', label: { en: 'Interests' }, options: [{ value: 'ai', label: { en: 'AI' } }, { value: 'web', label: { en: 'Web' } }] },
    { key: 'newsletter', type: 'checkbox', label: { en: 'Newsletter' } },
  ],
  rules: [{ id: 'work', fields: ['company', 'job_role'], when: { after_sign_ins: 1 }, skippable: true, maxFieldsPerPrompt: 1 }],
});

describe.each(testDatabases)('profile storage on %s', (_name, open) => {
  let opened: OpenedTestDatabase;
  let profile: ProfileService;
  let counter = 0;

  beforeAll(async () => {
    opened = await open();
    profile = createProfileService({ db: opened.db, config });
  });
  afterAll(async () => {
    await opened?.close();
  });

  async function newUser(): Promise<string> {
    const user = await createUserRepository(opened.db).create({ email: `profile-${++counter}-${Date.now()}@example.com`, passwordHash: null });
    if (!user) throw new Error('no user');
    return user.id;
  }

  const valuesOf = async (userId: string) => Object.fromEntries((await profile.get({ userId })).fields.map((field) => [field.key, field.value]));

  it('merges partial updates, clears with null, and writes nothing of a refused update', async () => {
    const userId = await newUser();
    await profile.update({ userId, values: { company: 'Acme', interests: ['web', 'ai'], newsletter: false } });
    await profile.update({ userId, values: { job_role: 'dev', company: null } });
    expect(await valuesOf(userId)).toEqual({ company: null, job_role: 'dev', interests: ['ai', 'web'], newsletter: false });
    const refused = await profile.update({ userId, values: { company: 'Globex', job_role: 'ceo' } }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(InvalidProfileError);
    expect((refused as InvalidProfileError).fields).toEqual({ job_role: [expect.objectContaining({ code: 'invalid_option' })] });
    expect((await valuesOf(userId)).company).toBeNull();
    await expect(profile.get({ userId: 'usr_missing' })).rejects.toMatchObject({ status: 404, code: 'user_not_found' });
  });

  it('counts sign-ins, asks in chunks of maxFieldsPerPrompt, and aggregates the stats', async () => {
    const userId = await newUser();
    const before = (await profile.stats()).rules[0];
    const first = await profile.promptAfterAuthentication({ trigger: 'sign-in', userId });
    expect(first).toEqual({ ruleId: 'work', fields: ['company'], skippable: true });
    if (!first) return;
    expect(await profile.answerPrompt({ userId, prompt: first, values: { company: 'Acme' } })).toEqual({});
    const second = await profile.promptAfterAuthentication({ trigger: 'sign-in', userId });
    expect(second?.fields).toEqual(['job_role']);
    if (!second) return;
    await profile.skipPrompt({ userId, prompt: second });
    expect(await profile.promptAfterAuthentication({ trigger: 'sign-in', userId })).toBeUndefined();
    const row = await opened.db.selectFrom('latch_profiles').select(['sign_in_count']).where('user_id', '=', userId).executeTakeFirstOrThrow();
    expect(row.sign_in_count).toBe(3);
    const after = (await profile.stats()).rules[0];
    expect(after).toMatchObject({
      id: 'work',
      shown: (before?.shown ?? 0) + 2,
      completed: (before?.completed ?? 0) + 1,
      skipped: (before?.skipped ?? 0) + 1,
      users: (before?.users ?? 0) + 1,
    });
    expect(await profile.claims(userId)).toEqual({ company: 'Acme' });
  });

  it('puts the values and the prompt history in "download my data"', async () => {
    const userId = await newUser();
    await profile.update({ userId, values: { company: 'Acme', interests: ['web'] } });
    const prompt = await profile.promptAfterAuthentication({ trigger: 'sign-in', userId });
    expect(prompt).toBeDefined();
    const exported = (await profileExportSection({ db: opened.db, userId })) as { values: unknown; signInCount: number; prompts: { rule: string; shown: number }[] };
    expect(exported.values).toEqual({ company: 'Acme', interests: ['web'] });
    expect(exported.signInCount).toBe(1);
    expect(exported.prompts).toEqual([expect.objectContaining({ rule: 'work', shown: 1, completed: 0, skipped: 0 })]);
    expect(await profileExportSection({ db: opened.db, userId: 'usr_missing' })).toMatchObject({ values: {}, signInCount: 0, prompts: [] });
  });
});
