import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { DemoServer } from '../support/demoServer.ts';
import { newestCode } from '../support/outbox.ts';
import { acceptRequiredConsents } from '../support/consent.ts';

let server: DemoServer;

test.beforeAll(async () => {
  server = await DemoServer.start();
});

test.afterAll(async () => {
  await server?.stop();
});

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

test('sign-up rates the password as it is typed and refuses a common one', async ({ page }) => {
  await page.goto(`${server.url}/sign-up`);
  const email = `lin-${Date.now()}@example.com`;
  await page.getByLabel('Email').fill(email);
  // Exact: once it shows, the meter is named "Password strength".
  const password = page.getByLabel('Password', { exact: true });

  // Long enough for the browser and the policy (15), but on the blocklist.
  await password.fill('iloveyouforever');
  const meter = page.getByRole('meter', { name: 'Password strength' });
  await expect(meter).toBeVisible();
  await expect(meter).toHaveAttribute('aria-valuetext', 'Weak');
  await expect(page.getByText('Password strength: Weak')).toBeVisible();
  const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  expect(results.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);

  await acceptRequiredConsents(page);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('This password is too common. Choose a longer or less predictable one.')).toBeVisible();
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  expect((await page.context().cookies()).some((cookie) => cookie.name === '__Host-latch')).toBe(false);

  await password.fill('violet monsoon over glass tigers');
  await expect(meter).toHaveAttribute('aria-valuetext', 'Very strong');
  await acceptRequiredConsents(page);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByLabel('Verification code').fill(await newestCode(server.url, email));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/account$/u);
});
