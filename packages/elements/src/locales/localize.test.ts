import { actionLabel, en, fieldLabel, headingText, localize, messageText, statusText, type LatchLocale } from '@latch/elements';
import { describe, expect, it } from 'vitest';

const de: LatchLocale = {
  lang: 'de',
  strings: { 'field.email': 'E-Mail', 'message.password_too_short': 'Mindestens {min} Zeichen.', 'action.password.back': 'Andere E-Mail' },
};

describe('localize', () => {
  it('reads the table, falls back to English, and fills placeholders', () => {
    expect(localize(de, 'field.email')).toBe('E-Mail');
    expect(localize(de, 'field.password')).toBe('Password');
    expect(localize(en, 'message.password_too_short', { min: 12 })).toBe('Use at least 12 characters.');
    expect(localize(de, 'message.password_too_short', { min: 8 })).toBe('Mindestens 8 Zeichen.');
    expect(localize(en, 'message.password_too_long')).toBe('Use at most {max} characters.');
    expect(localize(de, 'nope')).toBeUndefined();
  });

  it('labels fields, actions, headings and statuses', () => {
    expect(headingText(en, 'sign-in')).toBe('Sign in');
    expect(headingText(en, 'sign-up')).toBe('Create your account');
    expect(fieldLabel(de, { name: 'email' })).toBe('E-Mail');
    expect(fieldLabel(en, { name: 'nickname' })).toBe('nickname');
    expect(actionLabel(en, 'identifier', { name: 'submit' })).toBe('Continue');
    expect(actionLabel(en, 'password', { name: 'submit' })).toBe('Sign in');
    expect(actionLabel(de, 'password', { name: 'back' })).toBe('Andere E-Mail');
    expect(actionLabel(en, 'credentials', { name: 'submit' })).toBe('Create account');
    expect(actionLabel(en, 'other', { name: 'back' })).toBe('Back');
    expect(actionLabel(en, 'other', { name: 'skip' })).toBe('skip');
    expect(statusText(en, 'complete')).toBe('You are signed in.');
  });

  it('translates messages by code, keeping the server text for unknown codes', () => {
    expect(messageText(de, { code: 'password_too_short', severity: 'error', text: 'Use at least 10 characters.', params: { min: 10 } })).toBe(
      'Mindestens 10 Zeichen.',
    );
    expect(messageText(en, { code: 'brand_new', severity: 'info', text: 'Server text.' })).toBe('Server text.');
  });
});
