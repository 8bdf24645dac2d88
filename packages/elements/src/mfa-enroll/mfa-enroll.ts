import { isReauthenticationError, LatchApiError, type LatchClient, type MfaStatus, type Passkey, type TotpEnrollment } from '@latch/client';
import { html, nothing, type TemplateResult } from 'lit';
import { errorCode, LatchAccountElement } from '../account/LatchAccountElement.ts';
import { MfaChangedEvent } from '../events/mfa-changed.ts';
import { enMfa } from '../locales/enMfa.ts';
import { LatchReauthenticate } from '../reauthenticate/reauthenticate.ts';
import type { SignedInEvent } from '../events/signed-in.ts';
import { WebAuthnCeremonyError } from '../webauthn/runWebAuthn.ts';
import { mfaEnrollStyles } from './mfa-enroll.styles.ts';

type Phase = 'loading' | 'ready' | 'enrolling' | 'codes' | 'failed';

let nextInstance = 0;

/**
 * @summary The signed-in user's second factors: set up or remove an authenticator app (TOTP), see or regenerate recovery codes, and add or remove passkeys.
 *
 * @tag latch-mfa-enroll
 *
 * @attr base-url - Where the BFF's `/auth` routes live, when no `client` property is given.
 * @prop client - The `LatchClient` to use; one is created on first connect when unset.
 * @attr locale - The language, a BCP 47 tag such as `de` (tables: en, de, fr, ja, ar; others fall back to English); unset: the nearest `lang` (the page's). The `locale` property also takes a `LatchLocale` table.
 *
 * @event latch:mfa-changed - `MfaChangedEvent`: a factor or passkey was added or removed, or recovery codes were regenerated; `detail.status` is the new state.
 *
 * When an action is answered `reauthentication_required` or `mfa_required`
 * (the BFF's step-up guard on removing the app and regenerating codes), a
 * `<latch-reauthenticate>` form ("Confirm it's you") is shown in place of the
 * status; once confirmed, the action is retried. Its `latch:signed-in` event
 * is stopped here, so page-level sign-in handlers do not fire.
 *
 * @csspart actions - The row of buttons.
 * @csspart alert - The live region for flow-level errors.
 * @csspart alert-message - One message inside the alert.
 * @csspart base - The element's outermost rendered wrapper.
 * @csspart button - Any button; `data-kind="primary"` or `"secondary"` tells them apart.
 * @csspart field - One field: label, input, help and messages.
 * @csspart form - The real `<form>` the inputs sit in.
 * @csspart heading - The heading of the current step or view (focused on step changes).
 * @csspart input - An `<input>` or `<select>`; the light DOM input password managers see.
 * @csspart intro - Explanatory text under the heading.
 * @csspart item - One entry of a list.
 * @csspart label - A field's `<label>` (or `<legend>` for a group).
 * @csspart list - A list of items (organizations, sessions, passkeys, purposes, members).
 * @csspart qr-code - The TOTP QR code.
 * @csspart recovery-codes - The list of recovery codes.
 * @csspart secret - The TOTP secret shown for manual entry.
 * @csspart status - The polite live region announcing progress.
 * @csspart subheading - A heading inside the element, below the main one.
 *
 * @cssproperty --latch-border-card - Token `border.card`.
 * @cssproperty --latch-border-input - Token `border.input`.
 * @cssproperty --latch-button-font-weight - Token `button.font-weight`.
 * @cssproperty --latch-button-min-height - Token `button.min-height`.
 * @cssproperty --latch-button-radius - Token `button.radius`.
 * @cssproperty --latch-button-transition - Token `button.transition`.
 * @cssproperty --latch-card-padding - Token `card.padding`.
 * @cssproperty --latch-card-radius - Token `card.radius`.
 * @cssproperty --latch-card-shadow - Token `card.shadow`.
 * @cssproperty --latch-color-action-primary - Token `color.action.primary`.
 * @cssproperty --latch-color-action-primary-hover - Token `color.action.primary-hover`.
 * @cssproperty --latch-color-action-secondary - Links and secondary buttons, drawn as text on the surface.
 * @cssproperty --latch-color-border-danger - Token `color.border.danger`.
 * @cssproperty --latch-color-feedback-danger-surface - Token `color.feedback.danger-surface`.
 * @cssproperty --latch-color-surface-default - Background of a component card.
 * @cssproperty --latch-color-surface-muted - Read-only inputs, the page behind the card.
 * @cssproperty --latch-color-text-danger - Token `color.text.danger`.
 * @cssproperty --latch-color-text-default - Token `color.text.default`.
 * @cssproperty --latch-color-text-muted - Help text and hints; AA (4.5:1) on both surfaces.
 * @cssproperty --latch-color-text-on-action - Text on a primary button; AA on action.primary and action.primary-hover.
 * @cssproperty --latch-focus-ring-color - Token `focus.ring.color`.
 * @cssproperty --latch-focus-ring-offset - Token `focus.ring.offset`.
 * @cssproperty --latch-focus-ring-width - Token `focus.ring.width`.
 * @cssproperty --latch-input-min-height - Token `input.min-height`.
 * @cssproperty --latch-input-radius - Token `input.radius`.
 * @cssproperty --latch-motion-easing-standard - Token `motion.easing.standard`.
 * @cssproperty --latch-radius-sm - Token `radius.sm`.
 * @cssproperty --latch-spacing-1 - Token `spacing.1`.
 * @cssproperty --latch-spacing-2 - Token `spacing.2`.
 * @cssproperty --latch-spacing-3 - Token `spacing.3`.
 * @cssproperty --latch-spacing-4 - Token `spacing.4`.
 * @cssproperty --latch-spacing-6 - Token `spacing.6`.
 * @cssproperty --latch-typography-font-family-base - Token `typography.font-family.base`.
 * @cssproperty --latch-typography-font-size-lg - Token `typography.font-size.lg`.
 * @cssproperty --latch-typography-font-size-md - Token `typography.font-size.md`.
 * @cssproperty --latch-typography-font-size-sm - Token `typography.font-size.sm`.
 * @cssproperty --latch-typography-font-weight-bold - Token `typography.font-weight.bold`.
 * @cssproperty --latch-typography-font-weight-medium - Token `typography.font-weight.medium`.
 * @cssproperty --latch-typography-line-height-base - Token `typography.line-height.base`.
 * @cssproperty --latch-typography-line-height-tight - Token `typography.line-height.tight`.
 */
export class LatchMfaEnroll extends LatchAccountElement {
  static override properties = {
    ...LatchAccountElement.properties,
    status: { attribute: false },
    passkeys: { attribute: false },
    phase: { state: true },
    busy: { state: true },
    enrollment: { state: true },
    codes: { state: true },
    alert: { state: true },
    notice: { state: true },
    codeInvalid: { state: true },
    reauthenticating: { state: true },
  };

  /** The second factors as last loaded. Read-only for apps. */
  declare status: MfaStatus | undefined;
  /** The user's passkeys as last loaded. Read-only for apps. */
  declare passkeys: Passkey[];

  declare protected phase: Phase;
  declare protected busy: boolean;
  declare protected enrollment: TotpEnrollment | undefined;
  /** Recovery codes being shown (once). */
  declare protected codes: string[];
  /** The error code shown in the alert region. */
  declare protected alert: string | undefined;
  /** A polite status text key (`mfa.status.*`). */
  declare protected notice: string | undefined;
  declare protected codeInvalid: boolean;
  /** A guarded action was answered `reauthentication_required`/`mfa_required`: `<latch-reauthenticate>` is shown inline. */
  declare protected reauthenticating: boolean;

  private readonly uid = `latch-mfa-${++nextInstance}`;
  /** The action to retry once the user has confirmed who they are. */
  private pendingTask: ((client: LatchClient) => Promise<void>) | undefined;

  constructor() {
    super({ stylesheet: mfaEnrollStyles, english: enMfa });
    this.status = undefined;
    this.passkeys = [];
    this.phase = 'loading';
    this.busy = false;
    this.enrollment = undefined;
    this.codes = [];
    this.alert = undefined;
    this.notice = undefined;
    this.codeInvalid = false;
    this.reauthenticating = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The inline re-authentication form; registered here too so defining this element alone is enough.
    const registry = this.ownerDocument.defaultView?.customElements;
    if (registry && !registry.get('latch-reauthenticate')) registry.define('latch-reauthenticate', LatchReauthenticate);
  }

  protected override async load(): Promise<void> {
    const client = this.resolveClient();
    this.loadedWith = client;
    this.phase = 'loading';
    try {
      const [status, passkeys] = await Promise.all([client.getMfa(), client.listPasskeys()]);
      if (this.loadedWith !== client) return;
      this.status = status;
      this.passkeys = passkeys.passkeys;
      this.phase = 'ready';
    } catch (error) {
      if (this.loadedWith !== client) return;
      this.phase = 'failed';
      this.alert = errorCode(error);
    }
  }

  /** Runs one request with the buttons disabled; errors land in the alert region. */
  private async run(task: (client: LatchClient) => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.alert = undefined;
    this.notice = undefined;
    try {
      await task(this.resolveClient());
    } catch (error) {
      if (isReauthenticationError(error)) {
        // Step-up: confirm who they are inline, then retry the same action.
        this.pendingTask = task;
        this.reauthenticating = true;
        if (error.code === 'mfa_required') this.alert = error.code;
        this.focusTarget = 'latch-reauthenticate input:not([readonly])';
      } else {
        this.alert = errorCode(error);
      }
    } finally {
      this.busy = false;
    }
  }

  private readonly onReauthenticated = (event: SignedInEvent): void => {
    // The page's own sign-in handlers are not for this: the same user just confirmed.
    event.stopPropagation();
    const task = this.pendingTask;
    this.pendingTask = undefined;
    this.reauthenticating = false;
    this.alert = undefined;
    if (task) void this.run(task);
  };

  private readonly onCancelReauthentication = (): void => {
    this.pendingTask = undefined;
    this.reauthenticating = false;
    this.alert = undefined;
    this.focusTarget = '.latch-mfa__state';
  };

  private async changed(): Promise<void> {
    const status = await this.resolveClient().getMfa();
    this.status = status;
    this.dispatchEvent(new MfaChangedEvent({ status }));
  }

  private readonly onSetUp = (): void => {
    void this.run(async (client) => {
      this.enrollment = await client.startTotpEnrollment();
      this.codeInvalid = false;
      this.phase = 'enrolling';
      this.focusTarget = '.latch-field__input';
    });
  };

  private readonly onVerify = (event: SubmitEvent): void => {
    event.preventDefault();
    const enrollment = this.enrollment;
    const code = new FormData(event.currentTarget as HTMLFormElement).get('code');
    if (!enrollment || typeof code !== 'string') return;
    void this.run(async (client) => {
      try {
        const { recoveryCodes } = await client.confirmTotpEnrollment({ enrollmentId: enrollment.enrollmentId, code });
        this.enrollment = undefined;
        this.codes = recoveryCodes;
        this.phase = 'codes';
        this.notice = 'mfa.status.enrolled';
        this.focusTarget = '.latch-mfa__codes-heading';
        await this.changed();
      } catch (error) {
        if (error instanceof LatchApiError && error.code === 'enrollment_not_found') {
          this.enrollment = undefined;
          this.phase = 'ready';
        } else {
          this.codeInvalid = error instanceof LatchApiError && error.code === 'invalid_code';
          this.focusTarget = '.latch-field__input';
        }
        throw error;
      }
    });
  };

  private readonly onCancel = (): void => {
    this.enrollment = undefined;
    this.alert = undefined;
    this.phase = 'ready';
  };

  private readonly onRemove = (): void => {
    void this.run(async (client) => {
      await client.removeTotp();
      this.notice = 'mfa.status.removed';
      await this.changed();
    });
  };

  private readonly onRegenerate = (): void => {
    void this.run(async (client) => {
      const { recoveryCodes } = await client.regenerateRecoveryCodes();
      this.codes = recoveryCodes;
      this.phase = 'codes';
      this.focusTarget = '.latch-mfa__codes-heading';
      await this.changed();
    });
  };

  private readonly onAddPasskey = (): void => {
    void this.run(async (client) => {
      const options = await client.passkeyRegistrationOptions();
      let response: unknown;
      try {
        response = await (await import('../webauthn/registerPasskey.ts')).registerPasskey(options);
      } catch (error) {
        this.alert = error instanceof WebAuthnCeremonyError ? error.code : 'passkey_cancelled';
        return;
      }
      await client.addPasskey({ response });
      this.passkeys = (await client.listPasskeys()).passkeys;
      this.notice = 'mfa.status.passkey-added';
      await this.changed();
    });
  };

  private readonly onRemovePasskey = (event: Event): void => {
    const id = (event.currentTarget as HTMLButtonElement).value;
    void this.run(async (client) => {
      await client.removePasskey({ id });
      this.passkeys = (await client.listPasskeys()).passkeys;
      this.notice = 'mfa.status.passkey-removed';
      this.focusTarget = '.latch-mfa__passkeys-heading';
      await this.changed();
    });
  };

  private readonly onDone = (): void => {
    // The codes are not kept anywhere once dismissed.
    this.codes = [];
    this.phase = 'ready';
    this.focusTarget = '.latch-mfa__state';
  };

  private readonly onRetry = (): void => {
    this.alert = undefined;
    void this.load();
  };

  protected override render(): TemplateResult {
    const locale = this.strings;
    return html`
      <div class="latch-flow latch-mfa" part="base" lang=${locale.lang} data-phase=${this.phase} aria-busy=${this.busy ? 'true' : 'false'}>
        <h2 class="latch-heading" part="heading">${this.t('mfa.heading')}</h2>
        <!-- No whitespace inside: the stylesheet hides the region with :empty until it has a message. -->
        <div class="latch-alert" part="alert" role="alert" aria-live="assertive" aria-atomic="true">${this.alert
          ? html`<p class="latch-alert__message" part="alert-message" data-code=${this.alert}>${this.errorText('mfa', this.alert)}</p>`
          : nothing}</div>
        <p class="latch-status" part="status" role="status" aria-live="polite">${this.phase === 'loading' ? this.t('status.loading') : this.notice ? this.t(this.notice) : ''}</p>
        ${this.renderPhase()}
      </div>
    `;
  }

  private renderPhase(): TemplateResult | typeof nothing {
    if (this.reauthenticating) {
      return html`<latch-reauthenticate .client=${this.resolveClient()} .locale=${this.locale ?? this.language} @latch:signed-in=${this.onReauthenticated}></latch-reauthenticate>
        <div class="latch-actions" part="actions">
          <button class="latch-button" part="button" data-kind="secondary" type="button" @click=${this.onCancelReauthentication}>${this.t('mfa.action.cancel')}</button>
        </div>`;
    }
    switch (this.phase) {
      case 'ready':
        return this.renderStatus();
      case 'enrolling':
        return this.renderEnrollment();
      case 'codes':
        return this.renderCodes();
      case 'failed':
        return html`<div class="latch-actions" part="actions">
          <button class="latch-button" part="button" data-kind="primary" type="button" @click=${this.onRetry}>${this.t('action.retry')}</button>
        </div>`;
      default:
        return nothing;
    }
  }

  private renderStatus(): TemplateResult {
    const enrolled = (this.status?.factors.length ?? 0) > 0;
    return html`
      <p class="latch-mfa__state" tabindex="-1">${this.t('mfa.totp.status', { state: this.t(enrolled ? 'mfa.totp.enrolled' : 'mfa.totp.not-enrolled') })}</p>
      ${enrolled ? html`<p class="latch-mfa__state">${this.t('mfa.recovery.remaining', { count: this.status?.recoveryCodes.remaining ?? 0 })}</p>` : nothing}
      <div class="latch-actions" part="actions">
        ${enrolled
          ? html`<button class="latch-button" part="button" data-kind="primary" type="button" ?disabled=${this.busy} @click=${this.onRegenerate}>${this.t('mfa.action.regenerate')}</button>
              <button class="latch-button" part="button" data-kind="secondary" type="button" ?disabled=${this.busy} @click=${this.onRemove}>${this.t('mfa.action.remove')}</button>`
          : html`<button class="latch-button" part="button" data-kind="primary" type="button" ?disabled=${this.busy} @click=${this.onSetUp}>${this.t('mfa.action.setup')}</button>`}
      </div>
      ${this.renderPasskeys()}
    `;
  }

  private renderPasskeys(): TemplateResult {
    const lang = this.strings.lang;
    return html`
      <h3 class="latch-mfa__passkeys-heading" part="subheading" tabindex="-1">${this.t('mfa.passkeys.heading')}</h3>
      ${this.passkeys.length === 0
        ? html`<p class="latch-mfa__state">${this.t('mfa.passkeys.none')}</p>`
        : html`<ul class="latch-mfa__passkeys" part="list">
            ${this.passkeys.map(
              (passkey) => html`<li class="latch-mfa__passkey" part="item" data-passkey=${passkey.id}>
                <span>${this.t('mfa.passkeys.item', { name: passkey.name, date: new Intl.DateTimeFormat(lang, { dateStyle: 'medium' }).format(new Date(passkey.createdAt)) })}</span>
                <button
                  class="latch-button" part="button"
                  data-kind="secondary"
                  type="button"
                  value=${passkey.id}
                  aria-label=${this.t('mfa.action.remove-passkey.label', { name: passkey.name })}
                  ?disabled=${this.busy}
                  @click=${this.onRemovePasskey}
                >${this.t('mfa.action.remove-passkey')}</button>
              </li>`,
            )}
          </ul>`}
      <div class="latch-actions" part="actions">
        <button class="latch-button" part="button" data-kind="secondary" type="button" ?disabled=${this.busy} @click=${this.onAddPasskey}>${this.t('mfa.action.add-passkey')}</button>
      </div>
    `;
  }

  private renderEnrollment(): TemplateResult {
    const enrollment = this.enrollment;
    const id = `${this.uid}-code`;
    // An <img> of a data: URL: the SVG cannot run script or reach the network there, whatever it holds.
    const qrSrc = enrollment ? `data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrollment.qrSvg)}` : '';
    return html`
      <p class="latch-mfa__intro" part="intro" id=${`${this.uid}-intro`}>${this.t('mfa.setup.intro')}</p>
      <img class="latch-mfa__qr" part="qr-code" src=${qrSrc} alt=${this.t('mfa.setup.qr')} width="192" height="192" />
      <p class="latch-mfa__intro" part="intro">
        ${this.t('mfa.setup.key')} <code class="latch-mfa__secret" part="secret">${groupKey(enrollment?.secret ?? '')}</code>
      </p>
      <form class="latch-form" part="form" method="post" aria-describedby=${`${this.uid}-intro`} @submit=${this.onVerify}>
        <div class="latch-field" part="field" data-field="code">
          <label class="latch-field__label" part="label" for=${id}>${this.t('mfa.field.code')}</label>
          <input
            class="latch-field__input" part="input"
            id=${id}
            name="code"
            type="text"
            autocomplete="one-time-code"
            inputmode="numeric"
            required
            maxlength="16"
            aria-invalid=${this.codeInvalid ? 'true' : 'false'}
          />
        </div>
        <div class="latch-actions" part="actions">
          <button class="latch-button" part="button" data-kind="primary" type="submit" ?disabled=${this.busy}>${this.t('mfa.action.verify')}</button>
          <button class="latch-button" part="button" data-kind="secondary" type="button" ?disabled=${this.busy} @click=${this.onCancel}>${this.t('mfa.action.cancel')}</button>
        </div>
      </form>
    `;
  }

  private renderCodes(): TemplateResult {
    return html`
      <h3 class="latch-mfa__codes-heading" part="subheading" tabindex="-1">${this.t('mfa.codes.heading')}</h3>
      <p class="latch-mfa__intro" part="intro">${this.t('mfa.codes.intro')}</p>
      <ul class="latch-mfa__codes" part="recovery-codes">${this.codes.map((code) => html`<li><code>${code}</code></li>`)}</ul>
      <div class="latch-actions" part="actions">
        <button class="latch-button" part="button" data-kind="primary" type="button" @click=${this.onDone}>${this.t('mfa.action.done')}</button>
      </div>
    `;
  }

}

/** `ABCD EFGH …`: easier to copy by hand; apps ignore the spaces. */
function groupKey(secret: string): string {
  return secret.replace(/(.{4})(?=.)/gu, '$1 ');
}

declare global {
  interface HTMLElementTagNameMap {
    'latch-mfa-enroll': LatchMfaEnroll;
  }
}
