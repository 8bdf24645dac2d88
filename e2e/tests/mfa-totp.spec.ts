import { expect, test, type Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { DemoServer } from '../support/demoServer.ts';
import { signUpThroughPage } from '../support/signUp.ts';

const email = `grace-${Date.now()}@example.com`;
const password = 'correct horse battery staple';
const STEP_MS = 30_000;

let server: DemoServer;
let secret = '';
let recoveryCodes: string[] = [];
/** The TOTP time step of the last code the server accepted: it refuses that step (and earlier) again. */
let usedStep = 0;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  server = await DemoServer.start();
});

test.afterAll(async () => {
  await server?.stop();
});

/**
 * A code the server will accept now: the current step's, or, when that one
 * was just used (the replay rule refuses it), the next step's, which the ±1
 * step drift window accepts. Computed right before typing.
 */
function nextCode(): { code: string; step: number } {
  const step = Math.max(Math.floor(Date.now() / STEP_MS), usedStep + 1);
  return { code: TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: step * STEP_MS + 1_000 }), step };
}

async function signInWithPassword(page: Page) {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
}

test('a user sets up an authenticator app and sees recovery codes once', async ({ page }) => {
  await signUpThroughPage(page, { baseUrl: server.url, email: email, password: password });

  await expect(page.getByRole('heading', { name: 'Security' })).toBeVisible();
  await expect(page.getByText('Authenticator app: not set up')).toBeVisible();
  await page.getByRole('button', { name: 'Set up authenticator app' }).click();
  await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  secret = ((await page.locator('.latch-mfa__secret').textContent()) ?? '').replace(/\s/gu, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/u);

  const { code, step } = nextCode();
  await page.getByLabel('Authentication code').fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
  usedStep = step;

  await expect(page.getByRole('heading', { name: 'Recovery codes' })).toBeVisible();
  recoveryCodes = await page.locator('.latch-mfa__codes code').allTextContents();
  expect(recoveryCodes).toHaveLength(10);
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByText('Authenticator app: set up')).toBeVisible();
  await expect(page.getByText('Recovery codes left: 10')).toBeVisible();
  // Shown once: a reload shows the status, never the codes.
  await page.reload();
  await expect(page.getByText('Authenticator app: set up')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Recovery codes' })).toHaveCount(0);
  await signOut(page);
});

test('signing in asks for the authenticator code after the password; a wrong code is refused', async ({ page }) => {
  await signInWithPassword(page);
  const input = page.getByLabel('Authentication code');
  await expect(input).toBeFocused();
  await expect(input).toHaveAttribute('autocomplete', 'one-time-code');
  await expect(input).toHaveAttribute('inputmode', 'numeric');

  const right = nextCode();
  const wrong = String((Number(right.code) + 1) % 1_000_000).padStart(6, '0');
  await input.fill(wrong);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByText('That code is not right. Check your authenticator app and try again.')).toBeVisible();
  expect((await page.context().cookies()).some((cookie) => cookie.name === '__Host-latch')).toBe(false);

  const { code, step } = nextCode();
  await page.getByLabel('Authentication code').fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
  usedStep = step;
  await expect(page).toHaveURL(/\/account$/u);
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  const session = (await (await page.request.get(`${server.url}/auth/session`)).json()) as { user: { claims: { amr?: string[] } } };
  expect(session.user.claims.amr).toEqual(['pwd', 'otp', 'mfa']);
  await signOut(page);
});

test('a code that already signed someone in is refused as a replay, with no session', async ({ page }) => {
  // The code the server accepted last (test above, or enrollment), typed again.
  const replayed = TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: usedStep * STEP_MS + 1_000 });
  await signInWithPassword(page);
  await page.getByLabel('Authentication code').fill(replayed);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByText('That code was already used. Wait for the next code and try again.')).toBeVisible();
  await expect(page.getByLabel('Authentication code')).toHaveAttribute('aria-invalid', 'true');
  expect((await page.context().cookies()).some((cookie) => cookie.name === '__Host-latch')).toBe(false);

  // The next code must be within one step of now: wait until the used step is the current one at the latest.
  const wait = usedStep * STEP_MS - Date.now() + 500;
  if (wait > 0) await page.waitForTimeout(wait);
  const { code, step } = nextCode();
  await page.getByLabel('Authentication code').fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
  usedStep = step;
  await expect(page).toHaveURL(/\/account$/u);
  await signOut(page);
});

test('a recovery code signs in once; the same code is refused the next time', async ({ page }) => {
  const code = recoveryCodes[0] ?? '';
  await signInWithPassword(page);
  await page.getByRole('button', { name: 'Use a recovery code' }).click();
  await page.getByLabel('Recovery code').fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/account$/u);
  await expect(page.getByText('Recovery codes left: 9')).toBeVisible();
  await signOut(page);

  await signInWithPassword(page);
  await page.getByRole('button', { name: 'Use a recovery code' }).click();
  await page.getByLabel('Recovery code').fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByText('That recovery code is not right, or it was already used.')).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in$/u);
});
