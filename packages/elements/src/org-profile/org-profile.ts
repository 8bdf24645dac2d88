import {
  type LatchClient,
  type Organization,
  type OrganizationDomain,
  type OrganizationInvitation,
  type OrganizationMember,
  type OrganizationRole,
  type SignInMethod,
} from '@latch/client';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { errorCode, LatchAccountElement } from '../account/LatchAccountElement.ts';
import { enOrg } from '../locales/enOrg.ts';
import { orgProfileStyles } from './org-profile.styles.ts';

let nextInstance = 0;

/** The methods the policy section offers, in the order the core lists them. */
const SIGN_IN_METHODS: readonly SignInMethod[] = ['password', 'passkey', 'email_code'];
const can = (org: Organization | undefined, permission: string) => org?.permissions.includes(permission) ?? false;

/**
 * @summary An organization's settings for its admins: details, members (search, change role, remove), invitations (send, resend, withdraw), verified domains and policy.
 *
 * @tag latch-org-profile
 *
 * @attr organization-id - The organization to show; defaults to the session's active organization.
 * @attr base-url - Where the BFF's `/auth` routes live, when no `client` property is given.
 * @prop client - The `LatchClient` to use; one is created on first connect when unset.
 * @attr locale - The language, a BCP 47 tag such as `de` (tables: en, de, fr, ja, ar; others fall back to English); unset: the nearest `lang` (the page's). The `locale` property also takes a `LatchLocale` table.
 *
 * Sections appear by the user's permissions in the organization
 * (`org:update`, `org:members:read`/`manage`, `org:invitations:manage`,
 * `org:domains:manage`, `org:policy:manage`); the server enforces them too.
 * Refusals (`last_owner`, `invalid_email`, `domain_verification_failed`, …)
 * are announced in the alert region by their stable code.
 *
 * Light DOM (no `::part()`): style the documented `.latch-org-profile__*` classes under `latch-org-profile`.
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
export class LatchOrgProfile extends LatchAccountElement {
  static override properties = {
    ...LatchAccountElement.properties,
    organizationId: { attribute: 'organization-id' },
    organization: { state: true },
    members: { state: true },
    invitations: { state: true },
    domains: { state: true },
    roles: { state: true },
    busy: { state: true },
    alert: { state: true },
    notice: { state: true },
    loading: { state: true },
  };

  declare organizationId: string | undefined;

  declare protected organization: Organization | undefined;
  declare protected members: OrganizationMember[];
  declare protected invitations: OrganizationInvitation[];
  declare protected domains: OrganizationDomain[];
  declare protected roles: OrganizationRole[];
  declare protected busy: boolean;
  declare protected alert: string | undefined;
  declare protected notice: string | undefined;
  declare protected loading: boolean;

  private readonly uid = `latch-org-profile-${++nextInstance}`;
  private loadedFor: string | undefined;
  private search = '';

  constructor() {
    super({ stylesheet: orgProfileStyles, english: enOrg });
    this.organizationId = undefined;
    this.organization = undefined;
    this.members = [];
    this.invitations = [];
    this.domains = [];
    this.roles = [];
    this.busy = false;
    this.alert = undefined;
    this.notice = undefined;
    this.loading = true;
  }

  /** Another organization loads again. */
  protected override needsLoad(changed: PropertyValues<this>): boolean {
    return changed.has('organizationId') && this.organizationId !== this.loadedFor;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // A select's value binding would run before its options render; set it once they exist.
    for (const select of this.querySelectorAll<HTMLSelectElement>('select[data-selected]')) select.value = select.dataset.selected ?? '';
  }

  /** Reloads everything the user may see of the organization. */
  override async load(): Promise<void> {
    const client = this.resolveClient();
    this.loadedWith = client;
    this.loading = true;
    this.alert = undefined;
    try {
      let id = this.organizationId;
      if (!id) {
        const session = await client.getSession();
        id = session.authenticated ? session.organization?.id : undefined;
      }
      this.loadedFor = id;
      if (!id) {
        this.organization = undefined;
        return;
      }
      const organization = await client.getOrganization({ id });
      const [members, invitations, domains, roles] = await Promise.all([
        can(organization, 'org:members:read') ? client.listMembers({ organizationId: id, ...(this.search ? { search: this.search } : {}) }) : { members: [] },
        can(organization, 'org:invitations:manage') ? client.listInvitations({ organizationId: id }) : { invitations: [] },
        can(organization, 'org:domains:manage') ? client.listDomains({ organizationId: id }) : { domains: [] },
        client.listOrganizationRoles(),
      ]);
      if (this.loadedWith !== client) return;
      this.organization = organization;
      this.members = members.members;
      this.invitations = invitations.invitations;
      this.domains = domains.domains;
      this.roles = roles.roles;
    } catch (error) {
      this.alert = errorCode(error);
    } finally {
      this.loading = false;
    }
  }

  private async run(task: (client: LatchClient, id: string) => Promise<string | undefined>): Promise<void> {
    const id = this.organization?.id;
    if (this.busy || !id) return;
    this.busy = true;
    this.alert = undefined;
    this.notice = undefined;
    try {
      const notice = await task(this.resolveClient(), id);
      await this.load();
      this.notice = notice;
    } catch (error) {
      this.alert = errorCode(error);
    } finally {
      this.busy = false;
    }
  }

  private readonly onSaveDetails = (event: SubmitEvent): void => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    void this.run(async (client, id) => {
      await client.updateOrganization({ id, patch: { name: String(form.get('name') ?? '').trim(), slug: String(form.get('slug') ?? '').trim() } });
      return this.t('org.status.saved');
    });
  };

  private readonly onSavePolicy = (event: SubmitEvent): void => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const domainJoin = form.get('domainJoin') === 'auto' ? 'auto' : 'offer';
    void this.run(async (client, id) => {
      // Every method ticked means no restriction (null), so methods added later are not shut out.
      const ticked = SIGN_IN_METHODS.filter((method) => form.getAll('allowedMethods').includes(method));
      const allowedMethods = ticked.length === SIGN_IN_METHODS.length ? null : ticked;
      await client.updateOrganization({ id, patch: { policy: { requireMfa: form.get('requireMfa') === 'on', allowedMethods }, domainJoin } });
      return this.t('org.status.saved');
    });
  };

  private readonly onSearch = (event: Event): void => {
    this.search = (event.currentTarget as HTMLInputElement).value.trim();
    void this.load();
  };

  private readonly onRoleChange = (event: Event): void => {
    const select = event.currentTarget as HTMLSelectElement;
    const member = this.members.find((candidate) => candidate.userId === select.dataset.member);
    const role = select.value;
    if (!member) return;
    void this.run(async (client, id) => {
      await client.changeMemberRole({ organizationId: id, userId: member.userId, role });
      return this.t('org.status.role-changed', { email: member.email, role });
    });
  };

  private readonly onRemoveMember = (event: Event): void => {
    const member = this.members.find((candidate) => candidate.userId === (event.currentTarget as HTMLButtonElement).value);
    if (!member) return;
    void this.run(async (client, id) => {
      await client.removeMember({ organizationId: id, userId: member.userId });
      return this.t('org.status.removed', { email: member.email });
    });
  };

  private readonly onInvite = (event: SubmitEvent): void => {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    const email = String(form.get('email') ?? '').trim();
    void this.run(async (client, id) => {
      await client.inviteMember({ organizationId: id, email, role: String(form.get('role') ?? 'member') });
      formElement.reset();
      return this.t('org.status.invited', { email });
    });
  };

  private invitationAction(event: Event, action: 'revoke' | 'resend'): void {
    const invitation = this.invitations.find((candidate) => candidate.id === (event.currentTarget as HTMLButtonElement).value);
    if (!invitation) return;
    void this.run(async (client, id) => {
      if (action === 'revoke') await client.revokeInvitation({ organizationId: id, invitationId: invitation.id });
      else await client.resendInvitation({ organizationId: id, invitationId: invitation.id });
      return this.t(action === 'revoke' ? 'org.status.revoked' : 'org.status.resent', { email: invitation.email });
    });
  }

  private readonly onRevoke = (event: Event): void => this.invitationAction(event, 'revoke');
  private readonly onResend = (event: Event): void => this.invitationAction(event, 'resend');

  private readonly onAddDomain = (event: SubmitEvent): void => {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const domain = String(new FormData(formElement).get('domain') ?? '').trim();
    void this.run(async (client, id) => {
      await client.addDomain({ organizationId: id, domain });
      formElement.reset();
      return this.t('org.status.domain-added');
    });
  };

  private domainAction(event: Event, action: 'verify' | 'remove'): void {
    const domain = this.domains.find((candidate) => candidate.id === (event.currentTarget as HTMLButtonElement).value);
    if (!domain) return;
    void this.run(async (client, id) => {
      if (action === 'verify') {
        await client.verifyDomain({ organizationId: id, domainId: domain.id });
        return this.t('org.status.domain-verified', { domain: domain.domain });
      }
      await client.removeDomain({ organizationId: id, domainId: domain.id });
      return undefined;
    });
  }

  private readonly onVerifyDomain = (event: Event): void => this.domainAction(event, 'verify');
  private readonly onRemoveDomain = (event: Event): void => this.domainAction(event, 'remove');

  protected override render(): TemplateResult {
    const locale = this.strings;
    const org = this.organization;
    return html`
      <div class="latch-flow latch-org-profile" part="base" lang=${locale.lang} aria-busy=${this.busy || this.loading ? 'true' : 'false'}>
        <h2 class="latch-heading" part="heading">${org ? org.name : this.t('org.profile.heading')}</h2>
        <!-- No whitespace inside: the stylesheet hides the region with :empty until it has a message. -->
        <div class="latch-alert" part="alert" role="alert" aria-live="assertive" aria-atomic="true">${this.alert
          ? html`<p class="latch-alert__message" part="alert-message" data-code=${this.alert}>${this.errorText('org', this.alert)}</p>`
          : nothing}</div>
        <p class="latch-status" part="status" role="status" aria-live="polite">${this.loading ? this.t('status.loading') : (this.notice ?? '')}</p>
        ${!this.loading && !org && !this.alert ? html`<p>${this.t('org.profile.none')}</p>` : nothing}
        ${org
          ? html`${can(org, 'org:update') ? this.renderDetails(org) : nothing} ${can(org, 'org:members:read') ? this.renderMembers(org) : nothing}
            ${can(org, 'org:invitations:manage') ? this.renderInvitations() : nothing} ${can(org, 'org:domains:manage') ? this.renderDomains() : nothing}
            ${can(org, 'org:policy:manage') ? this.renderPolicy(org) : nothing}`
          : nothing}
      </div>
    `;
  }

  private section(key: string, content: TemplateResult): TemplateResult {
    const id = `${this.uid}-${key}`;
    return html`<section class="latch-org-profile__section" part="section" aria-labelledby=${id}>
      <h3 class="latch-org-profile__section-heading" part="subheading" id=${id}>${this.t(`org.profile.${key}`)}</h3>
      ${content}
    </section>`;
  }

  private field(name: string, label: string, input: TemplateResult): TemplateResult {
    return html`<div class="latch-field" part="field" data-field=${name}>
      <label class="latch-field__label" part="label" for=${`${this.uid}-${name}`}>${label}</label>
      ${input}
    </div>`;
  }

  private roleOptions(selected: string, allowOwner: boolean): TemplateResult[] {
    return this.roles
      .filter((role) => allowOwner || role.name !== 'owner' || selected === 'owner')
      .map((role) => html`<option value=${role.name}>${role.name}</option>`);
  }

  private renderDetails(org: Organization): TemplateResult {
    return this.section(
      'details',
      html`<form class="latch-form" part="form" method="post" @submit=${this.onSaveDetails}>
        ${this.field('name', this.t('org.field.name'), html`<input class="latch-field__input" part="input" id=${`${this.uid}-name`} name="name" type="text" required maxlength="100" .value=${org.name} />`)}
        ${this.field(
          'slug',
          this.t('org.field.slug'),
          html`<input class="latch-field__input" part="input" id=${`${this.uid}-slug`} name="slug" type="text" required minlength="2" maxlength="48" .value=${org.slug} />`,
        )}
        <div class="latch-actions" part="actions"><button class="latch-button" part="button" data-kind="primary" type="submit" ?disabled=${this.busy}>${this.t('org.action.save')}</button></div>
      </form>`,
    );
  }

  private renderMembers(org: Organization): TemplateResult {
    const manage = can(org, 'org:members:manage');
    const isOwner = org.role === 'owner';
    return this.section(
      'members',
      html`${this.field(
          'search',
          this.t('org.field.search'),
          html`<input class="latch-field__input" part="input" id=${`${this.uid}-search`} name="search" type="search" autocomplete="off" maxlength="100" @change=${this.onSearch} />`,
        )}
        <ul class="latch-org-profile__list" part="list">
          ${this.members.map(
            (member) => html`<li class="latch-org-profile__row" part="item" data-member=${member.userId}>
              <span>${member.email}</span>
              ${manage && (isOwner || member.role !== 'owner')
                ? html`<select
                      class="latch-field__input" part="input"
                      aria-label=${this.t('org.action.role.label', { email: member.email })}
                      data-member=${member.userId}
                      data-selected=${member.role}
                      ?disabled=${this.busy}
                      @change=${this.onRoleChange}
                    >
                      ${this.roleOptions(member.role, isOwner)}
                    </select>
                    <button
                      class="latch-button" part="button"
                      data-kind="secondary"
                      type="button"
                      value=${member.userId}
                      aria-label=${this.t('org.action.remove-member.label', { email: member.email })}
                      ?disabled=${this.busy}
                      @click=${this.onRemoveMember}
                    >${this.t('org.action.remove-member')}</button>`
                : html`<span class="latch-org-profile__role">${member.role}</span>`}
            </li>`,
          )}
        </ul>`,
    );
  }

  private renderInvitations(): TemplateResult {
    const isOwner = this.organization?.role === 'owner';
    return this.section(
      'invitations',
      html`<form class="latch-form latch-org-profile__inline" part="form" method="post" @submit=${this.onInvite}>
          ${this.field(
            'email',
            this.t('org.field.email'),
            html`<input class="latch-field__input" part="input" id=${`${this.uid}-email`} name="email" type="email" autocomplete="off" required maxlength="254" />`,
          )}
          ${this.field('role', this.t('org.field.role'), html`<select class="latch-field__input" part="input" id=${`${this.uid}-role`} name="role" data-selected="member">${this.roleOptions('member', isOwner)}</select>`)}
          <button class="latch-button" part="button" data-kind="primary" type="submit" ?disabled=${this.busy}>${this.t('org.action.invite')}</button>
        </form>
        ${this.invitations.length === 0
          ? html`<p>${this.t('org.profile.no-invitations')}</p>`
          : html`<ul class="latch-org-profile__list" part="list">
              ${this.invitations.map(
                (invitation) => html`<li class="latch-org-profile__row" part="item" data-invitation=${invitation.id}>
                  <span
                    >${this.t('org.profile.invitation', { email: invitation.email, role: invitation.role, status: this.t(`org.profile.invitation.${invitation.status}`) })}</span
                  >
                  ${invitation.status === 'pending' || invitation.status === 'expired'
                    ? html`<span>
                        <button
                          class="latch-button" part="button"
                          data-kind="secondary"
                          type="button"
                          value=${invitation.id}
                          aria-label=${this.t('org.action.resend.label', { email: invitation.email })}
                          ?disabled=${this.busy}
                          @click=${this.onResend}
                        >${this.t('org.action.resend')}</button>
                        <button
                          class="latch-button" part="button"
                          data-kind="secondary"
                          type="button"
                          value=${invitation.id}
                          aria-label=${this.t('org.action.revoke.label', { email: invitation.email })}
                          ?disabled=${this.busy}
                          @click=${this.onRevoke}
                        >${this.t('org.action.revoke')}</button>
                      </span>`
                    : nothing}
                </li>`,
              )}
            </ul>`}`,
    );
  }

  private renderDomains(): TemplateResult {
    return this.section(
      'domains',
      html`<form class="latch-form latch-org-profile__inline" part="form" method="post" @submit=${this.onAddDomain}>
          ${this.field(
            'domain',
            this.t('org.field.domain'),
            html`<input class="latch-field__input" part="input" id=${`${this.uid}-domain`} name="domain" type="text" autocomplete="off" required maxlength="253" />`,
          )}
          <button class="latch-button" part="button" data-kind="primary" type="submit" ?disabled=${this.busy}>${this.t('org.action.add-domain')}</button>
        </form>
        ${this.domains.length === 0
          ? html`<p>${this.t('org.profile.no-domains')}</p>`
          : html`<ul class="latch-org-profile__list" part="list">
              ${this.domains.map(
                (domain) => html`<li class="latch-org-profile__row" part="item" data-domain=${domain.id}>
                  <span class="latch-org-profile__txt"
                    >${domain.verified
                      ? this.t('org.profile.domain.verified', { domain: domain.domain })
                      : this.t('org.profile.domain.pending', { domain: domain.domain, name: domain.txtRecord.name, value: domain.txtRecord.value })}</span
                  >
                  <span>
                    ${domain.verified
                      ? nothing
                      : html`<button
                          class="latch-button" part="button"
                          data-kind="primary"
                          type="button"
                          value=${domain.id}
                          aria-label=${this.t('org.action.verify-domain.label', { domain: domain.domain })}
                          ?disabled=${this.busy}
                          @click=${this.onVerifyDomain}
                        >${this.t('org.action.verify-domain')}</button>`}
                    <button
                      class="latch-button" part="button"
                      data-kind="secondary"
                      type="button"
                      value=${domain.id}
                      aria-label=${this.t('org.action.remove-domain.label', { domain: domain.domain })}
                      ?disabled=${this.busy}
                      @click=${this.onRemoveDomain}
                    >${this.t('org.action.remove-domain')}</button>
                  </span>
                </li>`,
              )}
            </ul>`}`,
    );
  }

  private renderPolicy(org: Organization): TemplateResult {
    return this.section(
      'policy',
      html`<form class="latch-form" part="form" method="post" @submit=${this.onSavePolicy}>
        <div class="latch-field" part="field" data-field="requireMfa">
          <label class="latch-field__label" part="label">
            <input id=${`${this.uid}-require-mfa`} name="requireMfa" type="checkbox" .checked=${org.policy.requireMfa} />
            ${this.t('org.field.require-mfa')}
          </label>
        </div>
        <fieldset class="latch-field latch-field__group" data-field="allowedMethods" aria-describedby=${`${this.uid}-allowed-methods-help`}>
          <legend class="latch-field__label">${this.t('org.field.allowed-methods')}</legend>
          ${SIGN_IN_METHODS.map(
            (method) => html`<label class="latch-field__check">
              <input name="allowedMethods" type="checkbox" value=${method} .checked=${org.policy.allowedMethods === null || org.policy.allowedMethods.includes(method)} />
              ${this.t(`org.method.${method}`)}
            </label>`,
          )}
          <p class="latch-field__help" id=${`${this.uid}-allowed-methods-help`}>${this.t('org.field.allowed-methods.help')}</p>
        </fieldset>
        ${this.field(
          'domain-join',
          this.t('org.field.domain-join'),
          html`<select class="latch-field__input" part="input" id=${`${this.uid}-domain-join`} name="domainJoin">
            <option value="offer" ?selected=${org.domainJoin === 'offer'}>${this.t('org.domain-join.offer')}</option>
            <option value="auto" ?selected=${org.domainJoin === 'auto'}>${this.t('org.domain-join.auto')}</option>
          </select>`,
        )}
        <div class="latch-actions" part="actions"><button class="latch-button" part="button" data-kind="primary" type="submit" ?disabled=${this.busy}>${this.t('org.action.save')}</button></div>
      </form>`,
    );
  }

}

declare global {
  interface HTMLElementTagNameMap {
    'latch-org-profile': LatchOrgProfile;
  }
}
