import type { FlowField } from '@latch/client';
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { enStrength } from '../locales/enStrength.ts';
import { addEnglish } from '../locales/english.ts';
import type { LatchLocale } from '../locales/LatchLocale.ts';
import { localize } from '../locales/localize.ts';
import type { NewPasswordAddon } from '../flow/renderFlowField.ts';
import { injectStyles } from '../styles/injectStyles.ts';
import type { PasswordStrength } from './estimatePasswordStrength.ts';
import { strengthStyles } from './strength.styles.ts';

/**
 * The advisory strength meter of a new password (sign-up, recovery). The
 * server decides what it accepts; the estimator and its word list load on the
 * first keystroke, so a page that never gets that far never downloads them.
 */
export class PasswordStrengthMeter implements ReactiveController, NewPasswordAddon {
  private strengths: Record<string, PasswordStrength> = {};
  private readonly host: ReactiveControllerHost & Element;
  private readonly strings: () => LatchLocale;

  constructor(host: ReactiveControllerHost & Element, strings: () => LatchLocale) {
    this.host = host;
    this.strings = strings;
    addEnglish(enStrength);
    host.addController(this);
  }

  hostConnected(): void {
    injectStyles(this.host.ownerDocument, strengthStyles);
  }

  reset(): void {
    this.strengths = {};
  }

  readonly onInput = (event: Event): void => {
    const input = event.currentTarget as HTMLInputElement;
    void import('./estimatePasswordStrength.ts').then(({ estimatePasswordStrength }) => {
      // What else the user typed (their email) is the first thing a guesser tries.
      const userInputs = [...(input.form?.querySelectorAll<HTMLInputElement>('input[type="email"], input[type="text"]') ?? [])].map((other) => other.value);
      // Read when the estimator arrives: the field holds what was typed meanwhile.
      const strength = estimatePasswordStrength(input.value, { minLength: input.minLength > 0 ? input.minLength : undefined, userInputs });
      this.strengths = { ...this.strengths, [input.name]: strength };
      this.host.requestUpdate();
    });
  };

  /**
   * A meter (role="meter", named "Password strength") and a visible text that
   * says the level; the text is a polite live region, always in the DOM so
   * changes are announced, and only when the level changes, not on every
   * keystroke. The meter itself is rendered only once something is typed (its
   * name contains "Password", so a hidden one would still trip up
   * substring label lookups such as Playwright's `getByLabel('Password')`).
   */
  render(field: FlowField, id: string): TemplateResult {
    const strength = this.strengths[field.name];
    const locale = this.strings();
    const levelText = strength && strength.score > 0 ? (localize(locale, `strength.${strength.level}`) ?? strength.level) : '';
    return html`
      <div class="latch-strength" part="strength" data-level=${strength?.level ?? 'empty'}>
        ${levelText
          ? html`<div
              class="latch-strength__meter" part="strength-meter"
              id=${`${id}-strength`}
              role="meter"
              aria-label=${localize(locale, 'strength.label') ?? ''}
              aria-valuemin="0"
              aria-valuemax="4"
              aria-valuenow=${strength?.score ?? 0}
              aria-valuetext=${levelText}
            >${[1, 2, 3, 4].map((segment) => html`<span class="latch-strength__segment" ?data-filled=${segment <= (strength?.score ?? 0)}></span>`)}</div>`
          : nothing}
        <p class="latch-strength__text" part="strength-text" aria-live="polite">${levelText ? (localize(locale, 'strength.summary', { level: levelText }) ?? levelText) : ''}</p>
      </div>
    `;
  }
}
