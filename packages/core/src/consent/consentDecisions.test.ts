import { describe, expect, it } from 'vitest';
import { consentFieldName, pendingAtSignIn, readConsentAnswers, receiptsFor, type CurrentDecision } from './consentDecisions.ts';
import type { ConsentPurpose } from './consentOptionsSchema.ts';
import { consentTextHash, localizePurpose } from './consentText.ts';

const purpose = (id: string, version: number, kind: 'required' | 'optional'): ConsentPurpose => ({
  id,
  version,
  kind,
  locales: { en: { title: `${id} title`, text: `${id} text` }, de: { title: `${id} Titel`, text: `${id} Text` } },
});
const terms = purpose('terms', 2, 'required');
const privacy = purpose('privacy', 1, 'required');
const marketing = purpose('marketing', 2, 'optional');
const analytics = purpose('analytics', 1, 'optional');
const all = [terms, privacy, marketing, analytics];
const at = new Date('2026-01-01T00:00:00Z');
const decided = (entries: Array<[string, 'granted' | 'withdrawn', number]>): Map<string, CurrentDecision> =>
  new Map(entries.map(([id, decision, version]) => [id, { decision, version, decidedAt: at }]));

describe('pendingAtSignIn', () => {
  it('is empty while every required purpose is granted at its current version, whatever the optional ones say', () => {
    expect(pendingAtSignIn(all, decided([['terms', 'granted', 2], ['privacy', 'granted', 1]]))).toEqual([]);
    expect(pendingAtSignIn(all, decided([['terms', 'granted', 3], ['privacy', 'granted', 1], ['marketing', 'granted', 1]]))).toEqual([]);
  });

  it('asks again for a required purpose granted at an older version, offering optional ones with a newer version', () => {
    const pending = pendingAtSignIn(all, decided([['terms', 'granted', 1], ['privacy', 'granted', 1], ['marketing', 'granted', 1], ['analytics', 'withdrawn', 1]]));
    expect(pending.map((entry) => [entry.purpose.id, entry.previousVersion])).toEqual([
      ['terms', 1],
      ['marketing', 1],
    ]);
  });

  it('asks for a required purpose never granted (added after sign-up), not for optional ones never decided on', () => {
    expect(pendingAtSignIn(all, decided([['terms', 'granted', 2]])).map((entry) => entry.purpose.id)).toEqual(['privacy']);
    expect(pendingAtSignIn(all, decided([['terms', 'granted', 2], ['marketing', 'withdrawn', 1]])).map((entry) => entry.purpose.id)).toEqual(['privacy', 'marketing']);
  });
});

describe('readConsentAnswers', () => {
  it('splits ticked from unticked and names required purposes left unticked', () => {
    const answers = readConsentAnswers(all, { [consentFieldName('terms')]: 'true', [consentFieldName('analytics')]: 'on', [consentFieldName('privacy')]: 'false' });
    expect(answers.granted.map((p) => p.id)).toEqual(['terms', 'analytics']);
    expect(answers.declined.map((p) => p.id)).toEqual(['privacy', 'marketing']);
    expect(answers.missingRequired.map((p) => p.id)).toEqual(['privacy']);
  });
});

describe('receiptsFor', () => {
  it('writes grants of a newer version and real withdrawals only', () => {
    const current = decided([['terms', 'granted', 1], ['marketing', 'granted', 2], ['analytics', 'withdrawn', 1]]);
    const needed = receiptsFor(
      [
        { purpose: terms, decision: 'granted' }, // newer version: written
        { purpose: marketing, decision: 'granted' }, // already granted at v2: nothing
        { purpose: analytics, decision: 'withdrawn' }, // already withdrawn: nothing
        { purpose: privacy, decision: 'withdrawn' }, // never granted: nothing
      ],
      current,
    );
    expect(needed.map(({ purpose, decision }) => [purpose.id, decision])).toEqual([['terms', 'granted']]);
    expect(receiptsFor([{ purpose: marketing, decision: 'withdrawn' }], current)).toHaveLength(1);
  });
});

describe('localizePurpose and consentTextHash', () => {
  it('falls back from region to language to English, and hashes exactly the words shown', () => {
    expect(localizePurpose(terms, 'de-AT')).toMatchObject({ locale: 'de', title: 'terms Titel' });
    expect(localizePurpose(terms, 'fr')).toMatchObject({ locale: 'en', title: 'terms title', required: true, version: 2 });
    // sha256("T\nx"), computed independently.
    expect(consentTextHash({ title: 'T', text: 'x' })).toBe('f88a6430b8d9124a12716a8968239053193554deb7d5a9c55a4d6628bcf3f9d8');
    expect(consentTextHash({ title: 'T', text: 'x' })).not.toBe(consentTextHash({ title: 'T', text: 'x ' }));
  });
});
