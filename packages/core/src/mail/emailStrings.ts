/**
 * The words of every email, per locale. Strings are plain text with `{name}`
 * placeholders (HTML is escaped when rendered, so markup here shows as text).
 * `{brand}` is the theme's brand name everywhere. A plural is an object keyed
 * by `Intl.PluralRules` category, `other` required, with `{count}`.
 */
export type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

export interface EmailStrings {
  common: {
    /** Under every button, before the bare link. */
    linkFallback: string;
    /** Before the code in the plain-text version. */
    codeLabel: string;
    footer: string;
  };
  'verify-email': CodeEmailStrings;
  'sign-in-code': CodeEmailStrings;
  'password-reset': CodeEmailStrings;
  'password-changed': {
    subject: string;
    preheader: string;
    heading: string;
    /** `{changedAt}`: date and time, formatted for the locale, in UTC. */
    intro: string;
    ifYou: string;
    ifNotYou: string;
    action: string;
  };
  'email-change': CodeEmailStrings;
  'email-changed': {
    subject: string;
    preheader: string;
    heading: string;
    /** `{changedAt}`: date and time in UTC; `{newEmail}`: the new address, masked. */
    intro: string;
    ifNotYou: string;
    action: string;
  };
  'email-change-unavailable': {
    subject: string;
    preheader: string;
    heading: string;
    intro: string;
    signInAction: string;
    ignore: string;
  };
  'account-exists': {
    subject: string;
    preheader: string;
    heading: string;
    intro: string;
    signInAction: string;
    resetIntro: string;
    resetAction: string;
    ignore: string;
  };
  'organization-invitation': {
    /** `{organization}`: its name; `{inviter}`: the inviting member's address; `{role}`: the role offered. */
    subject: string;
    preheader: string;
    heading: string;
    intro: string;
    action: string;
    expires: Plural;
    ignore: string;
  };
}

/** An email that carries a one-time code and a link doing the same thing. */
export interface CodeEmailStrings {
  /** `{code}` may appear here: it is what phones show in the notification. */
  subject: string;
  preheader: string;
  heading: string;
  intro: string;
  action: string;
  expires: Plural;
  ignore: string;
}

/** A locale that overrides some strings; everything missing falls back to English. */
export type PartialEmailStrings = { [K in keyof EmailStrings]?: Partial<EmailStrings[K]> };

const expires: Plural = {
  one: 'The code and the link expire in {count} minute.',
  other: 'The code and the link expire in {count} minutes.',
};

export const en: EmailStrings = {
  common: {
    linkFallback: 'If the button does not work, copy this link into your browser:',
    codeLabel: 'Your code',
    footer: 'This email was sent by {brand}.',
  },
  'verify-email': {
    subject: 'Verify your email address for {brand}',
    preheader: 'Your verification code is {code}.',
    heading: 'Verify your email address',
    intro: 'Enter this code to confirm that this email address is yours:',
    action: 'Verify email address',
    expires,
    ignore: 'If you did not create a {brand} account, you can ignore this email.',
  },
  'sign-in-code': {
    subject: '{code} is your {brand} sign-in code',
    preheader: 'Enter the code, or sign in with the link in this email.',
    heading: 'Your sign-in code',
    intro: 'Enter this code to sign in to {brand}:',
    action: 'Sign in to {brand}',
    expires,
    ignore: 'If you did not try to sign in, you can ignore this email. Nobody can sign in without this code.',
  },
  'password-reset': {
    subject: 'Reset your {brand} password',
    preheader: 'Your password reset code is {code}.',
    heading: 'Reset your password',
    intro: 'Enter this code to choose a new password:',
    action: 'Choose a new password',
    expires,
    ignore: 'If you did not ask to reset your password, you can ignore this email. Your password stays as it is.',
  },
  'password-changed': {
    subject: 'Your {brand} password was changed',
    preheader: 'If this was you, there is nothing else to do.',
    heading: 'Your password was changed',
    intro: 'The password of your {brand} account was changed on {changedAt}.',
    ifYou: 'If this was you, there is nothing else to do.',
    ifNotYou: 'If it was not you, reset your password now to secure your account.',
    action: 'Reset password',
  },
  'email-change': {
    subject: 'Confirm your new email address for {brand}',
    preheader: 'Your confirmation code is {code}.',
    heading: 'Confirm your new email address',
    intro: 'Enter this code to use this address for your {brand} account:',
    action: 'Confirm email address',
    expires,
    ignore: 'If you did not ask to change your email address, you can ignore this email. Nothing changes without this code.',
  },
  'email-changed': {
    subject: 'The email address of your {brand} account was changed',
    preheader: 'Your account now uses another address.',
    heading: 'Your email address was changed',
    intro: 'On {changedAt}, the email address of your {brand} account was changed to {newEmail}. Mail about your account now goes there.',
    ifNotYou: 'If it was not you, reset your password now and contact us.',
    action: 'Reset password',
  },
  'email-change-unavailable': {
    subject: 'Someone tried to use this address at {brand}',
    preheader: 'This address already has an account.',
    heading: 'This address already has an account',
    intro: 'Someone asked to move another {brand} account to this email address. It already belongs to an account, so nothing was changed.',
    signInAction: 'Sign in',
    ignore: 'If this was not you, you can ignore this email. Your account has not changed.',
  },
  'account-exists': {
    subject: 'You already have an account at {brand}',
    preheader: 'Someone tried to sign up with this email address.',
    heading: 'You already have an account',
    intro: 'Someone, probably you, tried to create a {brand} account with this email address. It already has one, so no new account was created.',
    signInAction: 'Sign in',
    resetIntro: 'Forgot your password? You can choose a new one:',
    resetAction: 'Reset password',
    ignore: 'If this was not you, you can ignore this email. Your account has not changed.',
  },
  'organization-invitation': {
    subject: 'You are invited to join {organization} on {brand}',
    preheader: '{inviter} invited you to {organization}.',
    heading: 'Join {organization}',
    intro: '{inviter} invited you to join {organization} on {brand} as {role}.',
    action: 'Accept the invitation',
    expires: { one: 'The invitation expires in {count} day.', other: 'The invitation expires in {count} days.' },
    ignore: 'If you do not want to join, you can ignore this email.',
  },
};

/** The locales Latch ships. Add one by passing `locales` to `renderEmail()` or `createEmailRenderer()`. */
export const emailLocales: Readonly<Record<string, EmailStrings>> = { en };
