// @vitest-environment happy-dom
import type { Args, Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { en, localize } from '@latch/elements';
import { render } from 'lit';
import { afterEach, describe, expect, it } from 'vitest';
import { themes, type ThemeName } from './themes.ts';

/**
 * Renders every story of every `*.stories.ts` module the way Storybook does
 * (meta args, then story args, through the render function) and checks what a
 * user would notice in it, so a story cannot silently rot: a broken fixture,
 * an element change or a story added without an expectation fails here.
 */

interface StoriesModule {
  default: Meta<Args>;
  [exportName: string]: unknown;
}

type Check = (root: HTMLElement) => void;

const modules = import.meta.glob<StoriesModule>('./*.stories.ts', { eager: true });

const text = (node: Element | null | undefined): string => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const alertText = (root: HTMLElement): string => text(root.querySelector('[role="alert"]'));
const statusText = (root: HTMLElement): string => text(root.querySelector('[role="status"]'));
const strings = en.strings;

function input(root: ParentNode, label: string): HTMLInputElement {
  const labels = [...root.querySelectorAll('label')].filter((candidate) => text(candidate) === label);
  expect(labels, `one label "${label}"`).toHaveLength(1);
  const control = labels[0]!.ownerDocument.getElementById(labels[0]!.htmlFor);
  expect(control, `control of label "${label}"`).toBeInstanceOf(HTMLInputElement);
  return control as HTMLInputElement;
}

function button(root: ParentNode, label: string): HTMLButtonElement {
  const found = [...root.querySelectorAll('button')].find((candidate) => text(candidate) === label);
  expect(found, `button "${label}"`).toBeDefined();
  return found!;
}

const noAlert: Check = (root) => expect(alertText(root)).toBe('');

const signInIdentifier: Check = (root) => {
  const email = input(root, strings['field.email']);
  expect(email.type).toBe('email');
  expect(email.autocomplete).toBe('username');
  expect(email.readOnly).toBe(false);
  expect(button(root, strings['action.identifier.submit']).disabled).toBe(false);
};

const signInPassword: Check = (root) => {
  const email = input(root, strings['field.email']);
  expect(email.readOnly).toBe(true);
  expect(email.value).toBe('ada@example.com');
  expect(input(root, strings['field.password']).autocomplete).toBe('current-password');
  button(root, strings['action.password.submit']);
  button(root, strings['action.password.back']);
};

const signUpCredentials: Check = (root) => {
  expect(input(root, strings['field.email']).autocomplete).toBe('email');
  const password = input(root, strings['field.password']);
  expect(password.type).toBe('password');
  expect(password.autocomplete).toBe('new-password');
  button(root, strings['action.credentials.submit']);
};

const alertSays =
  (expected: string): Check =>
  (root) =>
    expect(alertText(root)).toBe(expected);

const loading: Check = (root) => {
  expect(statusText(root)).toBe(strings['status.loading']);
  expect(root.querySelector('input')).toBeNull();
};

const unavailable: Check = (root) => {
  expect(alertText(root)).toBe(strings['message.network_error']);
  expect(root.querySelector('input')).toBeNull();
  button(root, strings['action.retry']);
};

const busy =
  (submitLabel: string): Check =>
  (root) => {
    expect(root.querySelector('form')?.getAttribute('aria-busy')).toBe('true');
    expect(button(root, submitLabel).disabled).toBe(true);
  };

const complete: Check = (root) => {
  expect(statusText(root)).toBe(strings['status.complete']);
  expect(root.querySelector('form')).toBeNull();
};

function fieldError(label: string, message: string): Check {
  return (root) => {
    const control = input(root, label);
    expect(control.getAttribute('aria-invalid')).toBe('true');
    const description = root.ownerDocument.getElementById(control.getAttribute('aria-describedby') ?? '');
    expect(text(description)).toBe(message);
  };
}

function themedWith(name: ThemeName): Check {
  return (root) => {
    const wrapper = root.querySelector<HTMLElement>(`[data-theme="${name}"]`);
    expect(wrapper).not.toBeNull();
    const className = themes[name].className;
    if (className) expect(wrapper!.classList.contains(className)).toBe(true);
    // The states the theme stories show: a flow-level alert and a field error.
    expect(text(root.querySelector('latch-sign-in [role="alert"]'))).toBe(strings['message.invalid_credentials']);
    fieldError(strings['field.password'], strings['message.password_too_short'].replace('{min}', '15'))(root.querySelector('latch-sign-up')!);
  };
}

const recoveryIdentifier: Check = (root) => {
  expect(text(root.querySelector('h2'))).toBe(strings['heading.recovery']);
  expect(input(root, strings['field.email']).autocomplete).toBe('username');
  button(root, strings['action.recovery-identifier.submit']);
};

const recoveryEmailCode: Check = (root) => {
  expect(input(root, strings['field.email']).readOnly).toBe(true);
  const code = input(root, strings['field.recovery-email-code.code']);
  expect(code.autocomplete).toBe('one-time-code');
  expect(code.getAttribute('inputmode')).toBe('numeric');
  button(root, strings['action.recovery-email-code.resend']);
  button(root, strings['action.recovery-email-code.back']);
};

const newPasswordStep: Check = (root) => {
  const password = input(root, strings['field.new-password.password']);
  expect(password.autocomplete).toBe('new-password');
  // The core's default policy, as the recorded fixture carries it.
  expect(password.minLength).toBe(15);
};

const reauthPassword: Check = (root) => {
  expect(text(root.querySelector('h2'))).toBe(strings['heading.reauthenticate']);
  const email = input(root, strings['field.email']);
  expect(email.readOnly).toBe(true);
  expect(email.value).toBe('ada@example.com');
  expect(input(root, strings['field.password']).autocomplete).toBe('current-password');
  button(root, strings['action.reauthenticate.password.submit']);
};

const totpStep: Check = (root) => {
  const code = input(root, strings['field.totp.code']);
  expect(code.autocomplete).toBe('one-time-code');
  expect(code.getAttribute('inputmode')).toBe('numeric');
  button(root, strings['action.totp.use-recovery-code']);
};

const retryIn14Minutes = alertSays(localize(en, 'message.rate_limited_minutes', { minutes: 14 }) ?? '');

const mfaStatus =
  (state: 'enrolled' | 'not-enrolled'): Check =>
  (root) =>
    expect(text(root)).toContain(strings['mfa.totp.status'].replace('{state}', strings[`mfa.totp.${state}`]));

const mfaSettingUp: Check = (root) => {
  const qr = root.querySelector('img');
  expect(qr?.getAttribute('alt')).toBe(strings['mfa.setup.qr']);
  const code = input(root, strings['mfa.field.code']);
  expect(code.autocomplete).toBe('one-time-code');
  expect(code.required).toBe(true);
  button(root, strings['mfa.action.verify']);
};


const hasText =
  (expected: string): Check =>
  (root) =>
    expect(text(root)).toContain(expected);

const heading = (level: 'h2' | 'h3', expected: string): Check => (root) => expect([...root.querySelectorAll(level)].map(text)).toContain(expected);

const buttons = (...labels: string[]): Check => (root) => {
  for (const label of labels) button(root, label);
};

const named = (name: string): Check => (root) => {
  const found = [...root.querySelectorAll('button, [role="option"]')].find((candidate) => candidate.getAttribute('aria-label') === name || text(candidate) === name);
  expect(found, `control named "${name}"`).toBeDefined();
};

const statusSays =
  (expected: string): Check =>
  (root) =>
    expect([...root.querySelectorAll('[role="status"]')].map(text)).toContain(expected);

const anyAlertSays =
  (expected: string): Check =>
  (root) =>
    expect([...root.querySelectorAll('[role="alert"]')].map(text)).toContain(expected);

const noAlerts: Check = (root) => expect([...root.querySelectorAll('[role="alert"]')].map(text).filter(Boolean)).toEqual([]);

const options = (count: number): Check => (root) => expect(root.querySelectorAll('[role="option"]')).toHaveLength(count);

const otpInput =
  (label: string): Check =>
  (root) => {
    const code = input(root, label);
    expect(code.autocomplete).toBe('one-time-code');
    expect(code.getAttribute('inputmode')).toBe('numeric');
  };

const progressiveForm: Check = (root) => {
  expect(text(root.querySelector('h2'))).toBe(strings['heading.profile']);
  buttons(strings['action.profile.submit'], strings['action.profile.skip'])(root);
};

function organizationSelect(root: ParentNode): HTMLSelectElement {
  const label = [...root.querySelectorAll('label')].find((candidate) => text(candidate) === strings['field.organization']);
  const control = label ? root.querySelector(`#${CSS.escape(label.htmlFor)}`) : null;
  expect(control, 'the Organization select').toBeInstanceOf(HTMLSelectElement);
  return control as HTMLSelectElement;
}

/** What a user would notice in each story, by `title/ExportName`; every story needs an entry. */
const expectations: Record<string, Check[]> = {
  'Elements/Sign in/Identifier': [signInIdentifier, noAlert, (root) => expect(text(root.querySelector('h2'))).toBe(strings['heading.sign-in'])],
  'Elements/Sign in/Password': [signInPassword, noAlert],
  'Elements/Sign in/InvalidEmail': [
    fieldError(strings['field.email'], strings['message.invalid_email']),
    (root) => expect(input(root, strings['field.email']).value).toBe('ada@example'),
    noAlert,
  ],
  'Elements/Sign in/InvalidCredentials': [signInPassword, alertSays(strings['message.invalid_credentials'])],
  'Elements/Sign in/RateLimited': [signInPassword, alertSays(strings['message.rate_limited'])],
  'Elements/Sign in/Expired': [
    signInIdentifier,
    alertSays(strings['message.flow_expired']),
    (root) => expect(input(root, strings['field.email']).value).toBe(''),
  ],
  'Elements/Sign in/NetworkError': [
    signInIdentifier,
    alertSays(strings['message.network_error']),
    (root) => expect(input(root, strings['field.email']).value).toBe('ada@example.com'),
  ],
  'Elements/Sign in/ServerError': [signInIdentifier, alertSays(strings['message.generic'])],
  'Elements/Sign in/Unavailable': [unavailable],
  'Elements/Sign in/Loading': [loading],
  'Elements/Sign in/Submitting': [signInPassword, busy(strings['action.password.submit'])],
  'Elements/Sign in/Complete': [complete],
  'Elements/Sign in/ProfileStep': [
    (root) => expect(input(root, 'Company').required).toBe(true),
    (root) => expect(root.querySelector('select[name="job_role"]')?.getAttribute('id')).toBe(root.querySelector('label[for] + select, [data-field="job_role"] label')?.getAttribute('for')),
    (root) => button(root, strings['action.profile.skip']),
    (root) => button(root, strings['action.profile.submit']),
    noAlert,
  ],
  'Elements/Sign in/ProfileStepInvalid': [fieldError('Company', strings['message.too_long'].replace('{max}', '80'))],
  'Elements/Sign in/ConsentStep': [
    (root) => {
      const terms = input(root, `Terms of service ${strings['consent.required']}`);
      expect([terms.type, terms.checked, terms.required]).toEqual(['checkbox', false, true]);
      expect(text(root)).toContain(strings['consent.changed'].replace('{from}', '1').replace('{to}', '2'));
      button(root, strings['action.consent.submit']);
      button(root, strings['action.consent.decline']);
    },
  ],
  'Elements/Sign in/ConsentDeclined': [alertSays(strings['message.consent_declined']), (root) => expect(root.querySelectorAll('button, input')).toHaveLength(0)],

  'Elements/Sign in/Totp': [totpStep, noAlert],
  'Elements/Sign in/TotpInvalid': [totpStep, fieldError(strings['field.totp.code'], strings['message.invalid_totp_code'])],
  'Elements/Sign in/RecoveryCode': [(root) => expect(input(root, strings['field.recovery_code']).required).toBe(true), buttons(strings['action.recovery-code.back-to-totp']), noAlert],
  'Elements/Sign in/EmailCode': [otpInput(strings['field.sign-in-code.code']), buttons(strings['action.sign-in-code.resend'], strings['action.sign-in-code.back']), noAlert],
  'Elements/Sign in/EmailCodeInvalid': [fieldError(strings['field.sign-in-code.code'], strings['message.invalid_code'])],
  'Elements/Sign in/Passkey': [
    (root) => expect(input(root, strings['field.email']).autocomplete).toBe('username webauthn'),
    buttons(strings['action.identifier.passkey'], strings['action.identifier.email-code']),
  ],

  'Elements/Sign in/Organization': [
    (root) => expect([...organizationSelect(root).options].map((option) => option.textContent?.trim())).toEqual([strings['field.select.placeholder'], 'Acme', 'Globex']),
    hasText(strings['intro.organization']),
    buttons(strings['action.organization.submit'], strings['action.organization.personal']),
    noAlert,
  ],
  // The server's `value` marks its option selected (happy-dom does not reflect that into `select.value`).
  'Elements/Sign in/OrganizationPreselected': [(root) => expect([...organizationSelect(root).options].filter((option) => option.hasAttribute('selected')).map((option) => option.value)).toEqual(['org_globex'])],
  'Elements/Sign in/OrganizationMethodNotAllowed': [alertSays(strings['message.sign_in_method_not_allowed']), (root) => expect(organizationSelect(root).getAttribute('aria-invalid')).toBe('true')],
  'Elements/Sign in/OrganizationTotpEnroll': [
    anyAlertSays(strings['message.org_mfa_required']),
    (root) => expect(input(root, strings['field.organization-totp-enroll.totp_secret']).readOnly).toBe(true),
    otpInput(strings['field.organization-totp-enroll.code']),
    buttons(strings['action.organization-totp-enroll.submit'], strings['action.organization-totp-enroll.back']),
  ],
  'Elements/Sign in/OrganizationRecoveryCodes': [
    (root) => expect(input(root, strings['field.organization-recovery-codes.recovery_codes']).readOnly).toBe(true),
    buttons(strings['action.organization-recovery-codes.submit']),
  ],
  'Elements/Sign in/OrganizationPasskey': [
    anyAlertSays(strings['message.org_mfa_required']),
    hasText(strings['intro.organization-passkey']),
    buttons(strings['action.organization-passkey.passkey'], strings['action.organization-passkey.set-up-app'], strings['action.organization-passkey.back']),
    (root) => expect(root.querySelectorAll('input:not([type="hidden"])')).toHaveLength(0),
  ],

  'Elements/Profile/AllSections': [
    (root) => {
      for (const key of ['profile.details.heading', 'profile.email.heading', 'profile.password.heading', 'profile.security.heading', 'profile.sessions.heading', 'profile.privacy.heading'] as const) heading('h2', strings[key])(root);
    },
    hasText(strings['profile.email.current'].replace('{email}', 'ada@example.com')),
    hasText(strings['profile.sessions.current']),
    (root) => expect(input(root, 'Display name').value).toBe('Ada'),
  ],
  'Elements/Profile/Loading': [hasText(strings['status.loading'])],
  'Elements/Profile/Sessions': [
    named(strings['profile.sessions.action.revoke.label'].replace('{name}', strings['profile.sessions.name'].replace('{browser}', 'Safari 18').replace('{os}', 'iOS'))),
    buttons(strings['profile.sessions.action.others'], strings['profile.sessions.action.everywhere']),
    hasText(strings['profile.sessions.current']),
  ],
  'Elements/Profile/ChangePassword': [
    (root) => expect(input(root, strings['profile.password.field.current']).autocomplete).toBe('current-password'),
    (root) => expect(input(root, strings['profile.password.field.new']).autocomplete).toBe('new-password'),
    buttons(strings['profile.password.action.save']),
  ],
  'Elements/Profile/WrongCurrentPassword': [anyAlertSays(strings['profile.message.invalid_current_password'])],
  'Elements/Profile/EmailCodeSent': [otpInput(strings['profile.email.field.code']), buttons(strings['profile.email.action.confirm'], strings['profile.email.action.cancel'])],
  'Elements/Profile/Privacy': [
    (root) => expect(root.querySelector('a[download]')?.textContent?.trim()).toBe(strings['profile.privacy.action.download']),
    heading('h2', strings['consent.heading']),
    buttons(strings['profile.privacy.action.delete']),
  ],
  'Elements/Profile/DeleteConfirmation': [hasText(strings['profile.privacy.delete.confirm']), buttons(strings['profile.privacy.action.delete-confirm'], strings['profile.action.cancel'])],
  'Elements/Profile/DeleteNeedsReauthentication': [(root) => reauthPassword(root.querySelector('latch-reauthenticate')!)],

  'Elements/Profile details/Empty': [(root) => expect(input(root, 'Display name').value).toBe(''), buttons(strings['profile-details.action.save']), noAlerts],
  'Elements/Profile details/Filled': [(root) => expect(input(root, 'Phone').value).toBe('+44 20 7946 0000'), (root) => expect(input(root, 'Send me the monthly newsletter').checked).toBe(true)],
  'Elements/Profile details/FieldError': [
    (root) => expect(input(root, 'Phone').getAttribute('aria-invalid')).toBe('true'),
    (root) => expect(text(root.querySelector('[data-field="phone"] .latch-field__message'))).toBe(strings['message.pattern']),
    anyAlertSays(strings['profile-details.message.invalid_profile'])],
  'Elements/Profile details/Saved': [statusSays(strings['profile-details.status.saved'])],
  'Elements/Profile details/RateLimited': [anyAlertSays(strings['message.rate_limited'])],
  'Elements/Profile details/Loading': [hasText(strings['status.loading'])],
  'Elements/Profile details/NoFields': [hasText(strings['profile-details.none'])],

  'Elements/Progressive profile/Checkout': [progressiveForm, (root) => expect(input(root, 'Phone').autocomplete).toBe('tel'), noAlert],
  'Elements/Progressive profile/EveryFieldType': [
    progressiveForm,
    (root) => {
      const types = [...root.querySelectorAll('input, select')].map((control) => (control instanceof HTMLSelectElement ? (control.multiple ? 'multiselect' : 'select') : (control as HTMLInputElement).type));
      for (const type of ['text', 'email', 'tel', 'url', 'number', 'date', 'select', 'checkbox']) expect(types).toContain(type);
      expect(text(root)).toContain('Interests');
    },
  ],
  'Elements/Progressive profile/FieldErrors': [fieldError('Company', strings['message.too_long'].replace('{max}', '80'))],
  'Elements/Progressive profile/Completed': [(root) => expect(statusText(root)).toBe(strings['status.complete.profile'])],
  'Elements/Progressive profile/RateLimited': [progressiveForm, alertSays(strings['message.rate_limited'])],
  'Elements/Progressive profile/Loading': [loading],
  'Elements/Progressive profile/Unavailable': [unavailable],

  'Elements/Consent/Versions': [
    heading('h2', strings['consent.heading']),
    hasText(strings['consent.version'].replace('{version}', '2')),
    hasText(strings['consent.required-note']),
    hasText('Analytics'),
  ],
  'Elements/Consent/VersionBumped': [hasText(strings['consent.state.outdated'].replace('{version}', '2').replace('{current}', '3'))],
  'Elements/Consent/NoPurposes': [hasText(strings['consent.none'])],
  'Elements/Consent/Loading': [statusSays(strings['status.loading'])],
  'Elements/Consent/LoadFailed': [(root) => expect(alertText(root)).not.toBe('')],

  'Elements/Org switcher/Closed': [named(strings['org.switcher.button'].replace('{name}', 'Acme')), options(0), buttons(strings['org.switcher.create'])],
  'Elements/Org switcher/Open': [options(3), (root) => expect(root.querySelector('[role="listbox"]')?.getAttribute('aria-label')).toBe(strings['org.switcher.list'])],
  'Elements/Org switcher/ManyOrganizations': [options(26)],
  'Elements/Org switcher/MfaRequired': [anyAlertSays(strings['org.message.org_mfa_required'])],
  'Elements/Org switcher/Create': [(root) => input(root, strings['org.field.name']), (root) => input(root, strings['org.field.slug']), buttons(strings['org.switcher.create.submit'])],
  'Elements/Org switcher/SlugTaken': [anyAlertSays(strings['org.message.slug_taken'])],
  'Elements/Org switcher/Loading': [options(0)],

  'Elements/Org profile/Owner': [
    heading('h2', 'Acme'),
    (root) => {
      for (const key of ['org.profile.details', 'org.profile.members', 'org.profile.invitations', 'org.profile.domains', 'org.profile.policy'] as const) heading('h3', strings[key])(root);
    },
    hasText('dan@example.com'),
    hasText(strings['org.profile.invitation'].replace('{email}', 'cleo@example.com').replace('{role}', 'admin').replace('{status}', strings['org.profile.invitation.pending'])),
    hasText(strings['org.profile.domain.verified'].replace('{domain}', 'acme.test')),
    (root) => expect(root.querySelector<HTMLInputElement>('input[type="checkbox"]')?.closest('label')?.textContent).toContain(strings['org.field.require-mfa']),
  ],
  'Elements/Org profile/Member': [hasText('bob@example.com'), (root) => expect(text(root)).not.toContain(strings['org.profile.invitations'])],
  'Elements/Org profile/LastOwner': [anyAlertSays(strings['org.message.last_owner'])],
  'Elements/Org profile/DomainNotVerified': [anyAlertSays(strings['org.message.domain_verification_failed'])],
  'Elements/Org profile/Loading': [(root) => expect(text(root)).not.toContain('bob@example.com')],

  'Elements/Sign up/Credentials': [signUpCredentials, noAlert, (root) => expect(text(root.querySelector('h2'))).toBe(strings['heading.sign-up'])],
  'Elements/Sign up/PasswordTooShort': [
    signUpCredentials,
    fieldError(strings['field.password'], strings['message.password_too_short'].replace('{min}', '15')),
    (root) => expect(input(root, strings['field.email']).value).toBe('grace@example.com'),
  ],
  'Elements/Sign up/RateLimited': [signUpCredentials, alertSays(strings['message.rate_limited'])],
  'Elements/Sign up/Expired': [signUpCredentials, alertSays(strings['message.flow_expired'])],
  'Elements/Sign up/NetworkError': [
    signUpCredentials,
    alertSays(strings['message.network_error']),
    (root) => expect(input(root, strings['field.email']).value).toBe('grace@example.com'),
  ],
  'Elements/Sign up/Unavailable': [unavailable],
  'Elements/Sign up/Loading': [loading],
  'Elements/Sign up/Submitting': [signUpCredentials, busy(strings['action.credentials.submit'])],
  'Elements/Sign up/Complete': [complete],
  'Elements/Sign up/WithConsents': [
    signUpCredentials,
    (root) => {
      for (const [label, required] of [
        [`Terms of service ${strings['consent.required']}`, true],
        [`Marketing email ${strings['consent.optional']}`, false],
      ] as const) {
        const box = input(root, label);
        expect([box.type, box.checked, box.required]).toEqual(['checkbox', false, required]);
      }
    },
  ],

  'Elements/Recovery/Identifier': [recoveryIdentifier, noAlert],
  'Elements/Recovery/EmailCode': [recoveryEmailCode, noAlert],
  'Elements/Recovery/InvalidCode': [recoveryEmailCode, fieldError(strings['field.recovery-email-code.code'], strings['message.invalid_code'])],
  'Elements/Recovery/NewPassword': [newPasswordStep, noAlert],
  'Elements/Recovery/PasswordTooCommon': [newPasswordStep, fieldError(strings['field.new-password.password'], strings['message.password_too_common'])],
  'Elements/Recovery/RateLimited': [recoveryIdentifier, retryIn14Minutes],
  'Elements/Recovery/StepFailed': [newPasswordStep, alertSays(strings['message.flow_step_failed'])],
  'Elements/Recovery/Complete': [(root) => expect(statusText(root)).toBe(strings['status.complete.recovery']), (root) => expect(root.querySelector('form')).toBeNull()],

  'Elements/Reauthenticate/Password': [reauthPassword, noAlert],
  'Elements/Reauthenticate/WrongPassword': [reauthPassword, alertSays(strings['message.invalid_credentials'])],
  'Elements/Reauthenticate/Locked': [reauthPassword, retryIn14Minutes],
  'Elements/Reauthenticate/AuthenticatorCode': [totpStep, noAlert],
  'Elements/Reauthenticate/WrongCode': [totpStep, fieldError(strings['field.totp.code'], strings['message.invalid_totp_code'])],
  'Elements/Reauthenticate/ReplayedCode': [totpStep, fieldError(strings['field.totp.code'], strings['message.totp_code_used'])],
  'Elements/Reauthenticate/Confirmed': [(root) => expect(statusText(root)).toBe(strings['status.complete.reauthenticate']), (root) => expect(root.querySelector('form')).toBeNull()],

  'Elements/MFA enrollment/NotEnrolled': [mfaStatus('not-enrolled'), (root) => button(root, strings['mfa.action.setup']), noAlert],
  'Elements/MFA enrollment/SettingUp': [mfaSettingUp, noAlert],
  'Elements/MFA enrollment/WrongCode': [mfaSettingUp, alertSays(strings['mfa.message.invalid_code'])],
  'Elements/MFA enrollment/RecoveryCodes': [
    (root) => expect(text(root.querySelector('h3'))).toBe(strings['mfa.codes.heading']),
    (root) => expect(root.querySelectorAll('.latch-mfa__codes code')).toHaveLength(10),
    (root) => button(root, strings['mfa.action.done']),
  ],
  'Elements/MFA enrollment/Enrolled': [
    mfaStatus('enrolled'),
    (root) => expect(text(root)).toContain(strings['mfa.recovery.remaining'].replace('{count}', '10')),
    (root) => button(root, strings['mfa.action.remove']),
    (root) => button(root, strings['mfa.action.regenerate']),
  ],
  'Elements/MFA enrollment/ConfirmItsYou': [
    (root) => expect(root.querySelector('latch-reauthenticate')).not.toBeNull(),
    (root) => reauthPassword(root.querySelector('latch-reauthenticate')!),
  ],

  'Theming/Light': [themedWith('light')],
  'Theming/Dark': [themedWith('dark')],
  'Theming/Brand': [themedWith('brand')],
};

/** Retries `check` until it passes, as the scripted submissions settle asynchronously. */
async function eventually(check: () => void, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

const stories = Object.entries(modules).flatMap(([file, module]) => {
  const meta = module.default;
  return Object.entries(module)
    .filter(([name]) => name !== 'default')
    .map(([name, story]) => ({ file, id: `${meta.title}/${name}`, meta, story: story as StoryObj<Args> }));
});

afterEach(() => document.body.replaceChildren());

describe('stories', () => {
  it('are found', () => {
    expect(Object.keys(modules).sort()).toEqual([
      './Consent.stories.ts',
      './MfaEnroll.stories.ts',
      './OrgProfile.stories.ts',
      './OrgSwitcher.stories.ts',
      './Profile.stories.ts',
      './ProfileDetails.stories.ts',
      './ProgressiveProfile.stories.ts',
      './Reauthenticate.stories.ts',
      './Recovery.stories.ts',
      './SignIn.stories.ts',
      './SignUp.stories.ts',
      './Theming.stories.ts',
    ]);
  });

  it('each have an expectation, and each expectation a story', () => {
    expect(stories.map((story) => story.id).sort()).toEqual(Object.keys(expectations).sort());
  });

  it.each(stories)('$id renders what a user expects', async ({ id, meta, story }) => {
    const renderStory = story.render ?? meta.render;
    expect(renderStory, `${id} has a render function`).toBeTypeOf('function');
    const args = { ...meta.args, ...story.args };
    const container = document.createElement('div');
    document.body.append(container);
    render(renderStory!(args, { args, id } as unknown as StoryContext<Args>), container);

    // All at once: the story's final state must satisfy every check, not each check at some moment.
    await eventually(() => {
      for (const check of expectations[id] ?? []) check(container);
    });
  });

  it('themes are custom properties only: no fork, no !important', () => {
    for (const [name, theme] of Object.entries(themes)) {
      const body = theme.css.replace(/^[^{]*\{/, '').replace(/\}\s*$/, '');
      const declarations = body
        .split(';')
        .map((declaration) => declaration.trim())
        .filter(Boolean);
      expect(declarations.length, name).toBeGreaterThan(0);
      expect(theme.css.match(/\{/g), `${name} is one rule`).toHaveLength(1);
      for (const declaration of declarations) {
        expect(declaration, name).toMatch(/^--latch-[a-z0-9-]+\s*:/);
        expect(declaration, name).not.toContain('!important');
      }
    }
  });
});
