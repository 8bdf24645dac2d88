import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, TestBrowser, type TestStack } from '../testing/startTestStack.ts';

interface FlowBody {
  step?: { fields: { name: string; consent?: { title: string; text: string } }[] };
  error?: { code: string };
}

// The sign-up step asks for the deployment's consent purposes; their words are
// configured per locale, and the browser's element language must pick them.
describe('POST /auth/flows/:type passes the language on to the core', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({
      consent: {
        purposes: [
          {
            id: 'terms',
            version: 1,
            kind: 'required',
            locales: {
              en: { title: 'Terms of service', text: 'The rules of the service.' },
              de: { title: 'Nutzungsbedingungen', text: 'Die Regeln des Dienstes.' },
              fr: { title: 'Conditions d’utilisation', text: 'Les règles du service.' },
            },
          },
        ],
      },
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function termsTitle(path: string, headers: Record<string, string> = {}): Promise<string | undefined> {
    const response = await new TestBrowser(stack).request('POST', path, { headers });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return (response.body as FlowBody).step?.fields.find((field) => field.name === 'consent.terms')?.consent?.title;
  }

  it('writes consent purposes in the language of ?locale=', async () => {
    expect(await termsTitle('/auth/flows/sign-up?locale=de')).toBe('Nutzungsbedingungen');
    expect(await termsTitle('/auth/flows/sign-up?locale=fr-CA')).toBe('Conditions d’utilisation');
  });

  it('falls back to the first Accept-Language tag, then to English', async () => {
    expect(await termsTitle('/auth/flows/sign-up', { 'accept-language': 'de-de,en;q=0.5' })).toBe('Nutzungsbedingungen');
    expect(await termsTitle('/auth/flows/sign-up', { 'accept-language': 'ja' })).toBe('Terms of service');
    expect(await termsTitle('/auth/flows/sign-up')).toBe('Terms of service');
    // The explicit choice wins over the browser's.
    expect(await termsTitle('/auth/flows/sign-up?locale=en', { 'accept-language': 'de' })).toBe('Terms of service');
  });

  it('refuses a malformed locale with 400 invalid_request, starting no flow', async () => {
    const browser = new TestBrowser(stack);
    const response = await browser.request('POST', '/auth/flows/sign-up?locale=%3Cscript%3E');
    expect(response.status).toBe(400);
    expect((response.body as FlowBody).error?.code).toBe('invalid_request');
    expect(browser.cookies.has('__Host-latch-flow')).toBe(false);
  });
});

// The language belongs to the flow: steps after the first (password, then a
// progressive-profiling prompt) still write the server's texts in it.
describe('a flow keeps its language across steps', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({
      profile: {
        fields: [{ key: 'company', type: 'text', label: { en: 'Company', de: 'Firma' } }],
        rules: [{ id: 'work', fields: ['company'], when: { after_sign_ins: 1 }, skippable: true }],
      },
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('asks the profile prompt after the password step in the language the sign-in started with', async () => {
    const email = `locale-${Date.now()}@example.com`;
    const password = 'correct horse battery staple';
    const browser = new TestBrowser(stack);
    const signedUp = await browser.signUp(email, password);
    expect(signedUp.status, JSON.stringify(signedUp.body)).toBe(200);

    const other = new TestBrowser(stack);
    const created = await other.request('POST', '/auth/flows/sign-in?locale=de');
    const { id } = created.body as { id: string };
    await other.request('POST', `/auth/flows/${id}/submit`, { json: { step: 'identifier', action: 'submit', values: { email } } });
    const answered = await other.request('POST', `/auth/flows/${id}/submit`, { json: { step: 'password', action: 'submit', values: { email, password } } });
    const step = (answered.body as { step?: { name: string; fields: { name: string; label?: string }[] } }).step;
    expect(step?.name, JSON.stringify(answered.body)).toBe('profile');
    expect(step?.fields.find((field) => field.name === 'company')?.label).toBe('Firma');
  });
});
