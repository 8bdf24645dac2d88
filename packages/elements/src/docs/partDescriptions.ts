/**
 * What each part name means, whichever element renders it. The names are the
 * stable styling contract (STYLING.md); renaming one is a breaking change.
 */
export const partDescriptions: Readonly<Record<string, string>> = {
  base: "The element's outermost rendered wrapper.",
  logo: "The organization's logo, when runtime branding provides one.",
  heading: 'The heading of the current step or view (focused on step changes).',
  subheading: 'A heading inside the element, below the main one.',
  intro: 'Explanatory text under the heading.',
  section: 'One section of a multi-section element.',
  form: 'The real `<form>` the inputs sit in.',
  field: 'One field: label, input, help and messages.',
  label: "A field's `<label>` (or `<legend>` for a group).",
  input: 'An `<input>` or `<select>`; the light DOM input password managers see.',
  help: "A field's help text.",
  message: 'A message under a field (`data-severity="error"` or `"info"`).',
  alert: 'The live region for flow-level errors.',
  'alert-message': 'One message inside the alert.',
  status: 'The polite live region announcing progress.',
  actions: 'The row of buttons.',
  button: 'Any button; `data-kind="primary"` or `"secondary"` tells them apart.',
  links: 'The row of links under the form.',
  link: 'A link.',
  strength: 'The password strength meter and its text.',
  'strength-meter': 'The four segments of the strength meter.',
  'strength-text': 'The strength summary read to screen readers.',
  list: 'A list of items (organizations, sessions, passkeys, purposes, members).',
  item: 'One entry of a list.',
  badge: 'A small status badge.',
  'qr-code': 'The TOTP QR code.',
  secret: 'The TOTP secret shown for manual entry.',
  'recovery-codes': 'The list of recovery codes.',
};
