import { z } from 'zod';
import { emailLocales, en, type EmailStrings, type PartialEmailStrings, type Plural } from './emailStrings.ts';
import { resolveEmailTheme, type EmailTheme, type EmailThemeInput } from './emailTheme.ts';

const link = z.url({ protocol: /^https?$/u });
const code = z.string().regex(/^\S{1,64}$/u, 'must be 1 to 64 characters without spaces');
const minutes = z.number().int().min(1).max(7 * 24 * 60);
const codeEmail = z.strictObject({ code, link, expiresInMinutes: minutes });

/** Each template's parameters; rendering validates them (a link must be an http(s) URL). */
const paramSchemas = {
  /** Confirms an address: the code to type and a link that does the same. */
  'verify-email': codeEmail,
  /** Passwordless sign-in: the code and a magic link. */
  'sign-in-code': codeEmail,
  /** The code and link that let the owner choose a new password. */
  'password-reset': codeEmail,
  /** Tells the owner the password changed; `resetLink` is offered in case it was not them. */
  'password-changed': z.strictObject({ changedAt: z.date(), resetLink: link.optional() }),
  /** Sent instead of a verification email when someone signs up with an address that has an account. */
  'account-exists': z.strictObject({ signInLink: link, resetLink: link }),
  /** Confirms a new address for an existing account: the code and a link, sent to the NEW address. */
  'email-change': codeEmail,
  /** Tells the OLD address that the account's address changed; `newEmail` is shown masked. */
  'email-changed': z.strictObject({ newEmail: z.string().min(3).max(254), changedAt: z.date(), resetLink: link.optional() }),
  /** Sent instead of a code when someone asks to move their account to an address that already has one. */
  'email-change-unavailable': z.strictObject({ signInLink: link }),
  /** An invitation to an organization: who invites, to what, with which role, and the accept link. */
  'organization-invitation': z.strictObject({
    organization: z.string().min(1).max(100),
    inviter: z.string().min(1).max(320),
    role: z.string().min(1).max(64),
    link,
    expiresInDays: z.number().int().min(1).max(90),
  }),
} satisfies Record<string, z.ZodType>;

export type EmailTemplate = keyof typeof paramSchemas;
export type EmailTemplateParams = { [K in EmailTemplate]: z.input<(typeof paramSchemas)[K]> };
export const emailTemplates = Object.keys(paramSchemas) as EmailTemplate[];

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface RenderEmailOptions<T extends EmailTemplate> {
  params: EmailTemplateParams[T];
  /** A BCP 47 tag such as `en-GB`; falls back to its language, then to English. Default `en`. */
  locale?: string | undefined;
  theme?: EmailThemeInput | EmailTheme | undefined;
  /** More locales, or overrides of shipped ones; each string missing falls back to English. */
  locales?: Readonly<Record<string, PartialEmailStrings>> | undefined;
}

/**
 * Renders one of the core's emails as a subject, a plain-text body and an
 * HTML body (inline styles and tables, which is what mail clients render).
 * Every parameter and string is HTML-escaped; throws `TypeError` for invalid
 * parameters or theme.
 */
export function renderEmail<T extends EmailTemplate>(template: T, options: RenderEmailOptions<T>): RenderedEmail {
  return render(template, options, resolveEmailTheme(options.theme));
}

export interface EmailRenderer {
  readonly theme: EmailTheme;
  render<T extends EmailTemplate>(template: T, options: { params: EmailTemplateParams[T]; locale?: string | undefined }): RenderedEmail;
}

/** `renderEmail()` with a theme and locales fixed once (validated here, not at the first email). */
export function createEmailRenderer(options: { theme?: EmailThemeInput; locales?: Readonly<Record<string, PartialEmailStrings>> } = {}): EmailRenderer {
  const theme = resolveEmailTheme(options.theme);
  return {
    theme,
    render: (template, { params, locale }) => render(template, { params, locale, locales: options.locales }, theme),
  };
}

// ---------------------------------------------------------------------------

type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'code'; code: string }
  | { kind: 'action'; label: string; url: string }
  | { kind: 'note'; text: string };

interface EmailContent {
  subject: string;
  preheader: string;
  heading: string;
  blocks: Block[];
}

interface Context {
  strings: EmailStrings;
  /** The locale whose strings were found, for `lang`. */
  lang: string;
  /** The locale to format numbers and dates in (the requested one when valid). */
  formatLocale: string;
  t(text: string, vars?: Record<string, string | number>): string;
  plural(forms: Plural, count: number): string;
}

type Templates = { [K in EmailTemplate]: (params: z.output<(typeof paramSchemas)[K]>, context: Context) => EmailContent };

function codeEmailContent(strings: EmailStrings['verify-email'], params: z.output<typeof codeEmail>, context: Context): EmailContent {
  const vars = { code: params.code };
  return {
    subject: context.t(strings.subject, vars),
    preheader: context.t(strings.preheader, vars),
    heading: context.t(strings.heading, vars),
    blocks: [
      { kind: 'paragraph', text: context.t(strings.intro, vars) },
      { kind: 'code', code: params.code },
      { kind: 'action', label: context.t(strings.action, vars), url: params.link },
      { kind: 'note', text: context.plural(strings.expires, params.expiresInMinutes) },
      { kind: 'note', text: context.t(strings.ignore, vars) },
    ],
  };
}

const templates: Templates = {
  'verify-email': (params, context) => codeEmailContent(context.strings['verify-email'], params, context),
  'email-change': (params, context) => codeEmailContent(context.strings['email-change'], params, context),
  'email-changed': (params, context) => {
    const strings = context.strings['email-changed'];
    const changedAt = new Intl.DateTimeFormat(context.formatLocale, { dateStyle: 'long', timeStyle: 'long', timeZone: 'UTC' }).format(params.changedAt);
    const blocks: Block[] = [
      { kind: 'paragraph', text: context.t(strings.intro, { changedAt, newEmail: maskEmail(params.newEmail) }) },
      { kind: 'paragraph', text: context.t(strings.ifNotYou) },
    ];
    if (params.resetLink) blocks.push({ kind: 'action', label: context.t(strings.action), url: params.resetLink });
    return { subject: context.t(strings.subject), preheader: context.t(strings.preheader), heading: context.t(strings.heading), blocks };
  },
  'email-change-unavailable': (params, context) => {
    const strings = context.strings['email-change-unavailable'];
    return {
      subject: context.t(strings.subject),
      preheader: context.t(strings.preheader),
      heading: context.t(strings.heading),
      blocks: [
        { kind: 'paragraph', text: context.t(strings.intro) },
        { kind: 'action', label: context.t(strings.signInAction), url: params.signInLink },
        { kind: 'note', text: context.t(strings.ignore) },
      ],
    };
  },
  'sign-in-code': (params, context) => codeEmailContent(context.strings['sign-in-code'], params, context),
  'password-reset': (params, context) => codeEmailContent(context.strings['password-reset'], params, context),
  'password-changed': (params, context) => {
    const strings = context.strings['password-changed'];
    const changedAt = new Intl.DateTimeFormat(context.formatLocale, { dateStyle: 'long', timeStyle: 'long', timeZone: 'UTC' }).format(params.changedAt);
    const blocks: Block[] = [
      { kind: 'paragraph', text: context.t(strings.intro, { changedAt }) },
      { kind: 'paragraph', text: context.t(strings.ifYou) },
      { kind: 'paragraph', text: context.t(strings.ifNotYou) },
    ];
    if (params.resetLink) blocks.push({ kind: 'action', label: context.t(strings.action), url: params.resetLink });
    return { subject: context.t(strings.subject), preheader: context.t(strings.preheader), heading: context.t(strings.heading), blocks };
  },
  'account-exists': (params, context) => {
    const strings = context.strings['account-exists'];
    return {
      subject: context.t(strings.subject),
      preheader: context.t(strings.preheader),
      heading: context.t(strings.heading),
      blocks: [
        { kind: 'paragraph', text: context.t(strings.intro) },
        { kind: 'action', label: context.t(strings.signInAction), url: params.signInLink },
        { kind: 'paragraph', text: context.t(strings.resetIntro) },
        { kind: 'action', label: context.t(strings.resetAction), url: params.resetLink },
        { kind: 'note', text: context.t(strings.ignore) },
      ],
    };
  },
  'organization-invitation': (params, context) => {
    const strings = context.strings['organization-invitation'];
    const vars = { organization: params.organization, inviter: params.inviter, role: params.role };
    return {
      subject: context.t(strings.subject, vars),
      preheader: context.t(strings.preheader, vars),
      heading: context.t(strings.heading, vars),
      blocks: [
        { kind: 'paragraph', text: context.t(strings.intro, vars) },
        { kind: 'action', label: context.t(strings.action, vars), url: params.link },
        { kind: 'note', text: context.plural(strings.expires, params.expiresInDays) },
        { kind: 'note', text: context.t(strings.ignore, vars) },
      ],
    };
  },
};

function render<T extends EmailTemplate>(
  template: T,
  options: { params: EmailTemplateParams[T]; locale?: string | undefined; locales?: Readonly<Record<string, PartialEmailStrings>> | undefined },
  theme: EmailTheme,
): RenderedEmail {
  const schema = paramSchemas[template] as z.ZodType | undefined;
  if (!schema) throw new TypeError(`renderEmail(): unknown template "${String(template)}"; expected one of ${emailTemplates.join(', ')}.`);
  const parsed = schema.safeParse(options.params);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(params)'}: ${issue.message}`).join('; ');
    throw new TypeError(`renderEmail("${template}"): invalid params: ${details}`);
  }
  const context = createContext(options.locale, options.locales, theme);
  const build = templates[template] as (params: unknown, context: Context) => EmailContent;
  const content = build(parsed.data, context);
  const subject = content.subject.replace(/\s+/gu, ' ').trim();
  return {
    subject,
    text: renderText(content, context),
    html: renderHtml({ ...content, subject }, context, theme),
  };
}

function createContext(requested: string | undefined, extra: Readonly<Record<string, PartialEmailStrings>> | undefined, theme: EmailTheme): Context {
  const available = new Map<string, PartialEmailStrings[]>();
  for (const [tag, strings] of [...Object.entries(emailLocales), ...Object.entries(extra ?? {})]) {
    const key = canonical(tag)?.toLowerCase();
    if (key) available.set(key, [...(available.get(key) ?? []), strings]);
  }
  const wanted = (requested && canonical(requested)) || 'en';
  // English first, then the language, then the exact tag: the most specific string wins.
  let strings = en;
  let lang = 'en';
  for (const tag of new Set(['en', wanted.split('-', 1)[0] ?? wanted, wanted])) {
    for (const found of available.get(tag.toLowerCase()) ?? []) {
      strings = mergeStrings(strings, found);
      lang = tag;
    }
  }
  const brand = theme.brandName;
  const pluralRules = new Intl.PluralRules(wanted);
  const numbers = new Intl.NumberFormat(wanted);
  const t = (text: string, vars: Record<string, string | number> = {}) => interpolate(text, { brand, ...vars });
  return {
    strings,
    lang,
    formatLocale: wanted,
    t,
    plural: (forms, count) => t(forms[pluralRules.select(count)] ?? forms.other, { count: numbers.format(count) }),
  };
}

function canonical(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

function mergeStrings(base: EmailStrings, override: PartialEmailStrings): EmailStrings {
  const merged = { ...base } as Record<string, unknown>;
  for (const [section, values] of Object.entries(override)) {
    if (values && section in base) merged[section] = { ...(base as unknown as Record<string, object>)[section], ...values };
  }
  return merged as unknown as EmailStrings;
}

function interpolate(text: string, vars: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/gu, (match, name: string) => (Object.hasOwn(vars, name) ? String(vars[name]) : match));
}

/** `ada.lovelace@example.com` → `a***e@example.com`: enough for the owner to recognise, little for a reader of the old inbox. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  const local = email.slice(0, at);
  const shown = local.length <= 2 ? `${local[0] ?? ''}***` : `${local[0] ?? ''}***${local.at(-1) ?? ''}`;
  return `${shown}${email.slice(at)}`;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/gu, (character) => `&#${character.charCodeAt(0)};`);
}

function renderText(content: EmailContent, context: Context): string {
  const parts = [content.heading];
  for (const block of content.blocks) {
    if (block.kind === 'code') parts.push(`${context.strings.common.codeLabel}: ${block.code}`);
    else if (block.kind === 'action') parts.push(`${block.label}: ${block.url}`);
    else parts.push(block.text);
  }
  parts.push(`--\n${context.t(context.strings.common.footer)}`);
  return `${parts.join('\n\n')}\n`;
}

function renderHtml(content: EmailContent, context: Context, theme: EmailTheme): string {
  const { colors } = theme;
  const font = escapeHtml(theme.fontFamily);
  const e = escapeHtml;
  const body = content.blocks
    .map((block) => {
      switch (block.kind) {
        case 'paragraph':
          return `<p style="margin:0 0 16px;">${e(block.text)}</p>`;
        case 'note':
          return `<p style="margin:0 0 12px;font-size:14px;color:${colors.mutedText};">${e(block.text)}</p>`;
        case 'code':
          return `<p style="margin:8px 0 24px;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:32px;line-height:1.2;font-weight:700;letter-spacing:6px;color:${colors.text};">${e(block.code)}</p>`;
        case 'action':
          return [
            `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:0 0 12px;"><tr><td style="border-radius:6px;background-color:${colors.primary};">`,
            `<a href="${e(block.url)}" style="display:inline-block;padding:12px 24px;border-radius:6px;color:${colors.primaryText};background-color:${colors.primary};font-weight:600;text-decoration:none;">${e(block.label)}</a>`,
            `</td></tr></table>`,
            `<p style="margin:0 0 24px;font-size:13px;color:${colors.mutedText};word-break:break-all;">${e(context.t(context.strings.common.linkFallback))}<br><a href="${e(block.url)}" style="color:${colors.primary};">${e(block.url)}</a></p>`,
          ].join('');
      }
    })
    .join('\n');
  const brand = theme.logoUrl
    ? `<img src="${e(theme.logoUrl)}" alt="${e(theme.brandName)}" height="32" style="display:block;height:32px;width:auto;border:0;margin:0 0 24px;">`
    : `<p style="margin:0 0 24px;font-size:18px;font-weight:700;color:${colors.text};">${e(theme.brandName)}</p>`;
  return `<!doctype html>
<html lang="${e(context.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${e(content.subject)}</title>
</head>
<body style="margin:0;padding:0;background-color:${colors.background};">
<div style="display:none;max-height:0;overflow:hidden;">${e(content.preheader)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background-color:${colors.background};">
<tr><td align="center" style="padding:32px 16px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background-color:${colors.surface};border:1px solid ${colors.border};border-radius:8px;">
<tr><td style="padding:32px;font-family:${font};font-size:16px;line-height:1.5;color:${colors.text};text-align:left;">
${brand}
<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3;color:${colors.text};">${e(content.heading)}</h1>
${body}
</td></tr>
</table>
<p style="margin:16px 0 0;font-family:${font};font-size:12px;color:${colors.mutedText};">${e(context.t(context.strings.common.footer))}</p>
</td></tr>
</table>
</body>
</html>
`;
}
