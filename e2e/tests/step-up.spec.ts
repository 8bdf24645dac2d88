import { expect, test } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { DemoServer } from '../support/demoServer.ts';
import { signUpThroughPage } from '../support/signUp.ts';

const email = `ada-step-up-${Date.now()}@example.com`;
const password = 'correct horse battery staple';
const STEP_MS = 30_000;

let server: DemoServer;

test.beforeAll(async () => {
  // A sign-in counts as recent for 2 seconds only, so the test need not wait ten minutes (the default).
  server = await DemoServer.start({ env: { LATCH_STEP_UP_MAX_AGE: '2' } });
});

test.afterAll(async () => {
  await server?.stop();
});

test('removing the authenticator app after the sign-in got old asks "Confirm it’s you", then removes it', async ({ page }) => {
  await signUpThroughPage(page, { baseUrl: server.url, email: email, password: password });

  await page.getByRole('button', { name: 'Set up authenticator app' }).click();
  const secret = ((await page.locator('.latch-mfa__secret').textContent()) ?? '').replace(/\s/gu, '');
  const enrolledStep = Math.floor(Date.now() / STEP_MS);
  await page.getByLabel('Authentication code').fill(TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: enrolledStep * STEP_MS + 1_000 }));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByText('Authenticator app: set up')).toBeVisible();

  // Let the sign-in become older than LATCH_STEP_UP_MAX_AGE.
  await page.waitForTimeout(3_500);
  await page.getByRole('button', { name: 'Remove authenticator app' }).click();

  await expect(page.getByRole('heading', { name: 'Confirm it’s you' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Email', exact: true })).toHaveValue(email);
  await expect(page.getByRole('textbox', { name: 'Email', exact: true })).not.toBeEditable();
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Confirm' }).click();

  // The app is still set up at this point, so the confirmation asks for its code, like any sign-in.
  const nextStep = Math.max(Math.floor(Date.now() / STEP_MS), enrolledStep + 1);
  await page.getByLabel('Authentication code').fill(TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: nextStep * STEP_MS + 1_000 }));
  await page.getByRole('button', { name: 'Verify' }).click();

  await expect(page.getByText('Authenticator app: not set up')).toBeVisible();
  await expect(page.getByText('Your authenticator app was removed.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Confirm it’s you' })).toHaveCount(0);
  await expect(page).toHaveURL(/\/account$/u);
  await expect(page.getByText(email, { exact: true })).toBeVisible();
});
