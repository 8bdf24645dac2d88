import { LatchApiError, type FlowField, type FlowMessage, type Profile, type ProfileField, type ProfileValue } from '@latch/client';
import { html, nothing, type TemplateResult } from 'lit';
import { errorCode, LatchAccountElement } from '../account/LatchAccountElement.ts';
import { ProfileChangedEvent } from '../events/profile-changed.ts';
import { renderFlowField } from '../flow/renderFlowField.ts';
import { enProfile } from '../locales/enProfile.ts';
import { localize, messageText } from '../locales/localize.ts';
import { profileDetailsStyles } from './profile-details.styles.ts';

type Phase = 'loading' | 'ready' | 'failed';

let nextInstance = 0;

/**
 * @summary The signed-in user's personal details: every profile field the deployment declares, edited in one form and saved through the BFF (`PATCH /auth/account/profile`).
 *
 * @tag latch-profile-details
 *
 * @attr base-url - Where the BFF's `/auth` routes live, when no `client` property is given.
 * @prop client - The `LatchClient` to use; one is created on first connect when unset.
 * @attr locale - The language, a BCP 47 tag such as `de` (tables: en, de, fr, ja, ar; others fall back to English); unset: the nearest `lang` (the page's). The `locale` property also takes a `LatchLocale` table. The language also picks the fields' labels (asked of the server).
 *
 * @event latch:profile-changed - `ProfileChangedEvent`: the details were saved; `detail.profile` is the saved profile.
 *
 * Refused values are shown next to their field (`invalid_profile`, per-field
 * codes); a refused save stores nothing.
 *
 * @csspart actions - The row of buttons.
 * @csspart alert - The live region for flow-level errors.
 * @csspart alert-message - One message inside the alert.
 * @csspart base - The element's outermost rendered wrapper.
 * @csspart button - Any button; `data-kind="primary"` or `"secondary"` tells them apart.
 * @csspart field - One field: label, input, help and messages.
 * @csspart form - The real `<form>` the inputs sit in.
 * @csspart heading - The heading of the current step or view (focused on step changes).
 * @csspart help - A field's help text.
 * @csspart input - An `<input>` or `<select>`; the light DOM input password managers see.
 * @csspart intro - Explanatory text under the heading.
 * @csspart label - A field's `<label>` (or `<legend>` for a group).
 * @csspart message - A message under a field (`data-severity="error"` or `"info"`).
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
export class LatchProfileDetails extends LatchAccountElement {
  static override properties = {
    ...LatchAccountElement.properties,
    profile: { attribute: false },
    labelledBy: { attribute: 'labelled-by' },
    phase: { state: true },
    busy: { state: true },
    alert: { state: true },
    notice: { state: true },
    fieldErrors: { state: true },
  };

  /** The id of a heading outside that names this form (e.g. `<latch-profile>`'s section heading); then the element shows no heading of its own. */
  declare labelledBy: string | undefined;
  /** The profile as last loaded or saved. Read-only for apps. */
  declare profile: Profile | undefined;

  declare protected phase: Phase;
  declare protected busy: boolean;
  /** An error code shown in the alert region. */
  declare protected alert: string | undefined;
  /** A polite status text key. */
  declare protected notice: string | undefined;
  /** Refused fields, by key. */
  declare protected fieldErrors: Record<string, FlowMessage[]>;

  private readonly uid = `latch-profile-details-${++nextInstance}`;
  /** What the user typed in a refused save, so it is shown again rather than the stored value. */
  private draft: Record<string, string> | undefined;

  constructor() {
    super({ stylesheet: profileDetailsStyles, english: enProfile });
    this.profile = undefined;
    this.phase = 'loading';
    this.busy = false;
    this.alert = undefined;
    this.notice = undefined;
    this.fieldErrors = {};
  }

  /** Loads the profile again (e.g. after it was changed elsewhere). */
  async reload(): Promise<void> {
    await this.load();
  }

  protected override async load(): Promise<void> {
    const client = this.resolveClient();
    this.loadedWith = client;
    this.phase = 'loading';
    try {
      const profile = await client.getProfile({ locale: this.language });
      if (this.loadedWith !== client) return;
      this.profile = profile;
      this.phase = 'ready';
      this.alert = undefined;
    } catch (error) {
      if (this.loadedWith !== client) return;
      this.phase = 'failed';
      this.alert = errorCode(error);
    }
  }

  private readonly onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const profile = this.profile;
    if (!profile || this.busy) return;
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const draft: Record<string, string> = {};
    const values: Record<string, ProfileValue | null> = {};
    for (const field of profile.fields) {
      const entries = data.getAll(field.key).filter((entry): entry is string => typeof entry === 'string');
      draft[field.key] = entries.join(',');
      values[field.key] = toValue(field, entries);
    }
    this.busy = true;
    this.alert = undefined;
    this.notice = undefined;
    try {
      const saved = await this.resolveClient().updateProfile({ values, locale: this.language });
      this.profile = saved;
      this.fieldErrors = {};
      this.draft = undefined;
      this.notice = 'profile-details.status.saved';
      this.dispatchEvent(new ProfileChangedEvent({ profile: saved }));
    } catch (error) {
      this.draft = draft;
      if (error instanceof LatchApiError && error.fields) {
        this.fieldErrors = Object.fromEntries(
          Object.entries(error.fields).map(([key, list]) => [key, list.map((item) => ({ code: item.code, severity: 'error' as const, text: item.message, ...(item.params ? { params: item.params } : {}) }))]),
        );
        this.alert = 'invalid_profile';
        this.focusTarget = '.latch-field__input[aria-invalid="true"]';
      } else {
        this.alert = errorCode(error);
      }
    } finally {
      this.busy = false;
    }
  };

  private alertText(code: string): string {
    return localize(this.strings, `profile-details.message.${code}`) ?? messageText(this.strings, { code, severity: 'error', text: this.t('message.generic') });
  }

  protected override render(): TemplateResult {
    const profile = this.profile;
    const headingId = this.labelledBy ?? `${this.uid}-heading`;
    return html`
      <div class="latch-flow" part="base" lang=${this.strings.lang} data-phase=${this.phase}>
        ${this.labelledBy ? nothing : html`<h2 class="latch-heading" part="heading" id=${headingId}>${this.t('profile-details.heading')}</h2>`}
        <div class="latch-alert" part="alert" role="alert" aria-live="assertive" aria-atomic="true">${this.alert
          ? html`<p class="latch-alert__message" part="alert-message" data-code=${this.alert}>${this.alertText(this.alert)}</p>`
          : nothing}</div>
        <p class="latch-status" part="status" role="status" aria-live="polite">${this.phase === 'loading' ? this.t('status.loading') : this.notice ? this.t(this.notice) : ''}</p>
        ${this.phase === 'ready' && profile ? this.renderForm(profile, headingId) : nothing}
        ${this.phase === 'failed'
          ? html`<div class="latch-actions" part="actions"><button class="latch-button" part="button" data-kind="primary" type="button" @click=${() => void this.load()}>${this.t('action.retry')}</button></div>`
          : nothing}
      </div>
    `;
  }

  private renderForm(profile: Profile, headingId: string): TemplateResult {
    if (profile.fields.length === 0) return html`<p class="latch-intro" part="intro">${this.t('profile-details.none')}</p>`;
    return html`
      <form class="latch-form" part="form" method="post" aria-labelledby=${headingId} aria-busy=${this.busy ? 'true' : 'false'} @submit=${this.onSubmit}>
        ${profile.fields.map((field) =>
          renderFlowField(toFlowField(field, this.fieldErrors[field.key] ?? []), {
            id: `${this.uid}-${field.key}`,
            label: field.label,
            value: this.draft?.[field.key] ?? formValue(field.value),
            strings: this.strings,
          }),
        )}
        <div class="latch-actions" part="actions">
          <button class="latch-button" part="button" data-kind="primary" type="submit" ?disabled=${this.busy}>${this.t('profile-details.action.save')}</button>
        </div>
      </form>
    `;
  }
}

/** A declared field in the flow wire format, so the flow's controls render it. */
function toFlowField(field: ProfileField, messages: FlowMessage[]): FlowField {
  return {
    name: field.key,
    type: field.type,
    constraints: { required: field.required, ...field.constraints },
    label: field.label,
    ...(field.help ? { help: field.help } : {}),
    ...(field.options ? { options: field.options } : {}),
    ...(field.autocomplete ? { autocomplete: field.autocomplete } : {}),
    messages,
  };
}

/** A stored value as the form shows it (a ticked box `true`, options comma-joined). */
function formValue(value: ProfileValue | null): string {
  if (value === null) return '';
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}

/** What the form holds, typed for the API; empty means cleared. A number that does not parse is sent as typed, for the server to refuse. */
function toValue(field: ProfileField, entries: string[]): ProfileValue | null {
  const first = entries[0]?.trim() ?? '';
  switch (field.type) {
    case 'checkbox':
      return entries.length > 0;
    case 'multiselect':
      return entries;
    case 'number': {
      if (first === '') return null;
      const number = Number(first);
      return Number.isFinite(number) ? number : first;
    }
    default:
      return first === '' ? null : first;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'latch-profile-details': LatchProfileDetails;
  }
}
