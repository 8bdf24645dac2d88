import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { DemoServer } from '../support/demoServer.ts';
import { newestCode } from '../support/outbox.ts';
import { acceptRequiredConsents } from '../support/consent.ts';
import { signUpThroughPage } from '../support/signUp.ts';
import { addVirtualAuthenticator } from '../support/virtualAuthenticator.ts';

const email = `ada-passkey-${Date.now()}@example.com`;
const password = 'correct horse battery staple';

let server: DemoServer;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  server = await DemoServer.start();
});

test.afterAll(async () => {
  await server?.stop();
});

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
}

test('sign up, add a passkey, sign out, sign in with the passkey without typing an email', async ({ page }) => {
  const { cdp, authenticatorId } = await addVirtualAuthenticator(page);

  await signUpThroughPage(page, { baseUrl: server.url, email: email, password: password });

  await expect(page.getByText('No passkeys yet.')).toBeVisible();
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(page.getByText('Your passkey was added.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Remove passkey Passkey 1' })).toBeVisible();
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  expect(credentials).toHaveLength(1);
  expect(credentials[0]?.isResidentCredential).toBe(true);

  const [credential] = credentials;
  if (!credential) throw new Error('no credential');

  // Conditional UI: the identifier field offers passkeys in autofill; the
  // virtual authenticator picks the only one without a prompt, so merely
  // opening the sign-in page signs in.
  await signOut(page);
  await page.goto(`${server.url}/sign-in`);
  await expect(page).toHaveURL(/\/account$/u);
  await expect(page.getByText(email, { exact: true })).toBeVisible();

  // The "Sign in with a passkey" button: the authenticator is empty while the
  // page loads (so autofill has nothing to offer) and gets the passkey back
  // before the click.
  await signOut(page);
  await cdp.send('WebAuthn.clearCredentials', { authenticatorId });
  await page.goto(`${server.url}/sign-in`);
  await expect(page.getByLabel('Email')).toHaveAttribute('autocomplete', 'username webauthn');
  await cdp.send('WebAuthn.addCredential', { authenticatorId, credential });
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page).toHaveURL(/\/account$/u);
  await expect(page.getByText(email, { exact: true })).toBeVisible();
});

test('a passkey removed from the account is refused at sign-in', async ({ page }) => {
  const { cdp, authenticatorId } = await addVirtualAuthenticator(page);
  // Sign in with the password, add a passkey on this authenticator, then remove it server-side.
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/account$/u);
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(page.getByText('Your passkey was added.')).toBeVisible();
  await page.getByRole('button', { name: 'Remove passkey Passkey 2' }).click();
  await expect(page.getByText('Your passkey was removed.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Remove passkey Passkey 2' })).toHaveCount(0);
  // The authenticator still holds the credential; the server no longer knows it.
  expect((await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials).toHaveLength(1);

  await signOut(page);
  await page.goto(`${server.url}/sign-in`);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page.getByRole('alert')).toContainText('That passkey could not be used to sign in.');
  await expect(page).toHaveURL(/\/sign-in$/u);
});

test('a passkey made for another site cannot sign in here: an accessible message, no session', async ({ page }) => {
  const { cdp, authenticatorId } = await addVirtualAuthenticator(page);
  // A discoverable credential the authenticator holds for another relying party (RP ID).
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  await cdp.send('WebAuthn.addCredential', {
    authenticatorId,
    credential: {
      credentialId: randomBytes(16).toString('base64'),
      isResidentCredential: true,
      rpId: 'other-site.example',
      privateKey: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
      userHandle: randomBytes(16).toString('base64'),
      signCount: 0,
    },
  });

  await page.goto(`${server.url}/sign-in`);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page.getByRole('alert')).toContainText('The passkey request was cancelled or timed out.');
  await expect(page).toHaveURL(/\/sign-in$/u);
  expect((await page.context().cookies()).some((cookie) => cookie.name === '__Host-latch')).toBe(false);
  const session = (await (await page.request.get(`${server.url}/auth/session`)).json()) as { authenticated: boolean };
  expect(session.authenticated).toBe(false);
  // The browser never offered it to this site: it was not used.
  const [credential] = (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
  expect(credential?.signCount).toBe(0);
  // The other ways in are still there.
  await expect(page.getByLabel('Email')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign in with a passkey' })).toBeEnabled();
});

test('sign up with a passkey only: verify the email, create the passkey, signed in without a password', async ({ page }) => {
  const { cdp, authenticatorId } = await addVirtualAuthenticator(page);
  const passkeyOnly = `lin-passkey-${Date.now()}@example.com`;
  await page.goto(`${server.url}/sign-up`);
  await page.getByLabel('Email').fill(passkeyOnly);
  await acceptRequiredConsents(page);
  await page.getByRole('button', { name: 'Sign up with a passkey instead' }).click();
  await page.getByLabel('Verification code').fill(await newestCode(server.url, passkeyOnly));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('button', { name: 'Create a passkey' }).click();
  await expect(page).toHaveURL(/\/account$/u);
  await expect(page.getByText(passkeyOnly, { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Remove passkey Passkey 1' })).toBeVisible();
  expect((await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials).toHaveLength(1);

  // Back in with the passkey alone (autofill picks it on the sign-in page).
  await signOut(page);
  await page.goto(`${server.url}/sign-in`);
  await expect(page).toHaveURL(/\/account$/u);
  await expect(page.getByText(passkeyOnly, { exact: true })).toBeVisible();
});
