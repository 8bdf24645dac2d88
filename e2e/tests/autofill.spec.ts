import { expect, test, type Locator, type Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { acceptRequiredConsents } from '../support/consent.ts';
import { DemoServer } from '../support/demoServer.ts';
import { newestCode, newestMail } from '../support/outbox.ts';

/**
 * Password managers and browser autofill only see inputs in the page's light
 * DOM, inside a real <form>, with the right `autocomplete` token. This walks
 * the demo's credential screens and checks exactly that, from the page's own
 * `document.querySelectorAll('input')` (inputs inside a shadow root would not
 * be listed there).
 */

const email = `autofill-${Date.now()}@example.com`;
let password = 'correct horse battery staple';
const newPassword = 'purple elephant tango sunrise';
const STEP_MS = 30_000;

let server: DemoServer;
let secret = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  server = await DemoServer.start();
});

test.afterAll(async () => {
  await server?.stop();
});

interface PageInput {
  name: string;
  type: string;
  autocomplete: string;
  label: string;
  /** The `<form>` the input submits with (`input.form`), by its tag name. */
  form: string | null;
}

/** Every input the page's document lists, as a password manager would enumerate them. */
async function documentInputs(page: Page): Promise<PageInput[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('input')].map((input) => ({
      name: input.name,
      type: input.type,
      autocomplete: input.getAttribute('autocomplete') ?? '',
      label: [...(input.labels ?? [])].map((label) => label.textContent?.replace(/\s+/gu, ' ').trim() ?? '').join(' '),
      form: input.form ? input.form.localName : null,
    })),
  );
}

/** The labelled control is one of the document's inputs, inside a real form, with exactly this autocomplete token list. */
async function expectAutofillable(page: Page, control: Locator, autocomplete: string): Promise<void> {
  await expect(control).toBeVisible();
  const name = await control.getAttribute('name');
  const inputs = await documentInputs(page);
  const found = inputs.filter((input) => input.name === name && input.autocomplete === autocomplete);
  expect(found, `an input named "${name}" with autocomplete="${autocomplete}" in document.querySelectorAll('input'): ${JSON.stringify(inputs)}`).toHaveLength(1);
  expect(found[0]!.form, `the "${name}" input sits in a real <form>`).toBe('form');
  await expect(control).toHaveAttribute('autocomplete', autocomplete);
}

test('sign-up: the email and the new password are autofillable, and so is the emailed code', async ({ page }) => {
  await page.goto(`${server.url}/sign-up`);
  await expectAutofillable(page, page.getByLabel('Email'), 'email');
  await expectAutofillable(page, page.getByLabel('Password', { exact: true }), 'new-password');

  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await acceptRequiredConsents(page);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expectAutofillable(page, page.getByLabel('Verification code'), 'one-time-code');
  await page.getByLabel('Verification code').fill(await newestCode(server.url, email));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/account$/u);
});

test('password reset: the email, the emailed code and the new password are autofillable', async ({ page }) => {
  await page.goto(`${server.url}/reset-password`);
  await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
  await expectAutofillable(page, page.getByLabel('Email'), 'username');
  const asked = new Date(Date.now() - 1_000);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send code' }).click();
  const code = page.getByLabel('Code', { exact: true });
  await expectAutofillable(page, code, 'one-time-code');
  const mail = await newestMail(server.url, email, { after: asked, subject: /^Reset your/u });
  await code.fill(/\b(\d{6})\b/u.exec(mail.text)?.[1] ?? '');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expectAutofillable(page, page.getByLabel('New password', { exact: true }), 'new-password');
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByRole('button', { name: 'Reset password' }).click();
  await expect(page).toHaveURL(/\/account$/u);
  password = newPassword;
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
});

test('account: the password change offers current-password and new-password; the authenticator setup a one-time code', async ({ page }) => {
  await signIn(page);
  await page.goto(`${server.url}/account`);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expectAutofillable(page, page.getByLabel('Current password'), 'current-password');
  await expectAutofillable(page, page.getByLabel('New password', { exact: true }), 'new-password');
  await page.getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('button', { name: 'Set up authenticator app' }).click();
  secret = ((await page.locator('.latch-mfa__secret').textContent()) ?? '').replace(/\s/gu, '');
  await expectAutofillable(page, page.getByLabel('Authentication code'), 'one-time-code');
  await page.getByLabel('Authentication code').fill(TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: Date.now() }));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByText('Authenticator app: set up')).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
});

test('sign-in: the identifier offers passkeys (username webauthn), then current-password, then the TOTP step a one-time code', async ({ page }) => {
  await page.goto(`${server.url}/sign-in`);
  await expectAutofillable(page, page.getByLabel('Email'), 'username webauthn');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expectAutofillable(page, page.getByLabel('Password'), 'current-password');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expectAutofillable(page, page.getByLabel('Authentication code'), 'one-time-code');
  // The setup's code was for this 30-second step; the server refuses a replay, so answer with the next step's.
  const next = (Math.floor(Date.now() / STEP_MS) + 1) * STEP_MS + 1_000;
  await page.getByLabel('Authentication code').fill(TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: next }));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/account$/u);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
});

async function signIn(page: Page): Promise<void> {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/account$/u);
}
