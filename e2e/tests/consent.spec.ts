import { expect, test, type Page } from '@playwright/test';
import { DemoServer } from '../support/demoServer.ts';
import { newestCode } from '../support/outbox.ts';

const email = `mary-${Date.now()}@example.com`;
const password = 'correct horse battery staple';

let server: DemoServer;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  server = await DemoServer.start();
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

test('sign-up asks for the required consents and offers unticked optional ones', async ({ page }) => {
  await page.goto(`${server.url}/sign-up`);
  const terms = page.getByLabel('Terms of service');
  const newsletter = page.getByLabel('Newsletter and offers');
  await expect(terms).not.toBeChecked();
  await expect(newsletter).not.toBeChecked();
  await expect(page.getByLabel('Analytics')).not.toBeChecked();
  await expect(page.getByRole('link', { name: 'Read the full Terms of service' })).toHaveAttribute('href', 'https://example.com/acme-notes/terms');

  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await terms.check();
  await page.getByLabel('Privacy policy').check();
  await newsletter.check();
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByLabel('Verification code').fill(await newestCode(server.url, email));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/account$/u);
});

test('the account page shows the decisions; withdrawing the newsletter is one switch, and sticks', async ({ page }) => {
  await signIn(page);
  await expect(page).toHaveURL(/\/account$/u);
  await expect(page.getByRole('heading', { name: 'Privacy and consent' })).toBeVisible();
  const newsletter = page.getByRole('switch', { name: 'Newsletter and offers' });
  const terms = page.getByRole('switch', { name: 'Terms of service' });
  await expect(newsletter).toBeChecked();
  await expect(terms).toBeChecked();
  // Required and granted: withdrawn only by deleting the account.
  await expect(terms).toBeDisabled();
  await expect(page.getByRole('switch', { name: 'Analytics' })).not.toBeChecked();

  const changed = page.evaluate(
    () =>
      new Promise<{ purposeId: string; decision: string }>((resolve) => {
        document.addEventListener('latch:consent-changed', (event) => resolve((event as CustomEvent<{ purposeId: string; decision: string }>).detail), { once: true });
      }),
  );
  await newsletter.uncheck();
  await expect(page.getByRole('status').filter({ hasText: '“Newsletter and offers” withdrawn.' })).toBeVisible();
  expect(await changed).toMatchObject({ purposeId: 'marketing_email', decision: 'withdrawn' });
  await page.reload();
  await expect(page.getByRole('switch', { name: 'Newsletter and offers' })).not.toBeChecked();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
});

test('after a restart with new terms, the next sign-in shows what changed; declining signs nobody in, accepting does', async ({ page }) => {
  await server.restart({ env: { LATCH_TERMS_VERSION: '2' } });

  await signIn(page);
  await expect(page.getByText('We have updated what you agreed to.')).toBeVisible();
  await expect(page.getByText('Updated (version 1 → 2):')).toBeVisible();
  // Only what changed is asked: the privacy policy is still at the version accepted.
  await expect(page.getByLabel('Privacy policy')).toHaveCount(0);
  await page.getByRole('button', { name: 'Decline' }).click();
  await expect(page.getByRole('alert')).toContainText('You did not accept the updated terms');
  await page.goto(`${server.url}/account`);
  await expect(page).toHaveURL(/\/sign-in/u);

  await signIn(page);
  await page.getByLabel('Terms of service').check();
  await page.getByRole('button', { name: 'Accept and continue' }).click();
  await expect(page).toHaveURL(/\/account$/u);
  await expect(page.getByRole('switch', { name: 'Terms of service' })).toBeChecked();
  await expect(page.getByText('Version 2 · Granted')).toBeVisible();
});
