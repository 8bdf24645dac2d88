import { describe, expect, it } from 'vitest';
import { parseCoreOptions, type CoreOptions } from '../config.ts';

const base: CoreOptions = { issuer: 'http://localhost:3000/oidc', clients: [{ clientId: 'app', redirectUris: ['http://localhost:3000/auth/callback'] }] };
const terms = { id: 'terms', version: 1, kind: 'required', locales: { en: { title: 'Terms of service', text: 'You agree to the terms.' } } } as const;

describe('consent options', () => {
  it('default to no purposes and no webhook', () => {
    expect(parseCoreOptions(base).consent).toEqual({ purposes: [] });
  });

  it('accept purposes with localised text, a policy URL and a webhook with defaults', () => {
    const parsed = parseCoreOptions({
      ...base,
      consent: {
        purposes: [terms, { id: 'marketing_email', version: 3, kind: 'optional', locales: { en: { title: 'News', text: 'Emails.' }, 'pt-BR': { title: 'Novidades', text: 'E-mails.' } }, policyUrl: 'https://example.com/privacy' }],
        webhook: { url: 'https://hooks.example.com/consent', secret: 'x'.repeat(32) },
      },
    });
    expect(parsed.consent.purposes.map((purpose) => purpose.id)).toEqual(['terms', 'marketing_email']);
    expect(parsed.consent.webhook).toMatchObject({ maxAttempts: 4, initialDelayMs: 1000, timeoutMs: 5000 });
  });

  it.each([
    ['a version that is not a positive integer', { purposes: [{ ...terms, version: 0 }] }, 'consent.purposes.0.version'],
    ['a fractional version', { purposes: [{ ...terms, version: 1.5 }] }, 'consent.purposes.0.version'],
    ['text without English', { purposes: [{ ...terms, locales: { de: { title: 'AGB', text: 'Sie stimmen zu.' } } }] }, 'consent.purposes.0.locales: must include "en"'],
    ['a malformed locale tag', { purposes: [{ ...terms, locales: { ...terms.locales, 'en_US!': { title: 'x', text: 'y' } } }] }, 'consent.purposes.0.locales'],
    ['an empty title', { purposes: [{ ...terms, locales: { en: { title: ' ', text: 'y' } } }] }, 'consent.purposes.0.locales.en.title'],
    ['an id with capitals', { purposes: [{ ...terms, id: 'Terms' }] }, 'consent.purposes.0.id'],
    ['an unknown kind', { purposes: [{ ...terms, kind: 'mandatory' }] }, 'consent.purposes.0.kind'],
    ['duplicate ids', { purposes: [terms, { ...terms, version: 2 }] }, 'consent.purposes.1.id: duplicate purpose id "terms"'],
    ['a typo in a purpose', { purposes: [{ ...terms, requried: true }] }, 'consent.purposes.0'],
    ['a policy URL that is not http(s)', { purposes: [{ ...terms, policyUrl: 'javascript:alert(1)' }] }, 'consent.purposes.0.policyUrl'],
    ['a short webhook secret', { purposes: [], webhook: { url: 'https://hooks.example.com', secret: 'short' } }, 'consent.webhook.secret: must be at least 32 characters'],
    ['a webhook URL that is not http(s)', { purposes: [], webhook: { url: 'ftp://hooks.example.com', secret: 'x'.repeat(32) } }, 'consent.webhook.url'],
  ])('refuse %s at start-up, naming where', (_name, consent, where) => {
    expect(() => parseCoreOptions({ ...base, consent: consent as never })).toThrow(where);
  });
});
