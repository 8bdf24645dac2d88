import { expect, type Page } from '@playwright/test';
import { acceptRequiredConsents } from './consent.ts';
import { newestCode } from './outbox.ts';

/**
 * Creates an account through the demo's sign-up page as a person would
 * (email, password, the required consents, the emailed code) and waits for
 * the account page the demo lands on once signed in.
 */
export async function signUpThroughPage(page: Page, options: { baseUrl: string; email: string; password: string }): Promise<void> {
  const { baseUrl, email, password } = options;
  await page.goto(`${baseUrl}/sign-up`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await acceptRequiredConsents(page);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByLabel('Verification code').fill(await newestCode(baseUrl, email));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/account$/u);
}
