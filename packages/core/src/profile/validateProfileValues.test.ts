import { describe, expect, it } from 'vitest';
import { profileOptionsSchema, type ProfileOptions } from './profileConfigSchema.ts';
import { parseFormValue, parseJsonValue } from './validateProfileValues.ts';

function field(options: NonNullable<ProfileOptions['fields']>[number]) {
  const [parsed] = profileOptionsSchema.parse({ fields: [options] }).fields;
  if (!parsed) throw new Error('no field');
  return parsed;
}
const options = [{ value: 'dev', label: { en: 'Dev' } }, { value: 'ops', label: { en: 'Ops' } }, { value: 'pm', label: { en: 'PM' } }];
const code = (outcome: ReturnType<typeof parseJsonValue>) => (outcome.ok ? outcome.value : `!${outcome.error.code}`);

describe('profile value validation', () => {
  it('checks text length, pattern and required', () => {
    const name = field({ key: 'name', type: 'text', label: { en: 'Name' }, validation: { required: true, minLength: 2, maxLength: 5, pattern: '[A-Za-z ]+' } });
    expect(code(parseJsonValue(name, ' Ada '))).toBe('Ada');
    expect(code(parseJsonValue(name, 'A'))).toBe('!too_short');
    expect(code(parseJsonValue(name, 'Adalbert'))).toBe('!too_long');
    expect(code(parseJsonValue(name, 'Ad4'))).toBe('!pattern');
    expect(code(parseJsonValue(name, ''))).toBe('!required');
    expect(code(parseJsonValue(name, null))).toBe('!required');
    expect(code(parseJsonValue(name, 42))).toBe('!invalid_type');
  });

  it('checks email, url, tel and date shapes', () => {
    expect(code(parseJsonValue(field({ key: 'work_email', type: 'email', label: { en: 'E' } }), 'not-an-address'))).toBe('!invalid_email');
    expect(code(parseJsonValue(field({ key: 'site', type: 'url', label: { en: 'U' } }), 'javascript:alert(1)'))).toBe('!invalid_url');
    expect(code(parseJsonValue(field({ key: 'site', type: 'url', label: { en: 'U' } }), 'https://example.com/x'))).toBe('https://example.com/x');
    expect(code(parseJsonValue(field({ key: 'phone', type: 'tel', label: { en: 'T' } }), 'call me'))).toBe('!pattern');
    expect(code(parseJsonValue(field({ key: 'phone', type: 'tel', label: { en: 'T' } }), '+41 44 668 18 00'))).toBe('+41 44 668 18 00');
    const birthday = field({ key: 'birthday', type: 'date', label: { en: 'B' }, validation: { min: '1900-01-01', max: '2020-12-31' } });
    expect(code(parseJsonValue(birthday, '1990-02-30'))).toBe('!invalid_date');
    expect(code(parseJsonValue(birthday, '1899-12-31'))).toBe('!out_of_range');
    expect(code(parseJsonValue(birthday, '1990-02-28'))).toBe('1990-02-28');
  });

  it('checks numbers, options and checkboxes', () => {
    const seats = field({ key: 'seats', type: 'number', label: { en: 'S' }, validation: { min: 1, max: 10 } });
    expect(code(parseFormValue(seats, '3'))).toBe(3);
    expect(code(parseFormValue(seats, 'three'))).toBe('!invalid_number');
    expect(code(parseJsonValue(seats, 11))).toBe('!out_of_range');
    const role = field({ key: 'role', type: 'select', label: { en: 'R' }, options });
    expect(code(parseJsonValue(role, 'ceo'))).toBe('!invalid_option');
    const interests = field({ key: 'interests', type: 'multiselect', label: { en: 'I' }, options, validation: { max: 2 } });
    expect(code(parseFormValue(interests, 'pm,dev'))).toEqual(['dev', 'pm']);
    expect(code(parseFormValue(interests, 'dev,ops,pm'))).toBe('!out_of_range');
    expect(code(parseJsonValue(interests, ['dev', 'nope']))).toBe('!invalid_option');
    const newsletter = field({ key: 'newsletter', type: 'checkbox', label: { en: 'N' } });
    expect(code(parseFormValue(newsletter, undefined))).toBe(false);
    expect(code(parseFormValue(newsletter, 'on'))).toBe(true);
    expect(code(parseJsonValue(newsletter, 'yes'))).toBe('!invalid_type');
    const terms = field({ key: 'terms', type: 'checkbox', label: { en: 'T' }, validation: { required: true } });
    expect(code(parseFormValue(terms, ''))).toBe('!required');
  });
});
