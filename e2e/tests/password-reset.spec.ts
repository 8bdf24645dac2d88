import { expect, test, type Page } from '@playwright/test';
import { DemoServer } from '../support/demoServer.ts';
import { newestCode, newestMail } from '../support/outbox.ts';
import { acceptRequiredConsents } from '../support/consent.ts';

const oldPassword = 'correct horse battery staple';
const newPassword = 'purple elephant tango sunrise';

let server: DemoServer;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  server = await DemoServer.start();
});

test.afterAll(async () => {
  await server?.stop();
});

async function signUp(page: Page, email: string) {
  await page.goto(`${server.url}/sign-up`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(oldPassword);
  await acceptRequiredConsents(page);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByLabel('Verification code').fill(await newestCode(server.url, email));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

async function resetCode(email: string, after: Date): Promise<string> {
  const mail = await newestMail(server.url, email, { after, subject: /^Reset your/u });
  const code = /\b(\d{6})\b/u.exec(mail.text)?.[1];
  if (!code) throw new Error('the reset mail holds no code');
  return code;
}

test('a user who forgot the password resets it with the emailed code and lands signed in', async ({ page }) => {
  const email = `reset-${Date.now()}@example.com`;
  await signUp(page, email);

  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page).toHaveURL(/\/reset-password$/u);
  await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible();

  const asked = new Date(Date.now() - 1000);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send code' }).click();
  await expect(page.getByLabel('Code', { exact: true })).toBeFocused();
  await page.getByLabel('Code', { exact: true }).fill(await resetCode(email, asked));
  await page.getByRole('button', { name: 'Continue' }).click();

  await expect(page.getByLabel('New password', { exact: true })).toBeFocused();
  await page.getByLabel('New password', { exact: true }).fill('iloveyouforever');
  await page.getByRole('button', { name: 'Reset password' }).click();
  await expect(page.getByText('This password is too common.')).toBeVisible();
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await expect(page.getByRole('meter', { name: 'Password strength' })).toBeVisible();
  await page.getByRole('button', { name: 'Reset password' }).click();

  await expect(page).toHaveURL(/\/account$/u);
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  expect((await newestMail(server.url, email)).subject).toBe('Your Acme Notes password was changed');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();

  await signIn(page, email, oldPassword);
  await expect(page.getByRole('alert')).toContainText('The email or password is incorrect.');
  await page.getByLabel('Password').fill(newPassword);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/account$/u);
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
});

test('the emailed link opens the new-password step in the same browser, and signs another browser out', async ({ page, browser }) => {
  const email = `reset-link-${Date.now()}@example.com`;
  await signUp(page, email);
  // Another browser, signed in as the same user before the reset.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, email, oldPassword);
  await expect(otherPage.getByText(`Signed in as ${email}`)).toBeVisible();

  await page.goto(`${server.url}/reset-password`);
  const asked = new Date(Date.now() - 1000);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send code' }).click();
  await expect(page.getByLabel('Code', { exact: true })).toBeVisible();
  const mail = await newestMail(server.url, email, { after: asked, subject: /^Reset your/u });
  const link = /(https?:\/\/\S+\/auth\/reset-password\?flow=\S+)/u.exec(mail.text)?.[1];
  if (!link) throw new Error('the reset mail holds no link');

  await page.goto(link);
  await expect(page).toHaveURL(/\/reset-password\?flow=/u);
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByRole('button', { name: 'Reset password' }).click();
  await expect(page).toHaveURL(/\/account$/u);

  const session = await otherPage.request.get(`${server.url}/auth/session`);
  expect(await session.json()).toEqual({ authenticated: false });
  await other.close();
});
