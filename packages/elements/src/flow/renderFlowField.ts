import type { FlowField } from '@latch/client';
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { LatchLocale } from '../locales/LatchLocale.ts';
import { localize, messageText } from '../locales/localize.ts';

export interface RenderFieldOptions {
  /** The control's id; help and messages get `<id>-help`, `<id>-message-<n>`. */
  id: string;
  label: string;
  /** The value to show: a string as submitted (`true` for a ticked checkbox, comma-joined options for a multiselect). */
  value: string;
  strings: LatchLocale;
  onInput?: (event: Event) => void;
  /** Rendered under the input (a `NewPasswordAddon`'s, e.g. the password strength meter). */
  after?: TemplateResult;
}

/**
 * What a flow element renders under a `new-password` field and how it listens
 * to it; the flow engine knows this shape only, so a page whose elements never
 * ask for a new password (`<latch-sign-in>`) bundles no meter.
 */
export interface NewPasswordAddon {
  readonly onInput: (event: Event) => void;
  render(field: FlowField, id: string): TemplateResult;
  /** Forgets every estimate: the step changed, its inputs are new. */
  reset(): void;
}

/**
 * One field of the flow wire format as a labelled control, shared by the flow
 * elements and `<latch-profile-details>`: text-like inputs, a checkbox (box
 * then label), a multiselect (a fieldset of checkboxes named by its legend)
 * and a select. Help text and messages are tied to the control with
 * `aria-describedby`; an errored control is `aria-invalid`.
 */
export function renderFlowField(field: FlowField, options: RenderFieldOptions): TemplateResult {
  const { id, label, value, strings } = options;
  const messageIds = field.messages.map((_, index) => `${id}-message-${index}`);
  const describedBy = [...(field.help ? [`${id}-help`] : []), ...messageIds];
  const describedByValue = describedBy.length > 0 ? describedBy.join(' ') : undefined;
  const invalid = field.messages.some((message) => message.severity === 'error');
  const { constraints } = field;
  const help = field.help ? html`<p class="latch-field__help" part="help" id=${`${id}-help`}>${field.help}</p>` : nothing;
  const messages = field.messages.map(
    (message, index) =>
      html`<p class="latch-field__message" part="message" id=${messageIds[index] ?? ''} data-severity=${message.severity} data-code=${message.code}>${messageText(strings, message)}</p>`,
  );

  if (field.type === 'checkbox') {
    // The box first, its label after it, as platform checkboxes read.
    return html`
      <div class="latch-field" part="field" data-field=${field.name} data-type="checkbox">
        <div class="latch-field__check">
          <input
            class="latch-field__input latch-field__checkbox" part="input"
            id=${id}
            name=${field.name}
            type="checkbox"
            value="true"
            ?required=${constraints.required}
            aria-invalid=${ifDefined(invalid ? 'true' : undefined)}
            aria-describedby=${ifDefined(describedByValue)}
            .checked=${value === 'true' || value === 'on'}
          />
          <label class="latch-field__label" part="label" for=${id}>${label}</label>
        </div>
        ${help} ${messages}
      </div>
    `;
  }

  if (field.type === 'multiselect') {
    const chosen = new Set(value.split(',').filter((item) => item !== ''));
    return html`
      <fieldset class="latch-field latch-field__group" part="field" data-field=${field.name} data-type="multiselect" aria-describedby=${ifDefined(describedByValue)}>
        <legend class="latch-field__label" part="label">${label}</legend>
        ${(field.options ?? []).map(
          (option, index) => html`<div class="latch-field__check">
            <input
              class="latch-field__input latch-field__checkbox" part="input"
              id=${`${id}-${index}`}
              name=${field.name}
              type="checkbox"
              value=${option.value}
              aria-invalid=${ifDefined(invalid ? 'true' : undefined)}
              .checked=${chosen.has(option.value)}
            />
            <label for=${`${id}-${index}`}>${option.label}</label>
          </div>`,
        )}
        ${help} ${messages}
      </fieldset>
    `;
  }

  if (field.type === 'select') {
    return html`
      <div class="latch-field" part="field" data-field=${field.name} data-type="select">
        <label class="latch-field__label" part="label" for=${id}>${label}</label>
        <select
          class="latch-field__input latch-field__select" part="input"
          id=${id}
          name=${field.name}
          autocomplete=${ifDefined(field.autocomplete)}
          ?required=${constraints.required}
          aria-invalid=${ifDefined(invalid ? 'true' : undefined)}
          aria-describedby=${ifDefined(describedByValue)}
        >
          <option value="" ?selected=${value === ''}>${localize(strings, 'field.select.placeholder') ?? ''}</option>
          ${(field.options ?? []).map((option) => html`<option value=${option.value} ?selected=${option.value === value}>${option.label}</option>`)}
        </select>
        ${help} ${messages}
      </div>
    `;
  }

  // `min`/`max` are attributes of number and date inputs only (a multiselect's count is checked by the server).
  const bound = (limit: number | string | undefined) => (limit !== undefined && (field.type === 'number' || field.type === 'date') ? String(limit) : undefined);
  return html`
    <div class="latch-field" part="field" data-field=${field.name}>
      <label class="latch-field__label" part="label" for=${id}>${label}</label>
      <input
        class="latch-field__input" part="input"
        id=${id}
        name=${field.name}
        type=${field.type === 'new-password' ? 'password' : field.type}
        autocomplete=${ifDefined(field.autocomplete ?? (field.type === 'new-password' ? 'new-password' : undefined))}
        inputmode=${ifDefined(field.inputMode)}
        ?required=${constraints.required}
        minlength=${ifDefined(constraints.minLength)}
        maxlength=${ifDefined(constraints.maxLength)}
        pattern=${ifDefined(constraints.pattern)}
        min=${ifDefined(bound(constraints.min))}
        max=${ifDefined(bound(constraints.max))}
        step=${ifDefined(field.type === 'number' ? 'any' : undefined)}
        ?readonly=${field.readOnly === true}
        aria-invalid=${ifDefined(invalid ? 'true' : undefined)}
        aria-describedby=${ifDefined(describedByValue)}
        .value=${value}
        @input=${options.onInput}
      />
      ${options.after ?? nothing} ${help} ${messages}
    </div>
  `;
}
