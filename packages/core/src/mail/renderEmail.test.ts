import { describe, expect, it } from 'vitest';
import { createEmailRenderer, defaultEmailTheme, emailTemplates, renderEmail, type EmailTemplate, type EmailTemplateParams } from '@latch/core';

const LINK = 'https://id.example.com/verify?token=abc&flow=1';

const samples: { [K in EmailTemplate]: EmailTemplateParams[K] } = {
  'verify-email': { code: '123456', link: LINK, expiresInMinutes: 15 },
  'sign-in-code': { code: '654321', link: LINK, expiresInMinutes: 10 },
  'password-reset': { code: '246810', link: LINK, expiresInMinutes: 30 },
  'password-changed': { changedAt: new Date('2030-01-02T03:04:05Z'), resetLink: LINK },
  'account-exists': { signInLink: 'https://id.example.com/sign-in', resetLink: 'https://id.example.com/reset' },
  'email-change': { code: '135790', link: LINK, expiresInMinutes: 15 },
  'email-changed': { newEmail: 'ada.lovelace@example.com', changedAt: new Date('2030-01-02T03:04:05Z'), resetLink: LINK },
  'email-change-unavailable': { signInLink: 'https://id.example.com/sign-in' },
  'organization-invitation': { organization: 'Acme', inviter: 'ada@example.com', role: 'admin', link: LINK, expiresInDays: 7 },
};

describe('renderEmail', () => {
  it.each(emailTemplates)('renders %s as a subject, a text body and a complete HTML document', (template) => {
    const email = renderEmail(template, { params: samples[template] as never });
    expect(email.subject).not.toMatch(/[\r\n]|\{\w+\}/u);
    expect(email.subject).toContain('Latch');
    expect(email.text).not.toMatch(/\{\w+\}|</u);
    expect(email.text).toContain('This email was sent by Latch.');
    expect(email.html).toMatch(/^<!doctype html>\n<html lang="en">/u);
    expect(email.html).toContain(`<title>${email.subject}</title>`);
    expect(email.html).not.toMatch(/\{\w+\}/u);
  });

  it('tells the old address of an email change only a masked new address', () => {
    const email = renderEmail('email-changed', { params: samples['email-changed'] });
    expect(email.text).toContain('a***e@example.com');
    expect(email.text).not.toContain('ada.lovelace');
    expect(email.html).not.toContain('ada.lovelace');
  });

  it('puts the code and the link in both bodies, escaping the link in HTML', () => {
    const email = renderEmail('verify-email', { params: samples['verify-email'] });
    expect(email.subject).toBe('Verify your email address for Latch');
    expect(email.text).toContain('Your code: 123456');
    expect(email.text).toContain(`Verify email address: ${LINK}`);
    expect(email.text).toContain('The code and the link expire in 15 minutes.');
    expect(email.html).toContain('>123456</p>');
    expect(email.html).toContain('href="https://id.example.com/verify?token=abc&#38;flow=1"');
    expect(email.html).not.toContain('token=abc&flow');
  });

  it('puts the sign-in code in the subject and picks the plural form', () => {
    const email = renderEmail('sign-in-code', { params: { code: '654321', link: LINK, expiresInMinutes: 1 } });
    expect(email.subject).toBe('654321 is your Latch sign-in code');
    expect(email.text).toContain('The code and the link expire in 1 minute.');
  });

  it('formats the time of a password change and offers the reset link only when given', () => {
    const withLink = renderEmail('password-changed', { params: samples['password-changed'] });
    expect(withLink.text).toContain('was changed on January 2, 2030 at 3:04:05 AM UTC.');
    expect(withLink.text).toContain(`Reset password: ${LINK}`);
    const withoutLink = renderEmail('password-changed', { params: { changedAt: new Date('2030-01-02T03:04:05Z') } });
    expect(withoutLink.text).not.toContain('Reset password:');
    expect(withoutLink.html).not.toContain('<a ');
  });

  it('tells the owner of an existing account how to sign in or reset, without creating anything', () => {
    const email = renderEmail('account-exists', { params: samples['account-exists'] });
    expect(email.subject).toBe('You already have an account at Latch');
    expect(email.text).toContain('Sign in: https://id.example.com/sign-in');
    expect(email.text).toContain('Reset password: https://id.example.com/reset');
  });

  describe('escaping', () => {
    const attack = '<script>alert(1)</script>"\'&';

    it('escapes parameters, brand name and translated strings in HTML', () => {
      const email = renderEmail('sign-in-code', {
        params: { code: '<img/src=x/onerror=alert(1)>', link: 'https://x.example/?q="><script>alert(1)</script>', expiresInMinutes: 5 },
        theme: { brandName: attack },
        locales: { en: { 'sign-in-code': { heading: `Hi ${attack}` } } },
      });
      expect(email.html).not.toMatch(/<script|<img\/src|onerror=alert\(1\)>|q="|'&/u);
      expect(email.html).toContain('&#60;img/src=x/onerror=alert(1)&#62;');
      expect(email.html).toContain('href="https://x.example/?q=&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;"');
      expect(email.html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;&#34;&#39;&#38;');
      // The plain-text body is not HTML: it carries the values as they are.
      expect(email.text).toContain('Your code: <img/src=x/onerror=alert(1)>');
    });

    it('refuses links that are not http(s), and unknown or missing parameters', () => {
      expect(() => renderEmail('verify-email', { params: { code: '1', link: 'javascript:alert(1)', expiresInMinutes: 5 } })).toThrow(/link/u);
      expect(() => renderEmail('verify-email', { params: { code: '1', link: LINK } as never })).toThrow(/expiresInMinutes/u);
      expect(() => renderEmail('verify-email', { params: { ...samples['verify-email'], extra: 1 } as never })).toThrow(TypeError);
      expect(() => renderEmail('verify-email', { params: { ...samples['verify-email'], code: '12 34' } })).toThrow(/code/u);
      expect(() => renderEmail('nope' as never, { params: {} as never })).toThrow(/unknown template/u);
    });

    it('keeps a subject on one line whatever a translation holds', () => {
      const email = renderEmail('password-reset', {
        params: samples['password-reset'],
        locales: { en: { 'password-reset': { subject: 'Reset\r\nBcc: victim@example.com' } } },
      });
      expect(email.subject).toBe('Reset Bcc: victim@example.com');
    });
  });

  describe('localisation', () => {
    const de = {
      common: { footer: 'Diese E-Mail wurde von {brand} gesendet.' },
      'verify-email': {
        subject: 'Bestätige deine E-Mail-Adresse für {brand}',
        expires: { one: 'Läuft in {count} Minute ab.', other: 'Läuft in {count} Minuten ab.' },
      },
    };

    it('uses a locale added by the caller, and English for every string it lacks', () => {
      const email = renderEmail('verify-email', { locale: 'de', locales: { de }, params: samples['verify-email'] });
      expect(email.subject).toBe('Bestätige deine E-Mail-Adresse für Latch');
      expect(email.text).toContain('Läuft in 15 Minuten ab.');
      expect(email.text).toContain('Diese E-Mail wurde von Latch gesendet.');
      expect(email.text).toContain('Enter this code to confirm'); // not translated: English
      expect(email.html).toContain('<html lang="de">');
    });

    it('falls back from a region to its language, and from an unknown language to English', () => {
      const regional = renderEmail('verify-email', { locale: 'de-AT', locales: { de }, params: samples['verify-email'] });
      expect(regional.subject).toBe('Bestätige deine E-Mail-Adresse für Latch');
      expect(regional.html).toContain('<html lang="de">');

      for (const locale of ['fr', 'fr-CA', 'not a locale!', '', undefined]) {
        const email = renderEmail('verify-email', { locale, params: samples['verify-email'] });
        expect(email.subject, String(locale)).toBe('Verify your email address for Latch');
        expect(email.html).toContain('<html lang="en">');
      }
    });

    it('prefers the exact region over the language, and matches tags in any case', () => {
      const locales = { de, 'de-CH': { 'verify-email': { subject: 'Grüezi {brand}' } } };
      expect(renderEmail('verify-email', { locale: 'DE-ch', locales, params: samples['verify-email'] }).subject).toBe('Grüezi Latch');
      expect(renderEmail('verify-email', { locale: 'de-DE', locales, params: samples['verify-email'] }).subject).toBe(
        'Bestätige deine E-Mail-Adresse für Latch',
      );
    });

    it('formats dates for the requested locale', () => {
      const email = renderEmail('password-changed', { locale: 'en-GB', params: { changedAt: new Date('2030-01-02T03:04:05Z') } });
      expect(email.text).toContain('2 January 2030 at 03:04:05 UTC');
    });
  });

  describe('theming', () => {
    it('uses Latch colours and a text wordmark by default', () => {
      const email = renderEmail('verify-email', { params: samples['verify-email'] });
      expect(email.html).toContain(`background-color:${defaultEmailTheme.colors.primary}`);
      expect(email.html).toContain('font-weight:700;color:#0f172a;">Latch</p>');
      expect(email.html).not.toContain('<img');
    });

    it('applies brand name, logo, font and colours, keeping defaults for the rest', () => {
      const renderer = createEmailRenderer({
        theme: { brandName: 'Acme Notes', logoUrl: 'https://acme.example/logo.png', fontFamily: "Georgia, 'Times New Roman', serif", colors: { primary: '#0A7D32' } },
      });
      const email = renderer.render('sign-in-code', { params: samples['sign-in-code'] });
      expect(email.subject).toBe('654321 is your Acme Notes sign-in code');
      expect(email.text).toContain('This email was sent by Acme Notes.');
      expect(email.html).toContain('<img src="https://acme.example/logo.png" alt="Acme Notes"');
      expect(email.html).toContain('background-color:#0A7D32');
      expect(email.html).toContain(`background-color:${defaultEmailTheme.colors.background}`);
      expect(email.html).toContain('font-family:Georgia, &#39;Times New Roman&#39;, serif;');
      expect(renderer.theme.colors.surface).toBe(defaultEmailTheme.colors.surface);
    });

    it('refuses theme values that could break out of a style attribute or load a script', () => {
      expect(() => createEmailRenderer({ theme: { colors: { primary: 'red;background:url(x)' } } })).toThrow(/colors\.primary/u);
      expect(() => createEmailRenderer({ theme: { logoUrl: 'javascript:alert(1)' } })).toThrow(/logoUrl/u);
      expect(() => createEmailRenderer({ theme: { fontFamily: 'x;}</style>' } })).toThrow(/fontFamily/u);
      expect(() => createEmailRenderer({ theme: { brand: 'typo' } as never })).toThrow(TypeError);
    });
  });
});
