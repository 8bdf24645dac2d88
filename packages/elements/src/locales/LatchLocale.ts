/**
 * A locale table: every user-visible string the elements show, by key.
 *
 * Keys: `heading.<flow type>`, `field.<field name>`, `action.<step>.<action>`
 * (falling back to `action.<action>`), `message.<code>` (server message codes
 * plus the client's own: `flow_expired`, `network_error`, `generic`, …) and
 * `status.<state>`. Values may hold `{param}` placeholders.
 */
export interface LatchLocale {
  /** BCP 47 tag, e.g. `en`, `fr-CA`. */
  readonly lang: string;
  readonly strings: Readonly<Record<string, string>>;
}
