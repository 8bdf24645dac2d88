import { describe, expect, it } from 'vitest';
import { parseCoreOptions, type CoreOptions } from '../config.ts';
import type { ProfileFieldOptions, ProfileOptions } from './profileConfigSchema.ts';

const base: CoreOptions = { issuer: 'http://localhost:3000/oidc', clients: [{ clientId: 'app', redirectUris: ['http://localhost:3000/auth/callback'] }] };
const withProfile = (profile: ProfileOptions) => parseCoreOptions({ ...base, profile });

const company: ProfileFieldOptions = { key: 'company', type: 'text', label: { en: 'Company', de: 'Firma' } };
const roleOptions = [{ value: 'dev', label: { en: 'Developer' } }, { value: 'pm', label: { en: 'Product' } }];
const role: ProfileFieldOptions = { key: 'job_role', type: 'select', label: { en: 'Role' }, options: roleOptions };

describe('profile configuration', () => {
  it('defaults to no fields and no rules, and fills field defaults (scope profile, not required)', () => {
    expect(parseCoreOptions(base).profile).toEqual({ fields: [], rules: [] });
    const parsed = withProfile({ fields: [company], rules: [{ id: 'work', fields: ['company'], when: { after_sign_ins: 2 } }] }).profile;
    expect(parsed.fields[0]).toMatchObject({ key: 'company', scope: 'profile', validation: { required: false } });
    expect(parsed.rules[0]).toMatchObject({ id: 'work', skippable: false });
  });

  it.each<[string, ProfileOptions, RegExp]>([
    ['an unknown field type', { fields: [{ ...company, type: 'color' as never }] }, /profile\.fields\.0\.type/u],
    ['a key that is not claim-safe', { fields: [{ ...company, key: 'Company Name' }] }, /profile\.fields\.0\.key: must be a lower-case identifier/u],
    ['a label without English', { fields: [{ ...company, label: { de: 'Firma' } }] }, /profile\.fields\.0\.label: needs an "en" text/u],
    ['duplicate keys', { fields: [company, company] }, /profile\.fields\.1\.key: duplicate field key "company"/u],
    ['an unknown option of the field', { fields: [{ ...company, colour: 'red' } as never] }, /profile\.fields\.0/u],
    ['a select without options', { fields: [{ ...role, options: undefined }] }, /profile\.fields\.0\.options: a select field needs options/u],
    ['duplicate option values', { fields: [{ ...role, options: [roleOptions[0]!, roleOptions[0]!] }] }, /duplicate option "dev"/u],
    ['an option value with a comma', { fields: [{ ...role, options: [{ value: 'a,b', label: { en: 'AB' } }] }] }, /profile\.fields\.0\.options\.0\.value/u],
    ['a broken pattern', { fields: [{ ...company, validation: { pattern: '([a-z' } }] }, /profile\.fields\.0\.validation\.pattern: must be a valid regular expression/u],
    ['minLength above maxLength', { fields: [{ ...company, validation: { minLength: 5, maxLength: 2 } }] }, /minLength: must not exceed maxLength/u],
    ['min/max on a text field', { fields: [{ ...company, validation: { min: 1 } }] }, /min and max apply to number, date and multiselect fields only/u],
    ['a reserved claim', { fields: [{ ...company, key: 'email' }] }, /profile\.fields\.0\.key: "email" is a reserved claim/u],
    ['two fields on one claim', { fields: [company, { ...role, claim: 'company' }] }, /profile\.fields\.1\.claim: claim "company" is already used/u],
    ['a rule naming an unknown field', { fields: [company], rules: [{ id: 'r', fields: ['compnay'], when: { at_sign_up: true } }] }, /profile\.rules\.0\.fields\.0: unknown field "compnay" \(did you mean "company"\?\)/u],
    ['duplicate rule ids', { fields: [company], rules: [{ id: 'r', fields: ['company'], when: { at_sign_up: true } }, { id: 'r', fields: ['company'], when: { after_days: 3 } }] }, /profile\.rules\.1\.id: duplicate rule id/u],
    ['two rules on one on_demand key', { fields: [company], rules: [{ id: 'a', fields: ['company'], when: { on_demand: 'x' } }, { id: 'b', fields: ['company'], when: { on_demand: 'x' } }] }, /already answers on_demand "x"/u],
    ['an unknown trigger', { fields: [company], rules: [{ id: 'r', fields: ['company'], when: { at_checkout: true } as never }] }, /profile\.rules\.0\.when/u],
    ['after_sign_ins of 0', { fields: [company], rules: [{ id: 'r', fields: ['company'], when: { after_sign_ins: 0 } }] }, /profile\.rules\.0\.when/u],
    ['resurfacing without skippable', { fields: [company], rules: [{ id: 'r', fields: ['company'], when: { after_days: 1 }, resurfaceAfterDays: 3 }] }, /profile\.rules\.0\.skippable: resurfaceAfterSignIns/u],
    ['an unknown rule option', { fields: [company], rules: [{ id: 'r', fields: ['company'], when: { after_days: 1 }, maxFields: 2 } as never] }, /profile\.rules\.0/u],
  ])('refuses %s, naming the path', (_name, profile, message) => {
    expect(() => withProfile(profile)).toThrow(message);
  });
});
