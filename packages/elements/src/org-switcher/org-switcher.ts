import type { ActiveOrganization, LatchClient, OrganizationList } from '@latch/client';
import { html, nothing, type TemplateResult } from 'lit';
import { errorCode, LatchAccountElement } from '../account/LatchAccountElement.ts';
import { OrgChangedEvent } from '../events/org-changed.ts';
import { enOrg } from '../locales/enOrg.ts';
import { orgSwitcherStyles } from './org-switcher.styles.ts';

/** One row of the listbox: an organization, or the personal account (`id: null`). */
interface Choice {
  id: string | null;
  name: string;
  role: string | undefined;
}

let nextInstance = 0;

/**
 * @summary The organization the session acts in, and a keyboard-navigable list to switch to another (or to the personal account) or create one.
 *
 * @tag latch-org-switcher
 *
 * @attr base-url - Where the BFF's `/auth` routes live, when no `client` property is given.
 * @prop client - The `LatchClient` to use; one is created on first connect when unset.
 * @attr locale - The language, a BCP 47 tag such as `de` (tables: en, de, fr, ja, ar; others fall back to English); unset: the nearest `lang` (the page's). The `locale` property also takes a `LatchLocale` table.
 *
 * @event latch:org-changed - `OrgChangedEvent`: the session now acts in `detail.organization` (`null`: personal account); its tokens were re-issued.
 *
 * The button opens a listbox (ARIA listbox pattern): Arrow keys, Home and End
 * move, Enter or Space switches, Escape closes and returns focus to the
 * button. A refusal (`org_mfa_required`: the organization requires
 * two-step verification) is announced in the alert region and the session
 * keeps its organization.
 *
 * Light DOM (no `::part()`): style the documented `.latch-org-switcher__*` classes under `latch-org-switcher`.
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
 * @csspart item - One entry of a list.
 * @csspart label - A field's `<label>` (or `<legend>` for a group).
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
 * @cssproperty --latch-radius-md - Token `radius.md`.
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
export class LatchOrgSwitcher extends LatchAccountElement {
  static override properties = {
    ...LatchAccountElement.properties,
    organizations: { attribute: false },
    active: { attribute: false },
    open: { state: true },
    activeIndex: { state: true },
    creating: { state: true },
    busy: { state: true },
    alert: { state: true },
    notice: { state: true },
  };

  /** The user's organizations as last loaded. Read-only for apps. */
  declare organizations: OrganizationList | undefined;
  /** The session's organization (`null`: personal account). Read-only for apps. */
  declare active: ActiveOrganization | null;

  declare protected open: boolean;
  declare protected activeIndex: number;
  declare protected creating: boolean;
  declare protected busy: boolean;
  declare protected alert: string | undefined;
  declare protected notice: string | undefined;

  private readonly uid = `latch-org-switcher-${++nextInstance}`;
  private unsubscribe: (() => void) | undefined;

  constructor() {
    super({ stylesheet: orgSwitcherStyles, english: enOrg });
    this.organizations = undefined;
    this.active = null;
    this.open = false;
    this.activeIndex = 0;
    this.creating = false;
    this.busy = false;
    this.alert = undefined;
    this.notice = undefined;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.loadedWith = undefined;
  }

  protected override async load(): Promise<void> {
    const client = this.resolveClient();
    this.loadedWith = client;
    this.unsubscribe?.();
    const readSession = () => {
      const snapshot = client.session.getSnapshot();
      if (snapshot.status !== 'ready' || !snapshot.session.authenticated) return;
      const active = snapshot.session.organization ?? null;
      this.active = active;
      // Switched elsewhere (say, after accepting an invitation) into an organization this list predates.
      const known = this.organizations?.organizations.some((org) => org.id === active?.id) ?? true;
      if (active && !known) void client.listOrganizations().then((list) => (this.organizations = list), () => undefined);
    };
    this.unsubscribe = client.session.subscribe(readSession);
    readSession();
    try {
      if (client.session.getSnapshot().status !== 'ready') await client.getSession();
      const organizations = await client.listOrganizations();
      if (this.loadedWith !== client) return;
      this.organizations = organizations;
    } catch (error) {
      if (this.loadedWith === client) this.alert = errorCode(error);
    }
  }

  private choices(): Choice[] {
    const list = this.organizations;
    const choices: Choice[] = (list?.organizations ?? []).map((org) => ({ id: org.id, name: org.name, role: org.role }));
    if (list?.personalAccounts !== false) choices.unshift({ id: null, name: this.t('org.switcher.personal'), role: undefined });
    return choices;
  }

  private currentIndex(): number {
    const index = this.choices().findIndex((choice) => choice.id === (this.active?.id ?? null));
    return Math.max(index, 0);
  }

  private readonly onToggle = (): void => {
    if (this.open) {
      this.close();
      return;
    }
    this.open = true;
    this.activeIndex = this.currentIndex();
    this.focusTarget = '.latch-org-switcher__list';
  };

  private close(returnFocus = true): void {
    this.open = false;
    if (returnFocus) this.focusTarget = '.latch-org-switcher__button';
  }

  private readonly onButtonKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!this.open) this.onToggle();
    }
  };

  private readonly onListKeydown = (event: KeyboardEvent): void => {
    const count = this.choices().length;
    if (count === 0) return;
    switch (event.key) {
      case 'ArrowDown':
        this.activeIndex = (this.activeIndex + 1) % count;
        break;
      case 'ArrowUp':
        this.activeIndex = (this.activeIndex - 1 + count) % count;
        break;
      case 'Home':
        this.activeIndex = 0;
        break;
      case 'End':
        this.activeIndex = count - 1;
        break;
      case 'Enter':
      case ' ':
        void this.choose(this.activeIndex);
        break;
      case 'Escape':
        this.close();
        break;
      case 'Tab':
        this.open = false;
        return;
      default:
        return;
    }
    event.preventDefault();
  };

  private readonly onOptionClick = (event: Event): void => {
    const index = Number((event.currentTarget as HTMLElement).dataset.index);
    void this.choose(index);
  };

  private async choose(index: number): Promise<void> {
    const choice = this.choices()[index];
    if (!choice || this.busy) return;
    this.close();
    if (choice.id === (this.active?.id ?? null)) return;
    await this.run(async (client) => {
      const organization = await client.switchOrganization({ organizationId: choice.id });
      this.active = organization;
      this.notice = organization ? this.t('org.status.switched', { name: organization.name }) : this.t('org.status.switched-personal');
      this.dispatchEvent(new OrgChangedEvent({ organization }));
    });
    // The button was disabled while switching, so the focus set on closing did not take.
    this.focusTarget = '.latch-org-switcher__button';
    this.requestUpdate();
  }

  private async run(task: (client: LatchClient) => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.alert = undefined;
    this.notice = undefined;
    try {
      await task(this.resolveClient());
    } catch (error) {
      this.alert = errorCode(error);
    } finally {
      this.busy = false;
    }
  }

  private readonly onStartCreate = (): void => {
    this.open = false;
    this.creating = true;
    this.focusTarget = `#${this.uid}-name`;
  };

  private readonly onCancelCreate = (): void => {
    this.creating = false;
    this.alert = undefined;
    this.focusTarget = '.latch-org-switcher__button';
  };

  private readonly onCreate = (event: SubmitEvent): void => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const name = String(form.get('name') ?? '').trim();
    const slug = String(form.get('slug') ?? '').trim();
    void this.run(async (client) => {
      const created = await client.createOrganization({ name, slug });
      this.organizations = await client.listOrganizations();
      this.creating = false;
      const organization = await client.switchOrganization({ organizationId: created.id });
      this.active = organization;
      this.notice = organization ? this.t('org.status.switched', { name: organization.name }) : '';
      this.focusTarget = '.latch-org-switcher__button';
      this.dispatchEvent(new OrgChangedEvent({ organization }));
    });
  };

  /** Suggests a slug from the name while the slug field is untouched. */
  private readonly onNameInput = (event: Event): void => {
    const slugInput = this.querySelector<HTMLInputElement>(`#${this.uid}-slug`);
    if (!slugInput || slugInput.dataset.edited) return;
    slugInput.value = (event.currentTarget as HTMLInputElement).value
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/gu, '-')
      .replace(/^-+|-+$/gu, '')
      .slice(0, 48);
  };

  private readonly onSlugInput = (event: Event): void => {
    (event.currentTarget as HTMLInputElement).dataset.edited = '1';
  };

  protected override render(): TemplateResult {
    const locale = this.strings;
    const choices = this.choices();
    const current = choices[this.currentIndex()];
    const currentName = this.active?.name ?? current?.name ?? this.t('org.switcher.personal');
    const listId = `${this.uid}-list`;
    return html`
      <div class="latch-org-switcher" part="base" lang=${locale.lang} aria-busy=${this.busy ? 'true' : 'false'}>
        <span class="latch-org-switcher__label" id=${`${this.uid}-label`}>${this.t('org.switcher.label')}</span>
        <button
          class="latch-button latch-org-switcher__button" part="button"
          data-kind="secondary"
          type="button"
          aria-haspopup="listbox"
          aria-expanded=${this.open ? 'true' : 'false'}
          aria-controls=${listId}
          aria-label=${this.t('org.switcher.button', { name: currentName })}
          ?disabled=${this.busy}
          @click=${this.onToggle}
          @keydown=${this.onButtonKeydown}
        >${currentName}</button>
        ${this.open
          ? html`<ul
              class="latch-org-switcher__list" part="list"
              id=${listId}
              role="listbox"
              tabindex="0"
              aria-label=${this.t('org.switcher.list')}
              aria-activedescendant=${`${this.uid}-option-${this.activeIndex}`}
              @keydown=${this.onListKeydown}
            >
              ${choices.map(
                (choice, index) => html`<li
                  class="latch-org-switcher__option" part="item"
                  id=${`${this.uid}-option-${index}`}
                  role="option"
                  aria-selected=${choice.id === (this.active?.id ?? null) ? 'true' : 'false'}
                  ?data-active=${index === this.activeIndex}
                  data-index=${index}
                  @click=${this.onOptionClick}
                >
                  <span>${choice.name}</span> ${choice.role ? html`<span class="latch-org-switcher__role">${choice.role}</span>` : nothing}
                </li>`,
              )}
            </ul>`
          : nothing}
        <!-- No whitespace inside: the stylesheet hides the region with :empty until it has a message. -->
        <div class="latch-alert" part="alert" role="alert" aria-live="assertive" aria-atomic="true">${this.alert
          ? html`<p class="latch-alert__message" part="alert-message" data-code=${this.alert}>${this.errorText('org', this.alert)}</p>`
          : nothing}</div>
        <p class="latch-status" part="status" role="status" aria-live="polite">${this.notice ?? ''}</p>
        ${this.creating ? this.renderCreate() : this.organizations?.canCreate
          ? html`<div class="latch-actions" part="actions">
              <button class="latch-button" part="button" data-kind="secondary" type="button" ?disabled=${this.busy} @click=${this.onStartCreate}>${this.t('org.switcher.create')}</button>
            </div>`
          : nothing}
      </div>
    `;
  }

  private renderCreate(): TemplateResult {
    return html`
      <form class="latch-form" part="form" method="post" aria-labelledby=${`${this.uid}-create`} @submit=${this.onCreate}>
        <h3 class="latch-org-switcher__heading" part="heading" id=${`${this.uid}-create`}>${this.t('org.switcher.create.heading')}</h3>
        <div class="latch-field" part="field" data-field="name">
          <label class="latch-field__label" part="label" for=${`${this.uid}-name`}>${this.t('org.field.name')}</label>
          <input class="latch-field__input" part="input" id=${`${this.uid}-name`} name="name" type="text" autocomplete="organization" required maxlength="100" @input=${this.onNameInput} />
        </div>
        <div class="latch-field" part="field" data-field="slug">
          <label class="latch-field__label" part="label" for=${`${this.uid}-slug`}>${this.t('org.field.slug')}</label>
          <input
            class="latch-field__input" part="input"
            id=${`${this.uid}-slug`}
            name="slug"
            type="text"
            autocomplete="off"
            required
            minlength="2"
            maxlength="48"
            pattern="[a-z0-9]+(-[a-z0-9]+)*"
            aria-invalid=${this.alert === 'invalid_slug' || this.alert === 'slug_taken' ? 'true' : 'false'}
            @input=${this.onSlugInput}
          />
        </div>
        <div class="latch-actions" part="actions">
          <button class="latch-button" part="button" data-kind="primary" type="submit" ?disabled=${this.busy}>${this.t('org.switcher.create.submit')}</button>
          <button class="latch-button" part="button" data-kind="secondary" type="button" ?disabled=${this.busy} @click=${this.onCancelCreate}>${this.t('org.switcher.create.cancel')}</button>
        </div>
      </form>
    `;
  }

}

declare global {
  interface HTMLElementTagNameMap {
    'latch-org-switcher': LatchOrgSwitcher;
  }
}
