/**
 * The flow wire format. `@latch/client` declares the same shape for the
 * browser side; the two are kept equal by the BFF's contract test.
 */
export type FlowType = 'sign-in' | 'sign-up' | 'recovery' | 'profile';
/**
 * The flows a relying party starts for an OIDC login (`POST /flows`). A
 * `profile` flow (an on-demand progressive-profiling prompt) belongs to a
 * signed-in user instead and is started through the account API.
 */
export const FLOW_TYPES: readonly FlowType[] = ['sign-in', 'sign-up', 'recovery'];

export interface FlowMessage {
  code: string;
  severity: 'error' | 'info';
  text: string;
  params?: Record<string, string | number>;
}

export interface FlowField {
  name: string;
  /**
   * Profile fields (the `profile` step) add `tel`, `url`, `number`, `date`,
   * `checkbox` (submitted as `true` when ticked), `select` and `multiselect`
   * (its chosen option values submitted comma-joined).
   */
  type: 'email' | 'password' | 'new-password' | 'text' | 'hidden' | 'tel' | 'url' | 'number' | 'date' | 'checkbox' | 'select' | 'multiselect';
  autocomplete?: string;
  /** HTML `inputmode`, e.g. `numeric` for a one-time code. */
  inputMode?: 'numeric' | 'email' | 'text';
  /** `min`/`max`: a number's bounds, a date's (YYYY-MM-DD), or how many options a multiselect takes. */
  constraints: { required: boolean; minLength?: number; maxLength?: number; pattern?: string; min?: number | string; max?: number | string };
  /** A server-given label (profile fields are declared by the deployment, with their labels per locale). */
  label?: string;
  /** A hint under the control. */
  help?: string;
  /** The choices of a `select` or `multiselect`. */
  options?: { value: string; label: string }[];
  value?: string;
  readOnly?: boolean;
  /** On a consent checkbox: the purpose's words, to show as its label and description. */
  consent?: FlowConsent;
  messages: FlowMessage[];
}

/**
 * A consent purpose a `checkbox` field asks about, in the flow's locale. A
 * ticked box is submitted as `"true"`; an unticked one is left out.
 */
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
  name: string;
  kind: 'primary' | 'secondary';
}

/**
 * A WebAuthn ceremony the step offers: choosing `action` runs it in the
 * browser with `options` (public; the challenge's answer is what counts) and
 * submits the JSON-serialised credential as the value of `field`.
 */
export interface FlowWebAuthn {
  kind: 'authenticate' | 'register';
  action: string;
  field: string;
  /** PublicKeyCredentialRequestOptionsJSON (`authenticate`) or …CreationOptionsJSON (`register`). */
  options: Record<string, unknown>;
}

export interface FlowStep {
  name: string;
  fields: FlowField[];
  actions: FlowAction[];
  webauthn?: FlowWebAuthn;
}

export interface Flow {
  id: string;
  type: FlowType;
  state: 'active' | 'complete';
  expiresAt: string;
  step: FlowStep | null;
  messages: FlowMessage[];
}

export interface FlowSubmission {
  step: string;
  action: string;
  values: Record<string, string>;
}

/** Who is submitting, as the BFF saw it; used for rate limits and audit. */
export interface RequestContext {
  ip: string;
  userAgent: string;
}
