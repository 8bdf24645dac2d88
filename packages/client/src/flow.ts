/**
 * The wire format of a server-driven flow, shared by the core, the BFF and the
 * components. The server decides the step; components render whatever comes.
 */

/** `profile`: an on-demand progressive-profiling prompt of the signed-in user (`startProfileFlow`). */
export type FlowType = 'sign-in' | 'sign-up' | 'recovery' | 'profile';

export type FlowState = 'active' | 'complete';

export type MessageSeverity = 'error' | 'info';

/**
 * A message to show. `code` is stable and is what components translate;
 * `text` is the server's English fallback for codes a locale table lacks.
 */
export interface FlowMessage {
  code: string;
  severity: MessageSeverity;
  text: string;
  params?: Record<string, string | number>;
}

/**
 * Profile fields (the `profile` step) add `tel`, `url`, `number`, `date`,
 * `checkbox` (submit `true` when ticked), `select` and `multiselect` (submit
 * the chosen option values comma-joined, e.g. `ai,web`).
 */
export type FieldType = 'email' | 'password' | 'new-password' | 'text' | 'hidden' | 'tel' | 'url' | 'number' | 'date' | 'checkbox' | 'select' | 'multiselect';

/** A choice of a `select` or `multiselect` field. */
export interface FieldOption {
  value: string;
  label: string;
}

export interface FieldConstraints {
  required: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  /** A number's bounds, a date's (YYYY-MM-DD), or how many options a multiselect takes. */
  min?: number | string;
  max?: number | string;
}

export interface FlowField {
  /** The key the value is submitted under, e.g. `email`, `password`. */
  name: string;
  type: FieldType;
  /** HTML `autocomplete` token, e.g. `username`, `current-password`, `new-password`. */
  autocomplete?: string;
  /** HTML `inputmode`, e.g. `numeric` for a one-time code. */
  inputMode?: 'numeric' | 'email' | 'text';
  constraints: FieldConstraints;
  /** Prefilled value (e.g. the identifier shown on the password step). */
  value?: string;
  readOnly?: boolean;
  /** A label from the server (declared profile fields carry theirs, localised); otherwise components label by `name`. */
  label?: string;
  /** A hint shown under the control. */
  help?: string;
  /** The choices of a `select` or `multiselect`. */
  options?: FieldOption[];
  /** On a consent `checkbox`: the purpose's words (label, text, policy link); submit `"true"` when ticked, leave it out otherwise. */
  consent?: FlowConsent;
  /** Errors and hints for this field, shown next to it. */
  messages: FlowMessage[];
}

/** A consent purpose a `checkbox` field asks about, in the flow's locale. */
export interface FlowConsent {
  purposeId: string;
  version: number;
  required: boolean;
  title: string;
  text: string;
  policyUrl?: string;
  /** At a re-consent: the version the user accepted before. */
  previousVersion?: number;
}

export interface FlowAction {
  /** Sent back as `action` when chosen, e.g. `submit`, `back`. */
  name: string;
  /** `primary` is the form's submit button; `secondary` is an alternative. */
  kind: 'primary' | 'secondary';
}

export type StepName =
  | 'identifier'
  | 'password'
  | 'credentials'
  | 'verify-email'
  | 'passkey-register'
  | 'email-verified'
  | 'sign-in-code'
  | 'totp'
  | 'recovery-code'
  | 'recovery-identifier'
  | 'recovery-email-code'
  | 'new-password'
  | 'profile'
  | 'consent'
  | 'consent-declined';

/**
 * A WebAuthn ceremony a step offers (a passkey). Choosing `action` runs it in
 * the browser with `options` — `navigator.credentials.get()` for
 * `authenticate`, `.create()` for `register`, in the JSON form of
 * @simplewebauthn/browser — and submits the serialised credential (JSON) as
 * the value of `field`. The options are public; the server keeps the challenge.
 */
export interface FlowWebAuthn {
  kind: 'authenticate' | 'register';
  action: string;
  field: string;
  options: Record<string, unknown>;
}

export interface FlowStep {
  name: StepName | (string & {});
  fields: FlowField[];
  actions: FlowAction[];
  /** Present when the step offers a passkey ceremony (sign-in's `identifier` step, action `passkey`). */
  webauthn?: FlowWebAuthn;
}

export interface Flow {
  id: string;
  type: FlowType;
  state: FlowState;
  /** ISO 8601 instant after which the flow answers 410 `flow_expired`. */
  expiresAt: string;
  /** The current step; `null` once the flow is complete. */
  step: FlowStep | null;
  /** Flow-level messages (e.g. wrong credentials), announced in a live region. */
  messages: FlowMessage[];
}

export interface FlowSubmission {
  /** The step being answered; a stale or unknown step is rejected (409 / 400). */
  step: string;
  action: string;
  values: Record<string, string>;
}

export interface SessionUser {
  id: string;
  email: string;
  /** The ID token / userinfo claims the BFF holds for the user. */
  claims: Record<string, unknown>;
}

export type Session =
  | { authenticated: false }
  | {
      authenticated: true;
      user: SessionUser;
      expiresAt: string;
      /** The organization the session acts in; `null` (or absent, from an older BFF) for the personal account. */
      organization?: ActiveOrganization | null;
    };

/** The session's active organization, as `GET /auth/session` names it. */
export interface ActiveOrganization {
  id: string;
  name: string;
  slug: string;
  /** The user's role in it: `owner`, `admin`, `member` or a custom role. */
  role: string;
  permissions: string[];
}

/** Every error body the BFF and core send: `{ error: { code, message } }`. */
export interface ErrorBody {
  /** `maxAge` (seconds) comes with `reauthentication_required`. */
  error: { code: string; message: string; maxAge?: number; fields?: Record<string, { code: string; message: string; params?: Record<string, string | number> }[]> };
  /** Present when a submission was rejected on its values: the flow, with messages. */
  flow?: Flow;
}
