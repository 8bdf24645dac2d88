/** A decision on a consent purpose. */
export type ConsentDecision = 'granted' | 'withdrawn';

/** A purpose with the signed-in user's current decision, as `GET /auth/account/consents` lists it. */
export interface UserConsent {
  id: string;
  /** The purpose's current version. */
  version: number;
  required: boolean;
  /** The locale of `title` and `text` (the asked one, else `en`). */
  locale: string;
  title: string;
  text: string;
  policyUrl?: string;
  /** The latest decision, or null when never decided. */
  decision: ConsentDecision | null;
  /** The version that decision was about. */
  decidedVersion: number | null;
  decidedAt: string | null;
  /** Granted at the current version: what an app checks before, say, sending marketing email. */
  granted: boolean;
}

/** One stored receipt (append-only proof of a decision). */
export interface ConsentReceipt {
  id: string;
  purposeId: string;
  version: number;
  decision: ConsentDecision;
  source: 'sign_up' | 'consent_step' | 'profile' | 'api';
  locale: string;
  /** Hex SHA-256 of the title and text shown. */
  textSha256: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
}
