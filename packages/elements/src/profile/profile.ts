import { isReauthenticationError, type Account, type AccountSession, type LatchClient } from '@latch/client';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { errorCode, LatchAccountElement } from '../account/LatchAccountElement.ts';
import { AccountChangedEvent } from '../events/account-changed.ts';
import type { SignedInEvent } from '../events/signed-in.ts';
import { SignedOutEvent } from '../events/signed-out.ts';
import { enProfile } from '../locales/enProfile.ts';
import { LatchMfaEnroll } from '../mfa-enroll/mfa-enroll.ts';
import { LatchReauthenticate } from '../reauthenticate/reauthenticate.ts';
import { profileStyles } from './profile.styles.ts';

/** The sections of `<latch-profile>`, in the order they are shown. */
export const PROFILE_SECTIONS = ['details', 'email', 'password', 'security', 'sessions', 'privacy'] as const;
export type ProfileSection = (typeof PROFILE_SECTIONS)[number];

type Task = (client: LatchClient) => Promise<void>;

let nextInstance = 0;

/** `"email password"` → `['email', 'password']`, in the canonical order; unknown names are ignored. */
export function parseSections(value: string | undefined | null): ProfileSection[] {
  if (!value) return [...PROFILE_SECTIONS];
  const wanted = new Set(value.split(/[\s,]+/u));
  const sections = PROFILE_SECTIONS.filter((name) => wanted.has(name));
  return sections.length > 0 ? sections : [...PROFILE_SECTIONS];
}

/**
 * @summary The signed-in user's self-service account: personal details, email address, password, two-step verification, signed-in devices, and privacy (consent, download my data, delete my account).
 *
 * @tag latch-profile
 *
 * @attr sections - Space-separated sections to show: `details email password security sessions privacy` (all by default).
 * @attr section - One section alone, e.g. `section="sessions"`; `sections` wins when both are set.
 * @attr base-url - Where the BFF's `/auth` routes live, when no `client` property is given.
 * @prop client - The `LatchClient` to use; one is created on first connect when unset.
 * @attr locale - The language, a BCP 47 tag such as `de` (tables: en, de, fr, ja, ar; others fall back to English); unset: the nearest `lang` (the page's). The `locale` property also takes a `LatchLocale` table.
 *
 * @event latch:account-changed - `AccountChangedEvent`: the address or password changed, or browsers were signed out; `detail.change` says which.
 * @event latch:signed-out - `SignedOutEvent`: this browser is signed out (everywhere, or the account was deleted); leave the page.
 *
 * Each section is a `<section>` landmark named by its `<h2>`. The `details`
 * section hosts `<latch-profile-details>`, `security` hosts
 * `<latch-mfa-enroll>`, and `privacy` hosts `<latch-consent>` above the
 * download and delete controls. Address changes, password changes without
 * the current password, and deletion need a recent sign-in: when the server
 * answers `reauthentication_required`, a `<latch-reauthenticate>` form is
 * shown in that section and the action is retried once confirmed.
 *
 * @csspart actions - The row of buttons.
 * @csspart alert - The live region for flow-level errors.
 * @csspart alert-message - One message inside the alert.
 * @csspart badge - A small status badge.
 * @csspart base - The element's outermost rendered wrapper.
 * @csspart button - Any button; `data-kind="primary"` or `"secondary"` tells them apart.
 * @csspart field - One field: label, input, help and messages.
 * @csspart form - The real `<form>` the inputs sit in.
 * @csspart heading - The heading of the current step or view (focused on step changes).
 * @csspart help - A field's help text.
 * @csspart input - An `<input>` or `<select>`; the light DOM input password managers see.
 * @csspart intro - Explanatory text under the heading.
 * @csspart item - One entry of a list.
 * @csspart label - A field's `<label>` (or `<legend>` for a group).
 * @csspart list - A list of items (organizations, sessions, passkeys, purposes, members).
 * @csspart section - One section of a multi-section element.
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
 * @cssproperty --latch-color-border-subtle - Decorative card border; no contrast requirement.
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
export class LatchProfile extends LatchAccountElement {
  static override properties = {
    ...LatchAccountElement.properties,
    sections: { attribute: 'sections' },
    section: { attribute: 'section' },
    account: { state: true },
    sessions: { state: true },
    busy: { state: true },
    alerts: { state: true },
    notices: { state: true },
    pendingEmail: { state: true },
    reauthFor: { state: true },
    confirmingDelete: { state: true },
    editing: { state: true },
    signedOut: { state: true },
  };

  declare sections: string | undefined;
  declare section: string | undefined;

  declare protected account: Account | undefined;
  declare protected sessions: AccountSession[] | undefined;
  declare protected busy: ProfileSection | undefined;
  /** Error code per section, shown in its alert region. */
  declare protected alerts: Partial<Record<ProfileSection, string>>;
  /** Status text key per section (`profile.status.*`). */
  declare protected notices: Partial<Record<ProfileSection, string>>;
  declare protected pendingEmail: string | undefined;
  /** The section whose action waits for a re-authentication. */
  declare protected reauthFor: ProfileSection | undefined;
  declare protected confirmingDelete: boolean;
  /** The form opened by "Change email" or "Change password"; closed forms keep the page short. */
  declare protected editing: 'email' | 'password' | undefined;
  /** Set once this browser is signed out (everywhere, or the account was deleted). */
  declare protected signedOut: 'everywhere' | 'account-deleted' | undefined;

  private readonly uid = `latch-profile-${++nextInstance}`;
  private pendingTask: Task | undefined;

  constructor() {
    super({ stylesheet: profileStyles, english: enProfile });
    this.account = undefined;
    this.sessions = undefined;
    this.busy = undefined;
    this.alerts = {};
    this.notices = {};
    this.pendingEmail = undefined;
    this.reauthFor = undefined;
    this.confirmingDelete = false;
    this.editing = undefined;
    this.signedOut = undefined;
  }

  /** The sections shown, from `sections` or `section`. */
  get shownSections(): ProfileSection[] {
    return parseSections(this.sections ?? this.section);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Elements this one renders; registered here too so defining this element alone is enough.
    const registry = this.ownerDocument.defaultView?.customElements;
    if (registry && !registry.get('latch-reauthenticate')) registry.define('latch-reauthenticate', LatchReauthenticate);
    if (registry && !registry.get('latch-mfa-enroll')) registry.define('latch-mfa-enroll', LatchMfaEnroll);
  }

  /** Other sections may need other data. */
  protected override needsLoad(changed: PropertyValues<this>): boolean {
    return changed.has('sections') || changed.has('section');
  }

  protected override async load(): Promise<void> {
    const client = this.resolveClient();
    this.loadedWith = client;
    const shown = this.shownSections;
    const needsAccount = shown.includes('email') || shown.includes('password');
    try {
      const [account, sessions] = await Promise.all([
        needsAccount ? client.getAccount() : Promise.resolve(undefined),
        shown.includes('sessions') ? client.listSessions() : Promise.resolve(undefined),
      ]);
      if (this.loadedWith !== client) return;
      this.account = account;
      this.pendingEmail = account?.pendingEmail?.email;
      this.sessions = sessions?.sessions;
    } catch (error) {
      if (this.loadedWith !== client) return;
      this.alerts = { ...this.alerts, [shown[0] ?? 'email']: errorCode(error) };
    }
  }

  /** Runs one section's request with its buttons disabled; errors land in that section's alert region. */
  private async run(section: ProfileSection, task: Task): Promise<void> {
    if (this.busy) return;
    this.busy = section;
    this.alerts = { ...this.alerts, [section]: undefined };
    this.notices = { ...this.notices, [section]: undefined };
    try {
      await task(this.resolveClient());
    } catch (error) {
      if (isReauthenticationError(error)) {
        this.pendingTask = task;
        this.reauthFor = section;
        if (error.code === 'mfa_required') this.alerts = { ...this.alerts, [section]: error.code };
        this.focusTarget = `#${this.uid}-${section} latch-reauthenticate input:not([readonly])`;
      } else {
        this.alerts = { ...this.alerts, [section]: errorCode(error) };
      }
    } finally {
      this.busy = undefined;
    }
  }

  private readonly onReauthenticated = (event: SignedInEvent): void => {
    // The page's own sign-in handlers are not for this: the same user just confirmed.
    event.stopPropagation();
    const task = this.pendingTask;
    const section = this.reauthFor;
    this.pendingTask = undefined;
    this.reauthFor = undefined;
    if (task && section) void this.run(section, task);
  };

  private readonly onCancelReauthentication = (): void => {
    const section = this.reauthFor;
    this.pendingTask = undefined;
    this.reauthFor = undefined;
    if (section) this.alerts = { ...this.alerts, [section]: undefined };
  };

  private notify(section: ProfileSection, key: string): void {
    this.notices = { ...this.notices, [section]: key };
  }

  private readonly onEdit = (event: Event): void => {
    const which = (event.currentTarget as HTMLButtonElement).value as 'email' | 'password';
    this.editing = which;
    this.alerts = { ...this.alerts, [which]: undefined };
    this.notices = { ...this.notices, [which]: undefined };
    this.focusTarget = `#${this.uid}-${which === 'email' ? 'email-new' : this.account?.hasPassword === false ? 'password-new' : 'password-current'}`;
  };

  private readonly onCloseEdit = (): void => {
    const which = this.editing;
    this.editing = undefined;
    if (which) this.focusTarget = `#${this.uid}-${which}-edit`;
  };

  // -- email ---------------------------------------------------------------

  private readonly onRequestEmailChange = (event: SubmitEvent): void => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const email = String(new FormData(form).get('email') ?? '').trim();
    void this.run('email', async (client) => {
      const pending = await client.requestEmailChange({ email });
      this.pendingEmail = pending.pendingEmail;
      this.editing = undefined;
      this.notify('email', 'profile.email.status.sent');
      this.focusTarget = `#${this.uid}-email-code`;
    });
  };

  private readonly onConfirmEmailChange = (event: SubmitEvent): void => {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget as HTMLFormElement).get('code') ?? '');
    void this.run('email', async (client) => {
      const { email } = await client.confirmEmailChange({ code });
      this.pendingEmail = undefined;
      if (this.account) this.account = { ...this.account, email, emailVerified: true, pendingEmail: null };
      this.notify('email', 'profile.email.status.changed');
      this.dispatchEvent(new AccountChangedEvent({ change: 'email', email }));
    });
  };

  private readonly onCancelEmailChange = (): void => {
    void this.run('email', async (client) => {
      await client.cancelEmailChange();
      this.pendingEmail = undefined;
      this.focusTarget = `#${this.uid}-email-new`;
    });
  };

  // -- password ------------------------------------------------------------

  private readonly onChangePassword = (event: SubmitEvent): void => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const currentPassword = String(data.get('current-password') ?? '');
    const newPassword = String(data.get('new-password') ?? '');
    void this.run('password', async (client) => {
      await client.changePassword(currentPassword ? { currentPassword, newPassword } : { newPassword });
      form.reset();
      this.editing = undefined;
      this.notify('password', 'profile.password.status.changed');
      this.dispatchEvent(new AccountChangedEvent({ change: 'password' }));
      if (this.sessions) this.sessions = (await client.listSessions()).sessions;
    });
  };

  // -- sessions ------------------------------------------------------------

  private readonly onRevokeSession = (event: Event): void => {
    const id = (event.currentTarget as HTMLButtonElement).value;
    void this.run('sessions', async (client) => {
      await client.revokeSession({ id });
      this.sessions = (await client.listSessions()).sessions;
      this.notify('sessions', 'profile.sessions.status.revoked');
      this.focusTarget = `#${this.uid}-sessions-heading`;
      this.dispatchEvent(new AccountChangedEvent({ change: 'session-revoked', sessionId: id }));
    });
  };

  private readonly onSignOutOthers = (): void => {
    void this.run('sessions', async (client) => {
      const { revoked } = await client.signOutOtherSessions();
      this.sessions = (await client.listSessions()).sessions;
      this.notify('sessions', 'profile.sessions.status.others');
      this.dispatchEvent(new AccountChangedEvent({ change: 'other-sessions-signed-out', revoked }));
    });
  };

  private readonly onSignOutEverywhere = (): void => {
    void this.run('sessions', async (client) => {
      await client.signOutEverywhere();
      this.signedOut = 'everywhere';
      this.dispatchEvent(new SignedOutEvent({ reason: 'everywhere' }));
    });
  };

  // -- privacy -------------------------------------------------------------

  private readonly onAskDelete = (): void => {
    this.confirmingDelete = true;
    this.focusTarget = `#${this.uid}-delete-confirm`;
  };

  private readonly onCancelDelete = (): void => {
    this.confirmingDelete = false;
    this.focusTarget = `#${this.uid}-delete`;
  };

  private readonly onDelete = (): void => {
    void this.run('privacy', async (client) => {
      await client.deleteAccount();
      this.confirmingDelete = false;
      this.signedOut = 'account-deleted';
      this.dispatchEvent(new SignedOutEvent({ reason: 'account-deleted' }));
    });
  };

  // -- rendering -----------------------------------------------------------

  protected override render(): TemplateResult {
    const locale = this.strings;
    if (this.signedOut) {
      return html`<div class="latch-flow latch-profile" part="base" lang=${locale.lang}>
        <p class="latch-status" part="status" role="status" aria-live="polite">${this.t(`profile.status.${this.signedOut}`)}</p>
      </div>`;
    }
    return html`<div class="latch-flow latch-profile" part="base" lang=${locale.lang}>${this.shownSections.map((section) => this.renderSection(section))}</div>`;
  }

  private renderSection(section: ProfileSection): TemplateResult {
    const headingId = `${this.uid}-${section}-heading`;
    const alert = this.alerts[section];
    const notice = this.notices[section];
    return html`<section class="latch-profile__section" part="section" id=${`${this.uid}-${section}`} data-section=${section} aria-labelledby=${headingId} aria-busy=${this.busy === section ? 'true' : 'false'}>
      <h2 class="latch-heading" part="heading" id=${headingId} tabindex="-1">${this.t(`profile.${section}.heading`)}</h2>
      <!-- No whitespace inside: the stylesheet hides the region with :empty until it has a message. -->
      <div class="latch-alert" part="alert" role="alert" aria-live="assertive" aria-atomic="true">${alert
        ? html`<p class="latch-alert__message" part="alert-message" data-code=${alert}>${this.errorText('profile', alert)}</p>`
        : nothing}</div>
      <p class="latch-status" part="status" role="status" aria-live="polite">${notice ? this.t(notice, { email: this.account?.email ?? '' }) : ''}</p>
      ${this.reauthFor === section ? this.renderReauthentication() : this.renderBody(section)}
    </section>`;
  }

  private renderReauthentication(): TemplateResult {
    return html`<latch-reauthenticate .client=${this.resolveClient()} .locale=${this.locale ?? this.language} @latch:signed-in=${this.onReauthenticated}></latch-reauthenticate>
      <div class="latch-actions" part="actions">
        <button class="latch-button" part="button" data-kind="secondary" type="button" @click=${this.onCancelReauthentication}>${this.t('profile.action.cancel')}</button>
      </div>`;
  }

  private renderBody(section: ProfileSection): TemplateResult | typeof nothing {
    switch (section) {
      case 'details':
        // Built elsewhere; rendered by tag name so this package does not depend on it.
        return html`<latch-profile-details labelled-by=${`${this.uid}-details-heading`} .client=${this.resolveClient()} .locale=${this.locale ?? this.language}></latch-profile-details>`;
      case 'email':
        return this.renderEmail();
      case 'password':
        return this.renderPassword();
      case 'security':
        return html`<latch-mfa-enroll .client=${this.resolveClient()} .locale=${this.locale ?? this.language}></latch-mfa-enroll>`;
      case 'sessions':
        return this.renderSessions();
      case 'privacy':
        return this.renderPrivacy();
    }
  }

  private renderEmail(): TemplateResult {
    const busy = this.busy === 'email';
    const current = this.account
      ? html`<p class="latch-profile__value">${this.t('profile.email.current', { email: this.account.email })}</p>`
      : html`<p class="latch-profile__value">${this.t('status.loading')}</p>`;
    if (this.pendingEmail) {
      const id = `${this.uid}-email-code`;
      return html`${current}
        <p class="latch-profile__intro" part="intro" id=${`${id}-intro`}>${this.t('profile.email.sent', { email: this.pendingEmail })}</p>
        <form class="latch-form" part="form" method="post" aria-describedby=${`${id}-intro`} @submit=${this.onConfirmEmailChange}>
          <div class="latch-field" part="field" data-field="code">
            <label class="latch-field__label" part="label" for=${id}>${this.t('profile.email.field.code')}</label>
            <input class="latch-field__input" part="input" id=${id} name="code" type="text" autocomplete="one-time-code" inputmode="numeric" required maxlength="16" />
          </div>
          <div class="latch-actions" part="actions">
            <button class="latch-button" part="button" data-kind="primary" type="submit" ?disabled=${busy}>${this.t('profile.email.action.confirm')}</button>
            <button class="latch-button" part="button" data-kind="secondary" type="button" ?disabled=${busy} @click=${this.onCancelEmailChange}>${this.t('profile.email.action.cancel')}</button>
          </div>
        </form>`;
    }
    if (this.editing !== 'email') {
      return html`${current}
        <div class="latch-actions" part="actions">
          <button class="latch-button" part="button" data-kind="secondary" id=${`${this.uid}-email-edit`} type="button" value="email" ?disabled=${!this.account} @click=${this.onEdit}>${this.t('profile.email.action.edit')}</button>
        </div>`;
    }
    const id = `${this.uid}-email-new`;
    return html`${current}
      <form class="latch-form" part="form" method="post" @submit=${this.onRequestEmailChange}>
        <div class="latch-field" part="field" data-field="email">
          <label class="latch-field__label" part="label" for=${id}>${this.t('profile.email.field.new')}</label>
          <input class="latch-field__input" part="input" id=${id} name="email" type="email" autocomplete="email" required maxlength="254" />
        </div>
        <div class="latch-actions" part="actions">
          <button class="latch-button" part="button" data-kind="primary" type="submit" ?disabled=${busy}>${this.t('profile.email.action.send')}</button>
          <button class="latch-button" part="button" data-kind="secondary" type="button" ?disabled=${busy} @click=${this.onCloseEdit}>${this.t('profile.action.cancel')}</button>
        </div>
      </form>`;
  }

  private renderPassword(): TemplateResult {
    const busy = this.busy === 'password';
    const currentId = `${this.uid}-password-current`;
    const newId = `${this.uid}-password-new`;
    const hasPassword = this.account?.hasPassword ?? true;
    if (this.editing !== 'password') {
      return html`<div class="latch-actions" part="actions">
        <button class="latch-button" part="button" data-kind="secondary" id=${`${this.uid}-password-edit`} type="button" value="password" @click=${this.onEdit}>${this.t(hasPassword ? 'profile.password.action.edit' : 'profile.password.action.set')}</button>
      </div>`;
    }
    return html`<form class="latch-form" part="form" method="post" @submit=${this.onChangePassword}>
      <!-- For password managers: which account the new password belongs to. -->
      <input type="text" name="username" autocomplete="username" value=${this.account?.email ?? ''} hidden readonly />
      ${hasPassword
        ? html`<div class="latch-field" part="field" data-field="current-password">
            <label class="latch-field__label" part="label" for=${currentId}>${this.t('profile.password.field.current')}</label>
            <input class="latch-field__input" part="input" id=${currentId} name="current-password" type="password" autocomplete="current-password" maxlength="1024" aria-describedby=${`${currentId}-help`} />
            <p class="latch-field__help" part="help" id=${`${currentId}-help`}>${this.t('profile.password.help.current')}</p>
          </div>`
        : nothing}
      <div class="latch-field" part="field" data-field="new-password">
        <label class="latch-field__label" part="label" for=${newId}>${this.t('profile.password.field.new')}</label>
        <input class="latch-field__input" part="input" id=${newId} name="new-password" type="password" autocomplete="new-password" required maxlength="1024" />
      </div>
      <div class="latch-actions" part="actions">
        <button class="latch-button" part="button" data-kind="primary" type="submit" ?disabled=${busy}>${this.t('profile.password.action.save')}</button>
        <button class="latch-button" part="button" data-kind="secondary" type="button" ?disabled=${busy} @click=${this.onCloseEdit}>${this.t('profile.action.cancel')}</button>
      </div>
    </form>`;
  }

  private renderSessions(): TemplateResult {
    const busy = this.busy === 'sessions';
    const lang = this.strings.lang;
    if (!this.sessions) return html`<p class="latch-profile__value">${this.t('status.loading')}</p>`;
    const others = this.sessions.some((item) => !item.current);
    return html`<ul class="latch-profile__sessions" part="list">
        ${this.sessions.map((item) => {
          const name = this.t('profile.sessions.name', {
            browser: item.browser ?? this.t('profile.sessions.unknown-browser'),
            os: item.os ?? this.t('profile.sessions.unknown-os'),
          });
          return html`<li class="latch-profile__session" part="item" data-session=${item.id} data-current=${item.current ? 'true' : 'false'}>
            <div>
              <p class="latch-profile__session-name">${name} ${item.current ? html`<strong class="latch-profile__badge" part="badge">${this.t('profile.sessions.current')}</strong>` : nothing}</p>
              <p class="latch-profile__session-meta">${this.t(`profile.sessions.device.${item.device}`)}${item.ipArea ? html` · ${this.t('profile.sessions.ip', { area: item.ipArea })}` : nothing}</p>
              <p class="latch-profile__session-meta">${this.t('profile.sessions.last-seen', { date: new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(item.lastSeenAt)) })}</p>
            </div>
            ${item.current
              ? nothing
              : html`<button class="latch-button" part="button" data-kind="secondary" type="button" value=${item.id} aria-label=${this.t('profile.sessions.action.revoke.label', { name })} ?disabled=${busy} @click=${this.onRevokeSession}>
                  ${this.t('profile.sessions.action.revoke')}
                </button>`}
          </li>`;
        })}
      </ul>
      <div class="latch-actions" part="actions">
        ${others ? html`<button class="latch-button" part="button" data-kind="secondary" type="button" ?disabled=${busy} @click=${this.onSignOutOthers}>${this.t('profile.sessions.action.others')}</button>` : nothing}
        <button class="latch-button" part="button" data-kind="secondary" type="button" ?disabled=${busy} @click=${this.onSignOutEverywhere}>${this.t('profile.sessions.action.everywhere')}</button>
      </div>`;
  }

  private renderPrivacy(): TemplateResult {
    const busy = this.busy === 'privacy';
    const client = this.resolveClient();
    return html`<latch-consent .client=${client} .locale=${this.locale ?? this.language}></latch-consent>
      <h3 class="latch-profile__subheading" part="subheading">${this.t('profile.privacy.download.heading')}</h3>
      <p class="latch-profile__intro" part="intro">${this.t('profile.privacy.download.intro')}</p>
      <div class="latch-actions" part="actions">
        <a class="latch-button" part="button" data-kind="secondary" href=${client.exportUrl} download>${this.t('profile.privacy.action.download')}</a>
      </div>
      <h3 class="latch-profile__subheading" part="subheading">${this.t('profile.privacy.delete.heading')}</h3>
      <p class="latch-profile__intro" part="intro" id=${`${this.uid}-delete-intro`}>${this.t('profile.privacy.delete.intro')}</p>
      ${this.confirmingDelete
        ? html`<p class="latch-profile__warning" role="note">${this.t('profile.privacy.delete.confirm')}</p>
            <div class="latch-actions" part="actions">
              <button class="latch-button" part="button" data-kind="danger" id=${`${this.uid}-delete-confirm`} type="button" ?disabled=${busy} @click=${this.onDelete}>${this.t('profile.privacy.action.delete-confirm')}</button>
              <button class="latch-button" part="button" data-kind="secondary" type="button" ?disabled=${busy} @click=${this.onCancelDelete}>${this.t('profile.action.cancel')}</button>
            </div>`
        : html`<div class="latch-actions" part="actions">
            <button class="latch-button" part="button" data-kind="danger" id=${`${this.uid}-delete`} type="button" aria-describedby=${`${this.uid}-delete-intro`} @click=${this.onAskDelete}>${this.t('profile.privacy.action.delete')}</button>
          </div>`}`;
  }

}

declare global {
  interface HTMLElementTagNameMap {
    'latch-profile': LatchProfile;
  }
}
