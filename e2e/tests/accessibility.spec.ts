import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
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
