import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { DemoServer } from '../support/demoServer.ts';
import { newestCode, newestLink } from '../support/outbox.ts';
import { acceptRequiredConsents } from '../support/consent.ts';

const password = 'correct horse battery staple';
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let server: DemoServer;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  server = await DemoServer.start();
});

test.afterAll(async () => {
  await server?.stop();
});

let counter = 0;
const newEmail = () => `mail-${Date.now()}-${(counter += 1)}@example.com`;

async function startSignUp(page: Page, email: string) {
  await page.goto(`${server.url}/sign-up`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await acceptRequiredConsents(page);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByLabel('Verification code')).toBeVisible();
}

async function hasSession(page: Page): Promise<boolean> {
  return (await page.context().cookies()).some((cookie) => cookie.name === '__Host-latch');
}

test('sign-up verifies the address with the emailed code; a wrong code shows an error first', async ({ page }) => {
  const email = newEmail();
  await startSignUp(page, email);
  const code = page.getByLabel('Verification code');
  await expect(code).toBeFocused();
  await expect(code).toHaveAttribute('autocomplete', 'one-time-code');
  await expect(code).toHaveAttribute('inputmode', 'numeric');
  await expect(page.getByText(`We sent a 6-digit code to ${email}.`)).toBeVisible();
  const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  expect(results.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);

  const right = await newestCode(server.url, email);
  await code.fill(right === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByText('That code is not right. Check the email and try again.')).toBeVisible();
  await expect(code).toHaveAttribute('aria-invalid', 'true');
  await expect(code).toBeFocused();
  expect(await hasSession(page)).toBe(false);

  await code.fill(right);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/account$/u);
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
});

test('a code that was replaced by a new one is refused, and the new one works', async ({ page }) => {
  const email = newEmail();
  await startSignUp(page, email);
  const first = await newestCode(server.url, email);
  const sentAfter = new Date();
  await page.getByRole('button', { name: 'Send a new code' }).click();
  await expect(page.getByText('We sent a new code. Check your email.')).toBeVisible();
  const second = await newestCode(server.url, email, { after: sentAfter });
  test.skip(first === second, 'the two random codes happen to be equal');
  await page.getByLabel('Verification code').fill(first);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByText('That code is not right.')).toBeVisible();
  await page.getByLabel('Verification code').fill(second);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/account$/u);
});

test('the emailed link signs the same browser in, and a used link is refused', async ({ page, browser }) => {
  const email = newEmail();
  await startSignUp(page, email);
  const link = await newestLink(server.url, email);
  expect(link).toContain(`${server.url}/auth/verify-email?flow=`);
  await page.goto(link);
  await expect(page).toHaveURL(/\/account$/u);
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();

  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto(link);
  await expect(otherPage).toHaveURL(/\/email-link\?email_link=expired$/u);
  await expect(otherPage.getByRole('heading', { name: 'This link has expired' })).toBeVisible();
  await other.close();
});

test('the link opened in another browser verifies the address; the first tab then finishes', async ({ page, browser }) => {
  const email = newEmail();
  await startSignUp(page, email);
  const link = await newestLink(server.url, email);

  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto(link);
  await expect(otherPage).toHaveURL(/\/email-link\?email_link=verified$/u);
  await expect(otherPage.getByRole('heading', { name: 'Email address verified' })).toBeVisible();
  expect((await other.cookies()).some((cookie) => cookie.name === '__Host-latch')).toBe(false);
  await other.close();

  // Back in the first tab: it reloads the flow when shown again.
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/account$/u);
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
});

test('signs in with an emailed code instead of the password', async ({ page }) => {
  const email = newEmail();
  await startSignUp(page, email);
  await page.getByLabel('Verification code').fill(await newestCode(server.url, email));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/account$/u);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();

  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('Email').fill(email);
  const askedAt = new Date();
  await page.getByRole('button', { name: 'Email me a sign-in code' }).click();
  const code = page.getByLabel('Sign-in code');
  await expect(code).toBeFocused();
  await code.fill('000000' === (await newestCode(server.url, email, { after: askedAt })) ? '111111' : '000000');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByText('That code is not right.')).toBeVisible();
  await code.fill(await newestCode(server.url, email, { after: askedAt }));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/account$/u);
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
});

test('asking for a sign-in code for an unknown address looks the same and mails nothing', async ({ page }) => {
  const email = newEmail();
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in code' }).click();
  await expect(page.getByLabel('Sign-in code')).toBeVisible();
  const outbox = (await (await page.request.get(`${server.url}/dev/outbox?limit=200`)).json()) as { to: string }[];
  expect(outbox.some((mail) => mail.to === email)).toBe(false);
  await page.getByRole('button', { name: 'Use a different email' }).click();
  await expect(page.getByLabel('Email')).toBeVisible();
});
