import type { ConsentPurpose } from './consentOptionsSchema.ts';

export type ConsentDecision = 'granted' | 'withdrawn';
export type ConsentSource = 'sign_up' | 'consent_step' | 'profile' | 'api';

/** The latest receipt of one purpose: what the user decided last, at which version. */
export interface CurrentDecision {
  decision: ConsentDecision;
  version: number;
  decidedAt: Date;
}

/** A purpose the consent step asks about, and why. */
export interface PendingPurpose {
  purpose: ConsentPurpose;
  /** The version the user granted before, when there was one (a re-consent), else undefined. */
  previousVersion: number | undefined;
}

/** Whether the user has a grant of the purpose's current version (or a later one). */
export function isGrantedAtCurrentVersion(purpose: ConsentPurpose, current: CurrentDecision | undefined): boolean {
  return current?.decision === 'granted' && current.version >= purpose.version;
}

/**
 * What the consent step of a sign-in must show. It is due only when a
 * required purpose lacks a grant of its current version; then it also offers
 * the optional purposes the user decided on at an older version (never
 * forced; one never decided on stays on the account page, unasked). Empty
 * when nothing is due.
 */
export function pendingAtSignIn(purposes: readonly ConsentPurpose[], current: ReadonlyMap<string, CurrentDecision>): PendingPurpose[] {
  const due = purposes.some((purpose) => purpose.kind === 'required' && !isGrantedAtCurrentVersion(purpose, current.get(purpose.id)));
  if (!due) return [];
  return purposes
    .filter((purpose) => {
      const decision = current.get(purpose.id);
      if (purpose.kind === 'required') return !isGrantedAtCurrentVersion(purpose, decision);
      return decision !== undefined && decision.version < purpose.version;
    })
    .map((purpose) => {
      const decision = current.get(purpose.id);
      return { purpose, previousVersion: decision?.decision === 'granted' ? decision.version : undefined };
    });
}

/** The flow field that carries a purpose's checkbox. */
export function consentFieldName(purposeId: string): string {
  return `consent.${purposeId}`;
}

/** A ticked checkbox: browsers send "on" unless told otherwise; the elements send "true". */
export function isTicked(value: string | undefined): boolean {
  return value === 'true' || value === 'on';
}

/**
 * The answer to a form of consent checkboxes: which purposes were ticked, and
 * the required ones left unticked (each a `consent_required` field error).
 */
export function readConsentAnswers(purposes: readonly ConsentPurpose[], values: Readonly<Record<string, string>>): { granted: ConsentPurpose[]; declined: ConsentPurpose[]; missingRequired: ConsentPurpose[] } {
  const granted: ConsentPurpose[] = [];
  const declined: ConsentPurpose[] = [];
  const missingRequired: ConsentPurpose[] = [];
  for (const purpose of purposes) {
    if (isTicked(values[consentFieldName(purpose.id)])) granted.push(purpose);
    else {
      declined.push(purpose);
      if (purpose.kind === 'required') missingRequired.push(purpose);
    }
  }
  return { granted, declined, missingRequired };
}

/**
 * The receipts a change of decisions needs: one per purpose whose decision
 * differs from the current one, or that grants a newer version. Withdrawing
 * what was never granted writes nothing.
 */
export function receiptsFor(
  changes: ReadonlyArray<{ purpose: ConsentPurpose; decision: ConsentDecision }>,
  current: ReadonlyMap<string, CurrentDecision>,
): Array<{ purpose: ConsentPurpose; decision: ConsentDecision }> {
  return changes.filter(({ purpose, decision }) => {
    const now = current.get(purpose.id);
    if (decision === 'granted') return !isGrantedAtCurrentVersion(purpose, now);
    return now?.decision === 'granted';
  });
}
