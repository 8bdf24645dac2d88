import type { CoreOptions } from '@latch/core';

/**
 * The demo's declared profile fields and progressive-profiling rules: a
 * display name and birthday anyone may fill in on the account page; job role
 * and company asked at the 2nd sign-in (skippable, back after 3 more sign-ins
 * or a week); a phone number asked on demand before checkout.
 */
export function demoProfile(options: { signInPrompts: boolean }): NonNullable<CoreOptions['profile']> {
  return {
    fields,
    rules: rules.filter((rule) => options.signInPrompts || 'on_demand' in rule.when),
  };
}

type ProfileOptions = NonNullable<CoreOptions['profile']>;

const fields: ProfileOptions['fields'] = [
    { key: 'display_name', type: 'text', label: { en: 'Display name', de: 'Anzeigename' }, help: { en: 'Shown on your notes instead of your email address.' }, claim: 'name', autocomplete: 'nickname', validation: { maxLength: 60 } },
    { key: 'phone', type: 'tel', label: { en: 'Phone number', de: 'Telefonnummer' }, help: { en: 'Only for questions about your delivery.' }, claim: 'phone_number', scope: 'phone', autocomplete: 'tel', validation: { required: true } },
    { key: 'company', type: 'text', label: { en: 'Company', de: 'Firma' }, autocomplete: 'organization', validation: { maxLength: 80 } },
    {
      key: 'job_role',
      type: 'select',
      label: { en: 'Job role', de: 'Rolle' },
      options: [
        { value: 'developer', label: { en: 'Developer', de: 'Entwickler:in' } },
        { value: 'designer', label: { en: 'Designer', de: 'Designer:in' } },
        { value: 'product', label: { en: 'Product manager', de: 'Produktmanager:in' } },
        { value: 'founder', label: { en: 'Founder', de: 'Gründer:in' } },
        { value: 'other', label: { en: 'Something else', de: 'Etwas anderes' } },
      ],
    },
    {
      key: 'interests',
      type: 'multiselect',
      label: { en: 'Interests', de: 'Interessen' },
      options: [
        { value: 'security', label: { en: 'Security', de: 'Sicherheit' } },
        { value: 'design', label: { en: 'Design', de: 'Design' } },
        { value: 'ai', label: { en: 'AI', de: 'KI' } },
      ],
    },
    { key: 'birthday', type: 'date', label: { en: 'Birthday', de: 'Geburtstag' }, claim: 'birthdate', autocomplete: 'bday', validation: { min: '1900-01-01' } },
    { key: 'newsletter', type: 'checkbox', label: { en: 'Send me the monthly newsletter', de: 'Monatlichen Newsletter senden' } },
];

const rules: NonNullable<ProfileOptions['rules']> = [
    { id: 'work-details', fields: ['job_role', 'company'], when: { after_sign_ins: 2 }, skippable: true, resurfaceAfterSignIns: 3, resurfaceAfterDays: 7 },
    { id: 'checkout-phone', fields: ['phone'], when: { on_demand: 'checkout' }, skippable: true },
];
