import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { acceptRequiredConsents } from '../support/consent.ts';
import { newestCode } from '../support/outbox.ts';
import { DemoServer } from '../support/demoServer.ts';

let server: DemoServer;

test.beforeAll(async () => {
  server = await DemoServer.start();
});

test.afterAll(async () => {
  await server?.stop();
});

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

for (const [name, path, ready] of [
  ['landing page', '/', 'Latch demo'],
  ['sign-up page', '/sign-up', 'Create account'],
  ['sign-in page', '/sign-in', 'Continue'],
] as const) {
  test(`the ${name} has no WCAG 2.2 AA violations`, async ({ page }) => {
    await page.goto(`${server.url}${path}`);
    await expect(page.getByText(ready).first()).toBeVisible();
    const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
    expect(results.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
  });
}

test('sign-in works by keyboard alone, and errors are announced', async ({ page }) => {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('Email').focus();
  await page.keyboard.type('nobody@example.com');
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Password')).toBeFocused();
  await page.keyboard.type('wrong password here');
  await page.keyboard.press('Enter');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The email or password is incorrect.');
  const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  expect(results.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
});

/** Presses Tab (at most 30 times) until `target` has the focus, as a keyboard user moves through the page. */
async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let presses = 0; presses < 30; presses += 1) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

test('sign-up works by keyboard alone: fields, consents, Create account, then the emailed code', async ({ page }) => {
  const email = `keyboard-${Date.now()}@example.com`;
  await page.goto(`${server.url}/sign-up`);
  await expect(page.getByRole('button', { name: 'Create account' })).toBeVisible();
  await tabTo(page, page.getByLabel('Email'));
  await page.keyboard.type(email);
  await tabTo(page, page.getByLabel('Password', { exact: true }));
  await page.keyboard.type('correct horse battery staple');
  for (const consent of ['Terms of service', 'Privacy policy']) {
    await tabTo(page, page.getByLabel(consent));
    await page.keyboard.press('Space');
  }
  // Ticked by keyboard above; the shared helper then finds both boxes checked and leaves them so.
  await acceptRequiredConsents(page);
  await expect(page.getByLabel('Terms of service')).toBeChecked();
  await tabTo(page, page.getByRole('button', { name: 'Create account' }));
  await page.keyboard.press('Enter');

  // The next step moves the focus to its first field.
  await expect(page.getByLabel('Verification code')).toBeFocused();
  await page.keyboard.type(await newestCode(server.url, email));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/account$/u);
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
});
