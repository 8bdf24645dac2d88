import { expect, test, type Page } from '@playwright/test';
import { DemoServer } from '../support/demoServer.ts';
import { newestCode, newestLink } from '../support/outbox.ts';
import { acceptRequiredConsents } from '../support/consent.ts';

/**
 * What a user sees when things go wrong: an emailed code or link that
 * expired, too many wrong codes or passwords. (A wrong or replayed TOTP code
 * is in mfa-totp.spec.ts, a passkey of another site in passkeys.spec.ts.)
 */
const password = 'correct horse battery staple';
/** Short enough to watch a code expire; the demo reads it from LATCH_EMAIL_CODE_TTL_SECONDS. */
const CODE_TTL_SECONDS = 6;

let counter = 0;
const newEmail = () => `unhappy-${Date.now()}-${(counter += 1)}@example.com`;

async function hasSession(page: Page): Promise<boolean> {
  return (await page.context().cookies()).some((cookie) => cookie.name === '__Host-latch');
}

async function startSignUp(page: Page, server: DemoServer, email: string) {
  await page.goto(`${server.url}/sign-up`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await acceptRequiredConsents(page);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByLabel('Verification code')).toBeVisible();
}

test.describe('with emailed codes that expire after a few seconds', () => {
  let server: DemoServer;
  test.describe.configure({ mode: 'serial' });
  test.beforeAll(async () => {
    server = await DemoServer.start({ env: { LATCH_EMAIL_CODE_TTL_SECONDS: String(CODE_TTL_SECONDS) } });
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test('an expired link says so, the expired code is refused with a way to get a new one, and the new code works', async ({ page, context }) => {
    const email = newEmail();
    await startSignUp(page, server, email);
    const code = await newestCode(server.url, email);
    const link = await newestLink(server.url, email);
    await page.waitForTimeout((CODE_TTL_SECONDS + 1) * 1000);

    // The link, opened from the mail in another tab of the same browser.
    const mailTab = await context.newPage();
    await mailTab.goto(link);
    await expect(mailTab).toHaveURL(/\/email-link\?email_link=expired$/u);
    await expect(mailTab.getByRole('heading', { name: 'This link has expired' })).toBeVisible();
    await expect(mailTab.getByText('send a new code')).toBeVisible();
    await mailTab.close();
    expect(await hasSession(page)).toBe(false);

    // The code, typed in the tab that asked for it.
    await page.getByLabel('Verification code').fill(code);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByText('That code has expired or was already used. Send a new code.')).toBeVisible();
    await expect(page.getByLabel('Verification code')).toHaveAttribute('aria-invalid', 'true');
    expect(await hasSession(page)).toBe(false);

    const askedAt = new Date();
    await page.getByRole('button', { name: 'Send a new code' }).click();
    await expect(page.getByText('We sent a new code. Check your email.')).toBeVisible();
    await page.getByLabel('Verification code').fill(await newestCode(server.url, email, { after: askedAt }));
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page).toHaveURL(/\/account$/u);
    await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  });
});

test.describe('with the default limits', () => {
  let server: DemoServer;
  test.describe.configure({ mode: 'serial' });
  test.beforeAll(async () => {
    server = await DemoServer.start();
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  async function signUp(page: Page, email: string) {
    await startSignUp(page, server, email);
    await page.getByLabel('Verification code').fill(await newestCode(server.url, email));
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page).toHaveURL(/\/account$/u);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  }

  test('too many wrong sign-in codes burn the code: even the right one is refused until a new code is sent', async ({ page }) => {
    const email = newEmail();
    await signUp(page, email);
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email').fill(email);
    const askedAt = new Date();
    await page.getByRole('button', { name: 'Email me a sign-in code' }).click();
    const right = await newestCode(server.url, email, { after: askedAt });
    const wrong = right === '000000' ? '111111' : '000000';
    const input = page.getByLabel('Sign-in code');
    const submitted = () => page.waitForResponse((response) => response.url().includes('/submit') && response.request().method() === 'POST');
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await input.fill(wrong);
      const answer = submitted();
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      expect((await answer).status()).toBe(422);
      await expect(page.getByText('That code is not right. Check the email and try again.')).toBeVisible();
    }
    await input.fill(right);
    const refused = submitted();
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    expect((await refused).status()).toBe(422);
    await expect(page.getByText('Too many wrong codes. Send a new code and try again.')).toBeVisible();
    expect(await hasSession(page)).toBe(false);

    const resentAt = new Date();
    await page.getByRole('button', { name: 'Send a new code' }).click();
    await expect(page.getByText('We sent a new code. Check your email.')).toBeVisible();
    await input.fill(await newestCode(server.url, email, { after: resentAt }));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page).toHaveURL(/\/account$/u);
  });

  test('too many wrong passwords lock the account for a while and say when to try again', async ({ page }) => {
    const email = newEmail();
    await signUp(page, email);
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Continue' }).click();
    const field = page.getByLabel('Password');
    // Ten wrong guesses per account in 15 minutes; the eleventh attempt is refused before it is checked.
    const submitted = () => page.waitForResponse((response) => response.url().includes('/submit') && response.request().method() === 'POST');
    for (let attempt = 0; attempt < 10; attempt += 1) {
      await field.fill(`wrong guess number ${attempt}`);
      const answer = submitted();
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      expect((await answer).status()).toBe(422);
      await expect(page.getByText('The email or password is incorrect.')).toBeVisible();
      await expect(field).toHaveValue('');
    }
    await field.fill(password);
    const locked = submitted();
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    expect((await locked).status()).toBe(429);
    await expect(page.getByText(/^Too many attempts\. Try again in (1[0-5]) minutes\.$/u)).toBeVisible();
    expect(await hasSession(page)).toBe(false);
    await expect(page).toHaveURL(/\/sign-in$/u);
  });
});
