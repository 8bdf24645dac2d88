import { expect, test, type Page } from '@playwright/test';
import { DemoServer } from '../support/demoServer.ts';
import { newestCode } from '../support/outbox.ts';
import { acceptRequiredConsents } from '../support/consent.ts';

const email = `ada-${Date.now()}@example.com`;
const password = 'correct horse battery staple';

let server: DemoServer;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  server = await DemoServer.start();
});

test.afterAll(async () => {
  await server?.stop();
});

async function signIn(page: Page, withPassword: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Password').fill(withPassword);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

test('a visitor signs up, stays signed in across a reload, signs out and signs back in', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByRole('heading', { name: 'Latch demo' })).toBeVisible();

  await page.getByRole('link', { name: 'Sign up' }).click();
  await expect(page).toHaveURL(/\/sign-up$/u);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await acceptRequiredConsents(page);
  await page.getByRole('button', { name: 'Create account' }).click();

  // The account exists only once the address is confirmed with the emailed code.
  await expect(page.getByLabel('Verification code')).toBeFocused();
  await page.getByLabel('Verification code').fill(await newestCode(server.url, email));
  await page.getByRole('button', { name: 'Verify' }).click();

  await expect(page).toHaveURL(/\/account$/u);
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();

  const cookies = await page.context().cookies();
  const session = cookies.find((cookie) => cookie.name === '__Host-latch');
  expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
  // Tokens stay on the server: the page's JavaScript cannot see the session cookie.
  expect(await page.evaluate(() => document.cookie)).not.toContain('__Host-latch');

  await page.reload();
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await page.goto(`${server.url}/account`);
  await expect(page).toHaveURL(/\/sign-in\?return_to=%2Faccount$/u);

  await signIn(page, password);
  await expect(page).toHaveURL(/\/account$/u);
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
});

test('a wrong password shows an error next to the form and does not sign in', async ({ page }) => {
  await page.goto(`${server.url}/sign-in`);
  await signIn(page, 'not my password at all');

  await expect(page.getByRole('alert')).toContainText('The email or password is incorrect.');
  await expect(page).toHaveURL(/\/sign-in$/u);
  expect((await page.context().cookies()).some((cookie) => cookie.name === '__Host-latch')).toBe(false);
  const session = await page.request.get(`${server.url}/auth/session`);
  expect(await session.json()).toEqual({ authenticated: false });

  // The form stays usable: the right password now succeeds.
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/account$/u);
});

test('a signed-out visitor of the account page is sent to sign-in', async ({ page }) => {
  await page.goto(`${server.url}/account`);
  await expect(page).toHaveURL(/\/sign-in\?return_to=%2Faccount$/u);
  await expect(page.getByLabel('Email')).toBeVisible();
});

test('the session survives a restart of the server', async ({ page }) => {
  await page.goto(`${server.url}/sign-in`);
  await signIn(page, password);
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();

  await server.restart();

  await page.reload();
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign up' })).toBeVisible();
});

test('a duplicate sign-up looks like a new one, and the owner is mailed instead of sent a code', async ({ page }) => {
  await page.goto(`${server.url}/sign-up`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await acceptRequiredConsents(page);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByLabel('Verification code')).toBeVisible();
  const outbox = (await (await page.request.get(`${server.url}/dev/outbox?limit=1`)).json()) as { to: string; subject: string }[];
  expect(outbox[0]).toMatchObject({ to: email, subject: 'You already have an account at Acme Notes' });
  await page.getByLabel('Verification code').fill('123456');
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByText('That code is not right. Check the email and try again.')).toBeVisible();
  expect((await page.context().cookies()).some((cookie) => cookie.name === '__Host-latch')).toBe(false);
});
