import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { DemoServer } from '../support/demoServer.ts';
import { newestMail } from '../support/outbox.ts';
import { signUpThroughPage } from '../support/signUp.ts';

const firstEmail = `ada-${Date.now()}@example.com`;
const secondEmail = `ada-moved-${Date.now()}@example.com`;
const password = 'correct horse battery staple';

let server: DemoServer;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  server = await DemoServer.start();
});

test.afterAll(async () => {
  await server?.stop();
});

async function signIn(page: Page, email: string) {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/account$/u);
}

/** A second browser (its own cookies) signed in as `email`. */
async function secondBrowser(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

test('a user changes their email address with the code sent to the new one', async ({ page }) => {
  await signUpThroughPage(page, { baseUrl: server.url, email: firstEmail, password: password });

  const emailSection = page.getByRole('region', { name: 'Email address' });
  await expect(emailSection.getByText(`Your email address is ${firstEmail}.`)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Signed-in devices' }).getByRole('listitem')).toHaveCount(1);
  // Every section of the account page meets WCAG 2.2 AA.
  const audit = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(audit.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);

  await emailSection.getByRole('button', { name: 'Change email address' }).click();
  await emailSection.getByLabel('New email address').fill(secondEmail);
  await emailSection.getByRole('button', { name: 'Send code' }).click();
  await expect(emailSection.getByText(`We sent a code to ${secondEmail}`)).toBeVisible();

  const mail = await newestMail(server.url, secondEmail, { subject: /new email address/iu });
  const code = /\b(\d{6})\b/u.exec(mail.text)?.[1] ?? '';
  await emailSection.getByLabel('Confirmation code').fill(code === '000000' ? '111111' : '000000');
  await emailSection.getByRole('button', { name: 'Confirm new email' }).click();
  await expect(emailSection.getByRole('alert')).toHaveText('That code is not right. Check the email and try again.');
  await emailSection.getByLabel('Confirmation code').fill(code);
  await emailSection.getByRole('button', { name: 'Confirm new email' }).click();
  await expect(emailSection.getByRole('status')).toHaveText(`Your email address is now ${secondEmail}.`);
  await expect(page.getByText(`Signed in as ${secondEmail}`)).toBeVisible();
  // The old address is told.
  expect((await newestMail(server.url, firstEmail, { subject: /was changed/iu })).text).toContain('was changed to');
});

test('a session revoked from the account page signs the other browser out', async ({ page, browser }) => {
  await signIn(page, secondEmail);
  const devices = page.getByRole('region', { name: 'Signed-in devices' });
  const items = devices.getByRole('listitem');
  // The sign-up of the first test left a session behind: end every other one first.
  await expect(items).toHaveCount(2);
  await devices.getByRole('button', { name: 'End all other sessions' }).click();
  await expect(devices.getByRole('status')).toHaveText('All other sessions were ended.');
  await expect(items).toHaveCount(1);

  const other = await secondBrowser(browser, secondEmail);
  await page.reload();
  await expect(items).toHaveCount(2);
  await expect(items.filter({ hasText: 'This device' })).toHaveCount(1);
  await expect(items.first()).toContainText(/Chrome \d+ on \w+/u);
  await expect(items.first()).toContainText('network 127.0.0.0/24');

  // In the other browser, the account page still works.
  await other.reload();
  await expect(other.getByRole('heading', { name: 'Your account', exact: true })).toBeVisible();

  await items.filter({ hasNotText: 'This device' }).getByRole('button', { name: /^End session on / }).click();
  await expect(devices.getByRole('status')).toHaveText('That session was ended; the device is signed out.');
  await expect(items).toHaveCount(1);

  await other.reload();
  await expect(other).toHaveURL(/\/sign-in\?return_to=%2Faccount$/u);
  await other.context().close();
});

test('a user downloads their data as a JSON file', async ({ page }) => {
  await signIn(page, secondEmail);
  const privacy = page.getByRole('region', { name: 'Privacy' });
  const [download] = await Promise.all([page.waitForEvent('download'), privacy.getByRole('link', { name: 'Download my data' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^account-data-\d{4}-\d{2}-\d{2}\.json$/u);
  const data = JSON.parse(await readFile((await download.path())!, 'utf8')) as {
    userId: string;
    sections: { account: { email: string }; credentials: { password: { set: boolean } }; sessions: { current: boolean }[]; auditEvents: { events: { type: string }[] } };
  };
  expect(data.sections.account.email).toBe(secondEmail);
  expect(data.sections.credentials.password).toEqual({ set: true });
  expect(data.sections.sessions.some((session) => session.current)).toBe(true);
  expect(data.sections.auditEvents.events.map((event) => event.type)).toContain('email_change.completed');
  expect(JSON.stringify(data)).not.toMatch(/argon2|accessToken|refreshToken/u);
});

test('a user deletes their account: the old password and the old sessions no longer work', async ({ page, browser }) => {
  const other = await secondBrowser(browser, secondEmail);
  await signIn(page, secondEmail);
  const privacy = page.getByRole('region', { name: 'Privacy' });
  await privacy.getByRole('button', { name: 'Delete my account' }).click();
  await expect(privacy.getByText('Are you sure?')).toBeVisible();
  await privacy.getByRole('button', { name: 'Delete permanently' }).click();
  await expect(page).toHaveURL(`${server.url}/`);
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();

  await other.reload();
  await expect(other).toHaveURL(/\/sign-in\?return_to=%2Faccount$/u);
  await other.context().close();

  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('Email').fill(secondEmail);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('The email or password is incorrect.');
  await expect(page).toHaveURL(/\/sign-in$/u);
});
