import type { CoreOptions } from '@latch/core';

type Purposes = NonNullable<CoreOptions['consent']>['purposes'];

/**
 * Acme Notes' consent purposes. `termsVersion` comes from
 * `LATCH_TERMS_VERSION`: raise it and every user is asked to accept the terms
 * again at their next sign-in.
 */
export function demoConsentPurposes(termsVersion: number): Purposes {
  return [
    {
      id: 'terms',
      version: termsVersion,
      kind: 'required',
      locales: {
        en: { title: 'Terms of service', text: `The rules for using Acme Notes (version ${termsVersion}).` },
        de: { title: 'Nutzungsbedingungen', text: `Die Regeln für Acme Notes (Version ${termsVersion}).` },
      },
      policyUrl: 'https://example.com/acme-notes/terms',
    },
    {
      id: 'privacy',
      version: 1,
      kind: 'required',
      locales: {
        en: { title: 'Privacy policy', text: 'How Acme Notes stores and uses your notes and your account data.' },
        de: { title: 'Datenschutzerklärung', text: 'Wie Acme Notes Ihre Notizen und Kontodaten speichert und nutzt.' },
      },
      policyUrl: 'https://example.com/acme-notes/privacy',
    },
    {
      id: 'marketing_email',
      version: 1,
      kind: 'optional',
      locales: {
        // No "email" in the title: pages find the address field by the label "Email".
        en: { title: 'Newsletter and offers', text: 'News about Acme Notes and occasional offers by email, about once a month.' },
        de: { title: 'Newsletter und Angebote', text: 'Neuigkeiten zu Acme Notes und gelegentliche Angebote per E-Mail, etwa einmal im Monat.' },
      },
    },
    {
      id: 'analytics',
      version: 1,
      kind: 'optional',
      locales: {
        en: { title: 'Analytics', text: 'Anonymous statistics about which features are used, to improve Acme Notes.' },
        de: { title: 'Statistik', text: 'Anonyme Statistiken darüber, welche Funktionen genutzt werden.' },
      },
    },
  ];
}
