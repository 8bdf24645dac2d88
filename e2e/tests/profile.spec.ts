import { expect, test, type Page } from '@playwright/test';
import { DemoServer } from '../support/demoServer.ts';
import { newestCode } from '../support/outbox.ts';
import { acceptRequiredConsents } from '../support/consent.ts';

const email = `grace-${Date.now()}@example.com`;
const password = 'correct horse battery staple';

let server: DemoServer;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  server = await DemoServer.start({ env: { LATCH_PROFILE_PROMPTS: '1' } });
});

test.afterAll(async () => {
  await server?.stop();
});

async function signIn(page: Page) {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

async function signOut(page: Page) {
  await page.goto(`${server.url}/account`);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
}

test('the work-details prompt appears at the 2nd sign-in, is answered, and does not come back', async ({ page }) => {
  await page.goto(`${server.url}/sign-up`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await acceptRequiredConsents(page);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByLabel('Verification code').fill(await newestCode(server.url, email));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/account$/u);
  await signOut(page);

  // 1st sign-in: nothing asked.
  await signIn(page);
  await expect(page).toHaveURL(/\/account$/u);
  await signOut(page);

  // 2nd sign-in: job role and company, before the session starts.
  await signIn(page);
  await expect(page.getByText('Tell us a little more about you.')).toBeVisible();
  const role = page.getByLabel('Job role');
  await expect(role).toBeFocused();
  await expect(page.getByRole('button', { name: 'Skip for now' })).toBeVisible();
  await page.getByLabel('Company').fill('x'.repeat(81));
  await role.selectOption({ label: 'Developer' });
  // The browser would stop 81 characters at maxlength; the server's own check is what counts.
  await page.getByLabel('Company').evaluate((input: HTMLInputElement) => input.removeAttribute('maxlength'));
  await page.getByLabel('Company').fill('x'.repeat(81));
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(page.getByText('Use at most 80 characters.')).toBeVisible();
  await expect(page.getByLabel('Company')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Company')).toBeFocused();
  await page.getByLabel('Company').fill('Analytical Engines Ltd');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(page).toHaveURL(/\/account$/u);

  // The answers are on the account page, in personal details.
  await expect(page.getByRole('heading', { name: 'Personal details' })).toBeVisible();
  await expect(page.getByLabel('Company')).toHaveValue('Analytical Engines Ltd');
  await expect(page.getByLabel('Job role')).toHaveValue('developer');
  await signOut(page);

  // 3rd sign-in: straight in.
  await signIn(page);
  await expect(page).toHaveURL(/\/account$/u);
});

test('checkout asks for a phone number on demand, once', async ({ page }) => {
  await signIn(page);
  await expect(page).toHaveURL(/\/account$/u);
  await page.getByRole('link', { name: 'Go to checkout' }).click();
  await expect(page.getByRole('heading', { name: 'Checkout' })).toBeVisible();
  await expect(page.getByText('Only for questions about your delivery.')).toBeVisible();
  await page.getByLabel('Phone number').fill('call me maybe');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(page.getByText('This value does not have the expected format.')).toBeVisible();
  await page.getByLabel('Phone number').fill('+44 20 7946 0000');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your order is ready to place.' })).toBeVisible();

  // Back at checkout: the phone number is known, so nothing is asked.
  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: 'Your order is ready to place.' })).toBeVisible();
  await expect(page.getByLabel('Phone number')).toHaveCount(0);
});

test('personal details are edited on the account page, with field errors and nothing half-saved', async ({ page }) => {
  await signIn(page);
  await expect(page).toHaveURL(/\/account$/u);
  await expect(page.getByLabel('Phone number')).toHaveValue('+44 20 7946 0000');
  await page.getByLabel('Display name').fill('Grace H.');
  await page.getByRole('group', { name: 'Interests' }).getByLabel('Security').check();
  await page.getByRole('group', { name: 'Interests' }).getByLabel('AI').check();
  await page.getByLabel('Birthday').fill('1906-12-09');
  await page.getByLabel('Send me the monthly newsletter').check();
  await page.getByRole('button', { name: 'Save details' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your details were saved.' })).toBeVisible();

  await page.reload();
  await expect(page.getByLabel('Display name')).toHaveValue('Grace H.');
  await expect(page.getByRole('group', { name: 'Interests' }).getByLabel('AI')).toBeChecked();
  await expect(page.getByRole('group', { name: 'Interests' }).getByLabel('Design')).not.toBeChecked();
  await expect(page.getByLabel('Birthday')).toHaveValue('1906-12-09');
  await expect(page.getByLabel('Send me the monthly newsletter')).toBeChecked();

  // A refused phone number: the error is shown by the field and the new display name is not saved either.
  await page.getByLabel('Display name').fill('Amazing Grace');
  await page.getByLabel('Phone number').fill('not a phone');
  await page.getByRole('button', { name: 'Save details' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Some details need attention.' })).toBeVisible();
  await expect(page.getByLabel('Phone number')).toHaveAttribute('aria-invalid', 'true');
  await page.reload();
  await expect(page.getByLabel('Display name')).toHaveValue('Grace H.');
  await expect(page.getByLabel('Phone number')).toHaveValue('+44 20 7946 0000');
});
