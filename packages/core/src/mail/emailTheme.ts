import { z } from 'zod';

/** How the core's emails look. Colours are hex only: they end up in inline `style` attributes. */
export interface EmailTheme {
  /** Shown as the sender's name in the text and, without `logoUrl`, as the wordmark. */
  brandName: string;
  /** An absolute http(s) URL of the logo (shown 32 px high; `brandName` is its alt text). */
  logoUrl: string | undefined;
  fontFamily: string;
  colors: {
    /** Behind the card. */
    background: string;
    /** The card. */
    surface: string;
    text: string;
    /** Footer and fine print. */
    mutedText: string;
    border: string;
    /** Buttons. */
    primary: string;
    /** Text on buttons. */
    primaryText: string;
  };
}

const hexColor = z.string().regex(/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/iu, 'must be a hex colour such as #4f46e5');

/** What a caller may pass: any subset of `EmailTheme`; the rest comes from `defaultEmailTheme`. */
export const emailThemeInputSchema = z.strictObject({
  brandName: z.string().trim().min(1).max(100).optional(),
  logoUrl: z.url({ protocol: /^https?$/u }).optional(),
  fontFamily: z
    .string()
    .regex(/^[\w\s,'-]{1,200}$/u, 'may hold only font names, spaces, commas, hyphens and single quotes')
    .optional(),
  colors: z
    .strictObject({
      background: hexColor.optional(),
      surface: hexColor.optional(),
      text: hexColor.optional(),
      mutedText: hexColor.optional(),
      border: hexColor.optional(),
      primary: hexColor.optional(),
      primaryText: hexColor.optional(),
    })
    .optional(),
});

export type EmailThemeInput = z.input<typeof emailThemeInputSchema>;

/** Latch's own palette (the `@latch/tokens` light theme): indigo actions on slate. */
export const defaultEmailTheme: EmailTheme = Object.freeze({
  brandName: 'Latch',
  logoUrl: undefined,
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
  colors: Object.freeze({
    background: '#f8fafc',
    surface: '#ffffff',
    text: '#0f172a',
    mutedText: '#475569',
    border: '#e2e8f0',
    primary: '#4f46e5',
    primaryText: '#ffffff',
  }),
});

/** Validates a partial theme and fills in the defaults; throws `TypeError` naming every bad value. */
export function resolveEmailTheme(input: EmailThemeInput = {}): EmailTheme {
  const result = emailThemeInputSchema.safeParse(input);
  if (!result.success) {
    const details = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
    throw new TypeError(`Invalid email theme: ${details}`);
  }
  const theme = result.data;
  return {
    brandName: theme.brandName ?? defaultEmailTheme.brandName,
    logoUrl: theme.logoUrl ?? defaultEmailTheme.logoUrl,
    fontFamily: theme.fontFamily ?? defaultEmailTheme.fontFamily,
    colors: { ...defaultEmailTheme.colors, ...stripUndefined(theme.colors ?? {}) },
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
