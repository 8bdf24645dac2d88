import {
  createFlowClient,
  LatchApiError,
  type Flow,
  type FlowAction,
  type FlowField,
  type FlowMessage,
  type FlowStep,
  type FlowType,
  type LatchFlowClient,
  type Branding,
  type Session,
} from '@latch/client';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { keyed } from 'lit/directives/keyed.js';
import { BrandingController, brandingLogo } from '../branding/BrandingController.ts';
import { SignedInEvent } from '../events/signed-in.ts';
import { LocaleController, type LocaleInput } from '../locales/LocaleController.ts';
import { actionLabel, fieldLabel, headingText, localize, messageText, statusText, stepIntro } from '../locales/localize.ts';
import type { ElementStylesheet } from '../styles/injectStyles.ts';
import { LatchLightElement } from '../element/LatchLightElement.ts';
import { renderFlowField, type NewPasswordAddon } from './renderFlowField.ts';
import { authenticateWithPasskey, cancelPasskeyCeremony, supportsPasskeyAutofill, WebAuthnCeremonyError } from '../webauthn/runWebAuthn.ts';

/** Error codes after which the flow cannot go on and a fresh one is started. */
const RESTART_CODES = new Set(['flow_expired', 'flow_not_found']);

type Phase = 'loading' | 'active' | 'complete' | 'failed';
type FocusRequest = 'first' | 'invalid' | undefined;

let nextInstance = 0;

/**
 * The shared engine of every server-driven flow element. It creates a flow of
 * `flowType` when first connected, renders whatever step the server returns,
 * and submits the answers; subclasses only name the flow type and their
 * stylesheet. It knows field types and steps, never policy.
 *
 * Renders into the light DOM, inside a real `<form>`, so password managers,
 * autofill and `<label for>` lookups see the inputs.
 *
 * @event latch:signed-in - `SignedInEvent`: the flow completed; `detail.session` is the new session.
 *
 */
export abstract class LatchFlowElement extends LatchLightElement {
  static override properties = {
    client: { attribute: false },
    baseUrl: { attribute: 'base-url' },
    flowId: { attribute: 'flow-id' },
    organization: { attribute: 'organization' },
    branding: { attribute: false },
    locale: {},
    flow: { attribute: false },
    phase: { state: true },
    busy: { state: true },
    alerts: { state: true },
  };

  /**
   * The BFF client (a `LatchClient`, or anything with its flow methods); a
   * flow-only `createFlowClient({ baseUrl })` is made on first connect when unset.
   */
  declare client: LatchFlowClient | undefined;
  /** Where the BFF's `/auth` routes live (attribute `base-url`); used only when no `client` is given. */
  declare baseUrl: string | undefined;
  /**
   * A flow to resume instead of creating one (attribute `flow-id`), e.g. from
   * the `?flow=` an emailed link lands with. Read once, at the first start; a
   * flow that cannot be loaded (expired, finished, another browser's, another
   * type) is silently replaced by a new one.
   */
  declare flowId: string | undefined;
  /**
   * An organization slug (attribute `organization`): its branding is loaded
   * (`client.getBranding()`) and applied: `--latch-*` properties on this
   * element, its logo above the heading, its heading copy.
   */
  declare organization: string | undefined;
  /** The branding in effect: loaded for `organization`, or set directly (e.g. rendered on the server). */
  declare branding: Branding | undefined;
  /**
   * The language (attribute `locale`, a BCP 47 tag such as `de`; its table
   * loads on demand) or a `LatchLocale` table of the app's own. Unset: the
   * nearest `lang` attribute (the page's), then English. Keys missing from a
   * table fall back to English.
   */
  declare locale: LocaleInput;
  /** The flow as the server last returned it. Read-only for apps; set by the element. */
  declare flow: Flow | undefined;

  declare protected phase: Phase;
  declare protected busy: boolean;
  /** Client-side messages (network, expiry) shown with the flow's own in the alert region. */
  declare protected alerts: FlowMessage[];

  /** The flow this element runs, e.g. `sign-in`. */
  protected abstract get flowType(): FlowType;
  protected abstract override get stylesheet(): ElementStylesheet;

  /**
   * The English strings only this element shows (its flow's own steps), added
   * to the shared English fallback when it is created, so a page bundles the
   * strings of the elements it imports and no others.
   */
  protected get englishStrings(): Readonly<Record<string, string>> | undefined {
    return undefined;
  }
  /**
   * What goes under a `new-password` field (sign-up and recovery: a strength
   * meter); none by default, so elements that never ask for a new password
   * do not bundle one.
   */
  protected get newPasswordAddon(): NewPasswordAddon | undefined {
    return undefined;
  }
  /** Names the element's strings (`heading.<variant>`, `status.complete.<variant>`); the flow type unless a subclass says otherwise. */
  protected get variant(): string {
    return this.flowType;
  }

  /** Starts a new flow of `flowType`; a subclass may start it differently (a re-authentication). */
  protected createFlow(client: LatchFlowClient): Promise<Flow> {
    // The organization whose branding is shown is also the one a sign-in preselects at its organization step.
    return client.createFlow({ type: this.flowType, locale: this.language, ...(this.organization ? { organization: this.organization } : {}) });
  }

  private readonly uid = `latch-${++nextInstance}`;
  private startedWith: LatchFlowClient | undefined;
  private resumeTried = false;
  private focusRequest: FocusRequest;
  private clearPasswords = false;
  /** Values of the last submission, so a rejected answer does not wipe what the user typed. */
  private lastValues: Record<string, string> = {};
  /** The action of the last submission (`submit`, `skip`, …). */
  private lastAction: string | undefined;
  /** The challenge the pending passkey-autofill request answers, if one is pending. */
  private autofillChallenge: string | undefined;
  /**
   * Set when a passkey picked from autofill was refused: autofill is not
   * offered again in this flow (the button still is), so an authenticator
   * that answers without asking (automation, a misbehaving extension) cannot
   * loop on refusals.
   */
  private autofillRefused = false;

  constructor() {
    super();
    new BrandingController(this, () => this.resolveClient());
    this.locale = undefined;
    this.flow = undefined;
    this.phase = 'loading';
    this.busy = false;
    this.alerts = [];
  }

  protected readonly i18n = new LocaleController(this, ...(this.englishStrings ? [this.englishStrings] : []));

  override connectedCallback(): void {
    super.connectedCallback();
    this.ownerDocument.addEventListener('visibilitychange', this.onVisibilityChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopPasskeyAutofill();
    this.ownerDocument.removeEventListener('visibilitychange', this.onVisibilityChange);
  }

  /**
   * Steps that wait on something outside this tab (an emailed link opened in
   * another tab or browser) may move on meanwhile: when the tab is shown
   * again, reload the flow and show its new step if it has one.
   */
  private readonly onVisibilityChange = (): void => {
    const flow = this.flow;
    if (this.ownerDocument.visibilityState !== 'visible' || this.busy || this.phase !== 'active' || !flow?.step) return;
    if (!WAITS_ON_EMAIL.has(flow.step.name)) return;
    const client = this.resolveClient();
    client.getFlow({ id: flow.id }).then(
      (fresh) => {
        if (this.flow === flow && !this.busy && fresh.step?.name !== flow.step?.name) void this.show(fresh, 'first');
      },
      () => undefined, // a failed refresh changes nothing; the next submission will tell
    );
  };

  /**
   * Starts the flow from the first update rather than `connectedCallback`, so
   * properties set right after insertion (React sets them in a layout effect)
   * are already in place; a later change of `client` starts over with it.
   * `willUpdate`, because state set there joins the current render.
   */
  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (this.isConnected && (this.startedWith === undefined || this.startedWith !== this.client)) {
      void this.start();
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.clearPasswords) {
      this.clearPasswords = false;
      // Imperative on purpose: a `live()` binding would also wipe the field on
      // every re-render while the user types (the strength meter re-renders).
      for (const input of this.querySelectorAll<HTMLInputElement>('input[type="password"]:not([autocomplete="new-password"])')) input.value = '';
    }
    const request = this.focusRequest;
    this.focusRequest = undefined;
    if (request) this.moveFocus(request);
    this.syncPasskeyAutofill();
  }

  /**
   * Conditional UI: while a step offers a passkey sign-in and has a field
   * whose autocomplete token includes `webauthn`, a pending
   * `navigator.credentials.get({ mediation: 'conditional' })` lets the browser
   * list passkeys in that field's autofill; picking one submits the step's
   * passkey action. One pending request per challenge; it is abandoned when
   * the step goes away.
   */
  private syncPasskeyAutofill(): void {
    const webauthn = this.phase === 'active' && !this.busy && !this.autofillRefused ? this.flow?.step?.webauthn : undefined;
    const challenge = webauthn?.kind === 'authenticate' && this.querySelector('input[autocomplete~="webauthn"]') ? String(webauthn.options.challenge ?? '') : undefined;
    if (challenge === this.autofillChallenge) return;
    if (this.autofillChallenge && !this.busy) this.stopPasskeyAutofill();
    if (!challenge || !webauthn) return;
    this.autofillChallenge = challenge;
    void supportsPasskeyAutofill().then(async (supported) => {
      if (!supported || this.autofillChallenge !== challenge) return;
      let response: string;
      try {
        response = await authenticateWithPasskey(webauthn.options, { autofill: true });
      } catch {
        return; // dismissed or replaced (the button's ceremony aborts this one): nothing to say
      }
      const form = this.querySelector<HTMLFormElement>('form.latch-form');
      if (this.autofillChallenge === challenge && form) void this.submit(webauthn.action, form, { [webauthn.field]: response });
    });
  }

  private stopPasskeyAutofill(): void {
    if (this.autofillChallenge === undefined) return;
    this.autofillChallenge = undefined;
    cancelPasskeyCeremony();
  }

  /** Abandons the current flow and creates a new one; `keepAlerts` keeps e.g. the expiry notice. */
  async restart(options: { keepAlerts?: boolean } = {}): Promise<void> {
    await this.start(options);
  }

  protected resolveClient(): LatchFlowClient {
    this.client ??= createFlowClient(this.baseUrl ? { baseUrl: this.baseUrl } : {});
    return this.client;
  }

  private async start(options: { keepAlerts?: boolean } = {}): Promise<void> {
    const client = this.resolveClient();
    this.startedWith = client;
    this.phase = 'loading';
    this.flow = undefined;
    this.lastValues = {};
    this.newPasswordAddon?.reset();
    this.autofillRefused = false;
    if (!options.keepAlerts) this.alerts = [];
    try {
      const flow = (await this.resumableFlow(client)) ?? (await this.createFlow(client));
      if (this.startedWith !== client) return;
      // Focus moves only in answer to the user: not on page load, where it would
      // jump past the page's own content (or between several elements).
      await this.show(flow, options.keepAlerts ? 'first' : undefined);
    } catch (error) {
      if (this.startedWith !== client) return;
      this.phase = 'failed';
      this.alerts = [...(options.keepAlerts ? this.alerts : []), this.errorMessage(error)];
    }
  }

  private async resumableFlow(client: LatchFlowClient): Promise<Flow | undefined> {
    if (this.resumeTried || !this.flowId) return undefined;
    this.resumeTried = true;
    try {
      const flow = await client.getFlow({ id: this.flowId });
      return flow.type === this.flowType && flow.state === 'active' ? flow : undefined;
    } catch {
      return undefined;
    }
  }

  private async show(flow: Flow, focus: FocusRequest): Promise<void> {
    // A new step renders new inputs. A refused answer keeps what was typed, and
    // its strength, except a current password: that is typed again, as everywhere.
    if (stepKey(flow) !== (this.flow && stepKey(this.flow))) this.newPasswordAddon?.reset();
    if (focus === 'invalid') this.clearPasswords = true;
    this.flow = flow;
    if (flow.state !== 'complete') {
      this.phase = 'active';
      this.focusRequest = focus;
      return;
    }
    this.phase = 'complete';
    await this.flowCompleted(this.lastAction);
  }

  /**
   * Runs once the flow completed; `action` is the last action submitted
   * (`undefined` for a flow that was complete when it arrived). Sign-in and
   * sign-up announce the new session; a profile prompt says something else.
   */
  protected async flowCompleted(_action: string | undefined): Promise<void> {
    let session: Session | undefined;
    try {
      session = await this.resolveClient().getSession();
    } catch {
      // The cookie is set either way; listeners can look the session up themselves.
    }
    this.dispatchEvent(new SignedInEvent(session ? { session } : {}));
  }

  private async submit(action: string, form: HTMLFormElement, ceremonyValues?: Record<string, string>): Promise<void> {
    const flow = this.flow;
    const step = flow?.step;
    if (!flow || !step || this.busy) return;
    this.lastAction = action;
    let values: Record<string, string> = {};
    for (const [name, value] of new FormData(form)) {
      // A multiselect (a group of checkboxes sharing a name) submits its option values comma-joined.
      if (typeof value === 'string') values[name] = Object.hasOwn(values, name) && value !== '' ? `${values[name]},${value}` : value;
    }
    const webauthn = step.webauthn;
    if (webauthn && action === webauthn.action) {
      // A passkey answers for the whole step: only the credential is sent.
      this.lastValues = values;
      if (ceremonyValues) {
        values = ceremonyValues;
        // Cleared again if the answer is accepted: the flow then moves on anyway.
        this.autofillRefused = true;
      } else {
        this.busy = true;
        this.alerts = [];
        try {
          const answer =
            webauthn.kind === 'register'
              ? JSON.stringify(await (await import('../webauthn/registerPasskey.ts')).registerPasskey(webauthn.options))
              : await authenticateWithPasskey(webauthn.options);
          values = { [webauthn.field]: answer };
        } catch (error) {
          this.busy = false;
          const code = error instanceof WebAuthnCeremonyError ? error.code : 'passkey_cancelled';
          this.alerts = [{ code, severity: 'error', text: localize(this.strings, `message.${code}`) ?? '' }];
          return;
        }
        this.busy = false;
      }
      this.autofillChallenge = undefined;
    } else {
      this.lastValues = values;
    }
    this.busy = true;
    this.alerts = [];
    const client = this.resolveClient();
    try {
      const next = await client.submitFlow({ id: flow.id, submission: { step: step.name, action, values } });
      this.busy = false;
      await this.show(next, 'first');
    } catch (error) {
      this.busy = false;
      if (error instanceof LatchApiError && error.flow) {
        await this.show(error.flow, 'invalid');
      } else if (error instanceof LatchApiError && RESTART_CODES.has(error.code)) {
        this.alerts = [this.errorMessage(error)];
        await this.start({ keepAlerts: true });
      } else {
        this.alerts = [this.errorMessage(error)];
        this.focusRequest = 'invalid';
      }
    }
  }

  /** Known codes get their own string; anything else the generic one, never raw server text. */
  private errorMessage(error: unknown): FlowMessage {
    const code = error instanceof LatchApiError ? error.code : 'generic';
    const text = localize(this.strings, 'message.generic') ?? '';
    // Say when to try again: seconds for a short wait, whole minutes (rounded up) otherwise.
    if (code === 'rate_limited' && error instanceof LatchApiError && error.retryAfter !== undefined) {
      const seconds = Math.max(1, error.retryAfter);
      return seconds <= 90
        ? { code: 'rate_limited_seconds', severity: 'error', text, params: { seconds } }
        : { code: 'rate_limited_minutes', severity: 'error', text, params: { minutes: Math.ceil(seconds / 60) } };
    }
    return { code: code === 'flow_not_found' ? 'flow_expired' : code, severity: 'error', text };
  }

  private readonly onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const submitter = event.submitter instanceof HTMLButtonElement ? event.submitter : null;
    const action = submitter?.value || this.flow?.step?.actions.find((a) => a.kind === 'primary')?.name;
    if (action) void this.submit(action, form);
  };

  private readonly onRetry = (): void => {
    void this.start();
  };

  private moveFocus(request: Exclude<FocusRequest, undefined>): void {
    const inputs = [...this.querySelectorAll<HTMLInputElement>('.latch-field__input')];
    const target =
      (request === 'invalid' ? inputs.find((input) => input.getAttribute('aria-invalid') === 'true') : undefined) ??
      inputs.find((input) => !input.readOnly && !input.disabled);
    target?.focus();
  }

  protected override render(): TemplateResult {
    const locale = this.strings;
    const flow = this.flow;
    const messages = [...(flow?.messages ?? []), ...this.alerts];
    const status =
      this.phase === 'loading'
        ? statusText(locale, 'loading')
        : this.phase === 'complete'
          ? (localize(locale, `status.complete.${this.variant}`) ?? statusText(locale, 'complete'))
          : '';
    return html`
      <div class="latch-flow" part="base" lang=${locale.lang} data-phase=${this.phase}>
        ${this.renderLogo()}
        <h2 class="latch-heading" part="heading" id=${`${this.uid}-heading`}>${this.brandedHeading() ?? localize(locale, `heading.${this.variant}`) ?? headingText(locale, this.flowType)}</h2>
        <!-- No whitespace inside: the stylesheet hides the region with :empty until it has messages. -->
        <div class="latch-alert" part="alert" id=${`${this.uid}-alert`} role="alert" aria-live="assertive" aria-atomic="true">${messages.map(
          (message) => html`<p class="latch-alert__message" part="alert-message" data-code=${message.code}>${messageText(locale, message)}</p>`,
        )}</div>
        <p class="latch-status" part="status" role="status" aria-live="polite">${status}</p>
        ${this.phase === 'active' && flow?.step ? keyed(stepKey(flow), this.renderStep(flow.step)) : nothing}
        ${this.phase === 'failed'
          ? html`<div class="latch-actions" part="actions">
              <button class="latch-button" part="button" data-kind="primary" type="button" @click=${this.onRetry}>${localize(locale, 'action.retry') ?? ''}</button>
            </div>`
          : nothing}
      </div>
    `;
  }

  /** The organization's logo; its alt text is the organization's name, which is what the logo says. */
  private renderLogo(): TemplateResult | typeof nothing {
    const src = brandingLogo(this.branding);
    if (!src) return nothing;
    return html`<img class="latch-logo" part="logo" src=${src} alt=${this.branding?.displayName ?? this.branding?.organization?.name ?? ''} />`;
  }

  /** A heading override from branding, for the sign-in and sign-up variants only. */
  private brandedHeading(): string | undefined {
    const copy = this.branding?.copy;
    const heading = this.variant === 'sign-in' ? copy?.signInHeading : this.variant === 'sign-up' ? copy?.signUpHeading : undefined;
    return heading || undefined;
  }

  private renderStep(step: FlowStep): TemplateResult {
    // Primary first: implicit submission (Enter) uses the first submit button in tree order.
    const actions = [...step.actions].sort((a, b) => Number(b.kind === 'primary') - Number(a.kind === 'primary'));
    const intro = stepIntro(this.strings, step.name, { email: step.fields.find((field) => field.name === 'email')?.value ?? '' });
    return html`
      <form
        class="latch-form" part="form"
        method="post"
        data-step=${step.name}
        aria-labelledby=${`${this.uid}-heading`}
        aria-describedby=${ifDefined(intro ? `${this.uid}-intro` : undefined)}
        aria-busy=${this.busy ? 'true' : 'false'}
        @submit=${this.onSubmit}
      >
        ${intro ? html`<p class="latch-intro" part="intro" id=${`${this.uid}-intro`}>${intro}</p>` : nothing}
        ${step.fields.map((field) => this.renderField(field, step.name))}
        <div class="latch-actions" part="actions">${actions.map((action) => this.renderAction(step, action))}</div>
        ${this.renderStepLinks(step)}
      </form>
    `;
  }

  /** Links under a step's buttons (e.g. "Forgot password?" on sign-in's password step); none by default. */
  protected renderStepLinks(_step: FlowStep): TemplateResult | typeof nothing {
    return nothing;
  }

  private renderField(field: FlowField, stepName: string): TemplateResult {
    const value = field.value ?? (field.type === 'password' || field.type === 'new-password' ? '' : (this.lastValues[field.name] ?? ''));
    if (field.type === 'hidden') return html`<input type="hidden" name=${field.name} .value=${value} />`;
    // A consent purpose carries its own words; other checkboxes (declared profile fields) render like any field.
    if (field.type === 'checkbox' && field.consent) return this.renderCheckbox(field);
    const id = `${this.uid}-${field.name}`;
    const addon = field.type === 'new-password' ? this.newPasswordAddon : undefined;
    return renderFlowField(field, {
      id,
      value,
      strings: this.strings,
      label: field.label ?? fieldLabel(this.strings, field, stepName),
      ...(addon ? { onInput: addon.onInput, after: addon.render(field, id) } : {}),
    });
  }

  /**
   * A consent checkbox: never pre-ticked (a refused answer keeps what was
   * ticked); its label is the purpose's title from the server (already in the
   * flow's locale), with "(required)"/"(optional)" from the string table, and
   * its text, what changed and the policy link describe it.
   */
  private renderCheckbox(field: FlowField): TemplateResult {
    const id = `${this.uid}-${field.name}`;
    const consent = field.consent;
    const locale = this.strings;
    const messageIds = field.messages.map((_, index) => `${id}-message-${index}`);
    const describedBy = [...(consent ? [`${id}-text`] : []), ...messageIds];
    const invalid = field.messages.some((message) => message.severity === 'error');
    const title = consent?.title ?? fieldLabel(locale, field);
    const marker = localize(locale, field.constraints.required ? 'consent.required' : 'consent.optional') ?? '';
    return html`
      <div class="latch-field latch-field--checkbox" part="field" data-field=${field.name}>
        <div class="latch-checkbox">
          <input
            class="latch-field__input latch-checkbox__input" part="input"
            id=${id}
            name=${field.name}
            type="checkbox"
            value="true"
            ?required=${field.constraints.required}
            .checked=${this.lastValues[field.name] === 'true'}
            aria-invalid=${ifDefined(invalid ? 'true' : undefined)}
            aria-describedby=${ifDefined(describedBy.length > 0 ? describedBy.join(' ') : undefined)}
          />
          <label class="latch-field__label latch-checkbox__label" part="label" for=${id}>${title} <span class="latch-checkbox__marker">${marker}</span></label>
        </div>
        ${consent
          ? html`<p class="latch-checkbox__text" id=${`${id}-text`}>
              ${consent.previousVersion !== undefined
                ? html`<span class="latch-checkbox__changed">${localize(locale, 'consent.changed', { from: consent.previousVersion, to: consent.version }) ?? ''}</span> `
                : nothing}${consent.text}
            </p>`
          : nothing}
        ${consent?.policyUrl
          ? html`<a class="latch-checkbox__policy" part="link" href=${consent.policyUrl} target="_blank" rel="noopener noreferrer">${localize(locale, 'consent.policy-link', { title }) ?? ''}</a>`
          : nothing}
        ${field.messages.map(
          (message, index) =>
            html`<p class="latch-field__message" part="message" id=${messageIds[index] ?? ''} data-severity=${message.severity} data-code=${message.code}>${messageText(locale, message)}</p>`,
        )}
      </div>
    `;
  }

  private renderAction(step: FlowStep, action: FlowAction): TemplateResult {
    // Secondary actions (e.g. `back`) still send the values but skip constraint validation.
    return html`<button
      class="latch-button" part="button"
      data-kind=${action.kind}
      type="submit"
      value=${action.name}
      ?formnovalidate=${action.kind !== 'primary'}
      ?disabled=${this.busy}
    >${localize(this.strings, `action.${this.variant}.${step.name}.${action.name}`) ?? actionLabel(this.strings, step.name, action)}</button>`;
  }
}

/** Steps a link opened elsewhere can move on. */
const WAITS_ON_EMAIL = new Set(['verify-email', 'recovery-email-code']);

/** Identifies a step of a flow: inputs are rendered anew (and strengths forgotten) when it changes. */
function stepKey(flow: Flow): string {
  return `${flow.id}/${flow.step?.name ?? ''}`;
}
