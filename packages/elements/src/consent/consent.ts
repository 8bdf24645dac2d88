import type { UserConsent } from '@latch/client';
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { errorCode, LatchAccountElement } from '../account/LatchAccountElement.ts';
import { ConsentChangedEvent } from '../events/consent-changed.ts';
import { enConsent } from '../locales/enConsent.ts';
import { consentStyles } from './consent.styles.ts';

type Phase = 'loading' | 'ready' | 'failed';

/** Error codes with their own string (`consent.message.<code>`); anything else reads as generic. */
const KNOWN_ERRORS = new Set(['required_purpose_withdrawal', 'unknown_purpose', 'unauthenticated']);

let nextInstance = 0;

/**
 * @summary The signed-in user's consents: every purpose with its title, text, version and current decision, as switches that grant or withdraw it.
 *
 * @tag latch-consent
 *
 * @attr base-url - Where the BFF's `/auth` routes live, when no `client` property is given.
 * @prop client - The `LatchClient` to use; one is created on first connect when unset.
 * @attr locale - The language, a BCP 47 tag such as `de` (tables: en, de, fr, ja, ar; others fall back to English); unset: the nearest `lang` (the page's). The `locale` property also takes a `LatchLocale` table. The language is also the one the purposes' text is asked for.
 * @prop purposes - The purposes as last loaded or saved (read-only for apps).
 *
 * @event latch:consent-changed - `ConsentChangedEvent`: a grant or withdrawal was stored; `detail.purposeId`, `detail.decision`, `detail.purposes`.
 *
 * Each purpose is a native checkbox with `role="switch"` and a visible label
 * (its title, "(required)" or "(optional)"), described by its text and
 * version. A granted required purpose cannot be withdrawn here (the server
 * refuses it too), so its switch is disabled with a note saying why. Light
 * DOM, styled under `latch-consent` with the classes `.latch-consent__list`,
 * `.latch-consent__purpose`, `.latch-consent__meta`, `.latch-checkbox*`.
 *
 * @csspart actions - The row of buttons.
 * @csspart alert - The live region for flow-level errors.
 * @csspart alert-message - One message inside the alert.
 * @csspart base - The element's outermost rendered wrapper.
 * @csspart button - Any button; `data-kind="primary"` or `"secondary"` tells them apart.
 * @csspart heading - The heading of the current step or view (focused on step changes).
 * @csspart input - An `<input>` or `<select>`; the light DOM input password managers see.
 * @csspart intro - Explanatory text under the heading.
 * @csspart item - One entry of a list.
 * @csspart label - A field's `<label>` (or `<legend>` for a group).
 * @csspart link - A link.
 * @csspart list - A list of items (organizations, sessions, passkeys, purposes, members).
 * @csspart status - The polite live region announcing progress.
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
export class LatchConsent extends LatchAccountElement {
  static override properties = {
    ...LatchAccountElement.properties,
    purposes: { attribute: false },
    phase: { state: true },
    busy: { state: true },
    alert: { state: true },
    notice: { state: true },
  };

  declare purposes: UserConsent[];

  declare protected phase: Phase;
  /** The id of the purpose being saved. */
  declare protected busy: string | undefined;
  /** The error code shown in the alert region. */
  declare protected alert: string | undefined;
  /** The polite status text after a change. */
  declare protected notice: string;

  private readonly uid = `latch-consent-${++nextInstance}`;

  constructor() {
    super({ stylesheet: consentStyles, english: enConsent });
    this.purposes = [];
    this.phase = 'loading';
    this.busy = undefined;
    this.alert = undefined;
    this.notice = '';
  }

  /** Loads the purposes again (e.g. after the app changed them some other way). */
  async reload(): Promise<void> {
    await this.load();
  }

  protected override async load(): Promise<void> {
    const client = this.resolveClient();
    this.loadedWith = client;
    this.phase = 'loading';
    this.alert = undefined;
    try {
      const { purposes } = await client.getConsents({ locale: this.language });
      if (this.loadedWith !== client) return;
      this.purposes = purposes;
      this.phase = 'ready';
    } catch (error) {
      if (this.loadedWith !== client) return;
      this.phase = 'failed';
      this.alert = errorCode(error);
    }
  }

  private readonly onToggle = (event: Event): void => {
    const input = event.currentTarget as HTMLInputElement;
    const purpose = this.purposes.find((candidate) => candidate.id === input.dataset.purpose);
    if (!purpose || this.busy) return;
    const decision = input.checked ? 'granted' : 'withdrawn';
    this.busy = purpose.id;
    this.alert = undefined;
    this.notice = '';
    void (async () => {
      try {
        const { purposes } = await this.resolveClient().updateConsents({ decisions: { [purpose.id]: decision }, locale: this.language });
        this.purposes = purposes;
        this.notice = this.t(`consent.status.${decision}`, { title: purpose.title });
        this.dispatchEvent(new ConsentChangedEvent({ purposeId: purpose.id, decision, purposes }));
      } catch (error) {
        // The switch shows what is stored, not what was attempted.
        input.checked = isOn(purpose);
        this.alert = errorCode(error);
      } finally {
        // Back on the switch once it is enabled again.
        this.focusTarget = `#${this.uid}-${purpose.id}`;
        this.busy = undefined;
      }
    })();
  };

  private readonly onRetry = (): void => {
    void this.load();
  };

  protected override render(): TemplateResult {
    const alertText = this.alert ? this.t(KNOWN_ERRORS.has(this.alert) ? `consent.message.${this.alert}` : 'consent.message.generic') : '';
    return html`
      <section class="latch-consent" part="base" lang=${this.strings.lang} aria-labelledby=${`${this.uid}-heading`} aria-busy=${this.busy || this.phase === 'loading' ? 'true' : 'false'}>
        <h2 class="latch-heading" part="heading" id=${`${this.uid}-heading`}>${this.t('consent.heading')}</h2>
        <!-- No whitespace inside: the stylesheet hides the region with :empty until it has a message. -->
        <div class="latch-alert" part="alert" role="alert" aria-live="assertive" aria-atomic="true">${alertText ? html`<p class="latch-alert__message" part="alert-message" data-code=${this.alert ?? ''}>${alertText}</p>` : nothing}</div>
        <p class="latch-status" part="status" role="status" aria-live="polite">${this.phase === 'loading' ? this.t('status.loading') : this.notice}</p>
        ${this.phase === 'ready' ? this.renderList() : nothing}
        ${this.phase === 'failed'
          ? html`<div class="latch-actions" part="actions"><button class="latch-button" part="button" data-kind="primary" type="button" @click=${this.onRetry}>${this.t('action.retry')}</button></div>`
          : nothing}
      </section>
    `;
  }

  private renderList(): TemplateResult {
    if (this.purposes.length === 0) return html`<p class="latch-consent__intro" part="intro">${this.t('consent.none')}</p>`;
    return html`
      <p class="latch-consent__intro" part="intro">${this.t('consent.intro')}</p>
      <ul class="latch-consent__list" part="list">
        ${this.purposes.map((purpose) => this.renderPurpose(purpose))}
      </ul>
    `;
  }

  private renderPurpose(purpose: UserConsent): TemplateResult {
    const id = `${this.uid}-${purpose.id}`;
    const on = isOn(purpose);
    // A granted required purpose is withdrawn only by deleting the account.
    const locked = purpose.required && purpose.granted;
    const state =
      purpose.granted
        ? this.t('consent.state.granted')
        : purpose.decision === 'granted' && purpose.decidedVersion !== null
          ? this.t('consent.state.outdated', { version: purpose.decidedVersion, current: purpose.version })
          : this.t('consent.state.not-granted');
    const describedBy = [`${id}-text`, `${id}-meta`, ...(locked ? [`${id}-note`] : [])].join(' ');
    return html`
      <li class="latch-consent__purpose" part="item" data-purpose=${purpose.id}>
        <div class="latch-checkbox">
          <input
            class="latch-field__input latch-checkbox__input latch-consent__switch" part="input"
            id=${id}
            type="checkbox"
            role="switch"
            data-purpose=${purpose.id}
            .checked=${on}
            aria-checked=${on ? 'true' : 'false'}
            aria-describedby=${describedBy}
            ?disabled=${locked || this.busy !== undefined}
            @change=${this.onToggle}
          />
          <label class="latch-field__label latch-checkbox__label" part="label" for=${id}>${purpose.title} <span class="latch-checkbox__marker">${this.t(purpose.required ? 'consent.required' : 'consent.optional')}</span></label>
        </div>
        <p class="latch-checkbox__text" id=${`${id}-text`}>${purpose.text}</p>
        <p class="latch-consent__meta" id=${`${id}-meta`}>${this.t('consent.version', { version: purpose.version })} · ${state}</p>
        ${locked ? html`<p class="latch-consent__meta" id=${`${id}-note`}>${this.t('consent.required-note')}</p>` : nothing}
        ${purpose.policyUrl
          ? html`<a class="latch-checkbox__policy" part="link" href=${ifDefined(purpose.policyUrl)} target="_blank" rel="noopener noreferrer">${this.t('consent.policy-link', { title: purpose.title })}</a>`
          : nothing}
      </li>
    `;
  }
}

/** What the switch shows: the latest decision is a grant (of any version). */
function isOn(purpose: UserConsent): boolean {
  return purpose.decision === 'granted';
}

declare global {
  interface HTMLElementTagNameMap {
    'latch-consent': LatchConsent;
  }
}
