import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { DemoServer } from '../support/demoServer.ts';
import { newestMail } from '../support/outbox.ts';
import { signUpThroughPage } from '../support/signUp.ts';
import { addVirtualAuthenticator } from '../support/virtualAuthenticator.ts';

const stamp = Date.now();
const ownerEmail = `orla-${stamp}@example.com`;
const memberEmail = `mika-${stamp}@example.com`;
const password = 'correct horse battery staple';
const orgName = `Vault ${stamp}`;
const orgSlug = `vault-${stamp}`;

let server: DemoServer;

test.beforeAll(async () => {
  // No progressive-profiling prompt in the way: this spec is about the organization step.
  server = await DemoServer.start({ env: { LATCH_PROFILE_PROMPTS: '0' } });
});

test.afterAll(async () => {
  await server?.stop();
});

async function signUp(page: Page, email: string) {
  await signUpThroughPage(page, { baseUrl: server.url, email: email, password: password });
}

/** A state-changing call to the BFF with this browser's cookies, as the app's own code would send it. */
async function send(request: APIRequestContext, method: 'POST' | 'PATCH' | 'PUT', path: string, data: unknown) {
  const response = await request.fetch(`${server.url}${path}`, { method, data, headers: { 'x-latch-csrf': '1', origin: server.url } });
  expect(response.status(), `${method} ${path}: ${await response.text()}`).toBeLessThan(300);
  const text = await response.text();
  return (text ? JSON.parse(text) : {}) as Record<string, unknown>;
}

test('a member picks an MFA-requiring organization while signing in, sets up TOTP in the flow, and the session and the API proxy carry it', async ({ browser }) => {
  test.setTimeout(180_000);
  const ownerContext = await browser.newContext();
  const memberContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  const member = await memberContext.newPage();

  // The owner sets up an organization that requires two-step verification and invites the member.
  await signUp(owner, ownerEmail);
  const org = await send(ownerContext.request, 'POST', '/auth/organizations', { name: orgName, slug: orgSlug });
  await send(ownerContext.request, 'PATCH', `/auth/organizations/${String(org.id)}`, { policy: { requireMfa: true } });
  await send(ownerContext.request, 'POST', `/auth/organizations/${String(org.id)}/invitations`, { email: memberEmail, role: 'member' });
  const token = /accept\?token=([A-Za-z0-9_-]+)/u.exec((await newestMail(server.url, memberEmail, { subject: /invited/u })).text)?.[1];
  expect(token).toBeDefined();

  // The member signs up, accepts, and signs out.
  await signUp(member, memberEmail);
  await send(memberContext.request, 'POST', '/auth/invitations/accept', { token });
  await send(memberContext.request, 'POST', '/auth/logout', {});

  // Signing in again: the organization step, then the authenticator app setup inside the flow.
  await member.goto(`${server.url}/sign-in`);
  await member.getByLabel('Email').fill(memberEmail);
  await member.getByRole('button', { name: 'Continue' }).click();
  await member.getByLabel('Password', { exact: true }).fill(password);
  await member.getByRole('button', { name: 'Sign in' }).click();
  await expect(member.getByText('Choose the organization to continue with.')).toBeVisible();
  await expect(member.getByRole('button', { name: 'Use my personal account' })).toBeVisible();
  await member.getByLabel('Organization').selectOption({ label: orgName });
  await member.getByRole('button', { name: 'Continue' }).click();

  await expect(member.getByText('This organization requires two-step verification.', { exact: true })).toBeVisible();
  const setupKey = member.getByLabel('Setup key');
  await expect(setupKey).toHaveJSProperty('readOnly', true);
  const secret = await setupKey.inputValue();
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/u);
  await member.getByLabel('Authentication code').fill('000000');
  await member.getByRole('button', { name: 'Verify and continue' }).click();
  await expect(member.getByText(/That code is not right/u)).toBeVisible();
  await member.getByLabel('Authentication code').fill(TOTP.generate({ secret: Secret.fromBase32(secret) }));
  await member.getByRole('button', { name: 'Verify and continue' }).click();
  await expect(member.getByLabel('Recovery codes')).not.toHaveValue('');
  await member.getByRole('button', { name: 'I have saved them, continue' }).click();
  await expect(member).toHaveURL(/\/account$/u);

  // The session starts in the organization, no switch needed…
  const session = (await (await memberContext.request.get(`${server.url}/auth/session`)).json()) as { organization: { slug: string; role: string } | null };
  expect(session.organization).toMatchObject({ slug: orgSlug, role: 'member' });
  // …and the product's API behind the BFF proxy sees the organization's claims in the bearer token, never the browser's cookie.
  const whoami = await memberContext.request.get(`${server.url}/api/demo/whoami`);
  expect(whoami.status()).toBe(200);
  expect(await whoami.json()).toMatchObject({ receivedCookie: false, organization: { id: org.id, slug: orgSlug, role: 'member' } });
  // Without a session the proxy answers 401 before reaching the API.
  const anonymous = await browser.newContext();
  expect((await anonymous.request.get(`${server.url}/api/demo/whoami`)).status()).toBe(401);

  await anonymous.close();
  await ownerContext.close();
  await memberContext.close();
});

test('a member with a passkey proves it as the second factor of an MFA organization instead of setting up an app', async ({ browser }) => {
  test.setTimeout(180_000);
  const keyOwnerEmail = `kora-${stamp}@example.com`;
  const keyMemberEmail = `kim-${stamp}@example.com`;
  const keysSlug = `keys-${stamp}`;
  const ownerContext = await browser.newContext();
  const memberContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  const member = await memberContext.newPage();
  const { cdp, authenticatorId } = await addVirtualAuthenticator(member);

  await signUp(owner, keyOwnerEmail);
  const org = await send(ownerContext.request, 'POST', '/auth/organizations', { name: `Keys ${stamp}`, slug: keysSlug });
  await send(ownerContext.request, 'PATCH', `/auth/organizations/${String(org.id)}`, { policy: { requireMfa: true } });
  await send(ownerContext.request, 'POST', `/auth/organizations/${String(org.id)}/invitations`, { email: keyMemberEmail, role: 'member' });
  const token = /accept\?token=([A-Za-z0-9_-]+)/u.exec((await newestMail(server.url, keyMemberEmail, { subject: /invited/u })).text)?.[1];

  // The member signs up, adds a passkey on the account page, accepts the invitation and signs out.
  await signUp(member, keyMemberEmail);
  await member.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(member.getByText('Your passkey was added.')).toBeVisible();
  await send(memberContext.request, 'POST', '/auth/invitations/accept', { token });
  await send(memberContext.request, 'POST', '/auth/logout', {});
  // Kept aside while the password is typed: the virtual authenticator would
  // otherwise answer the sign-in page's passkey autofill at once.
  const [credential] = (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
  if (!credential) throw new Error('no passkey was created');
  await cdp.send('WebAuthn.clearCredentials', { authenticatorId });

  await member.goto(`${server.url}/sign-in`);
  await member.getByLabel('Email').fill(keyMemberEmail);
  await member.getByRole('button', { name: 'Continue' }).click();
  await member.getByLabel('Password', { exact: true }).fill(password);
  await member.getByRole('button', { name: 'Sign in' }).click();
  await member.getByLabel('Organization').selectOption({ label: `Keys ${stamp}` });
  await member.getByRole('button', { name: 'Continue' }).click();

  // No app to set up: the passkey the member already has is asked for.
  await expect(member.getByText('Confirm it is you with one of your passkeys.', { exact: false })).toBeVisible();
  await expect(member.getByRole('button', { name: 'Set up an authenticator app instead' })).toBeVisible();
  await expect(member.getByLabel('Setup key')).toHaveCount(0);
  await cdp.send('WebAuthn.addCredential', { authenticatorId, credential });
  await member.getByRole('button', { name: 'Use a passkey' }).click();
  await expect(member).toHaveURL(/\/account$/u);

  const session = (await (await memberContext.request.get(`${server.url}/auth/session`)).json()) as {
    organization: { slug: string; role: string } | null;
    user: { claims: { amr: string[] } };
  };
  expect(session.organization).toMatchObject({ slug: keysSlug, role: 'member' });
  expect(session.user.claims.amr).toEqual(expect.arrayContaining(['pwd', 'hwk', 'mfa']));

  await ownerContext.close();
  await memberContext.close();
});
