import { contrastRatio, darkTheme, lightTheme } from '@latch/tokens';
import { describe, expect, it } from 'vitest';
import { brandingSettingsSchema } from './brandingSettings.ts';
import { resolveBranding } from './resolveBranding.ts';

const acme = { slug: 'acme', name: 'Acme', logoUrl: 'https://cdn.example/acme.svg' };
const settings = (input: unknown) => brandingSettingsSchema.parse(input);

describe('resolveBranding', () => {
  it('keeps AA on the primary colour by choosing the text colour, and derives a hover that keeps it', () => {
    for (const primary of ['#0f766e', '#1d4ed8', '#ea580c', '#111']) {
      const { properties } = resolveBranding(settings({ colors: { primary } }), acme);
      expect(properties['--latch-color-action-primary']).toBe(primary);
      const on = properties['--latch-color-text-on-action']!;
      expect(contrastRatio(on, primary)).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(on, properties['--latch-color-action-primary-hover']!)).toBeGreaterThanOrEqual(4.5);
      expect(properties['--latch-focus-ring-color']).toBe(primary);
    }
    // Orange is light enough that dark text contrasts more than white.
    expect(resolveBranding(settings({ colors: { primary: '#ea580c' } }), acme).properties['--latch-color-text-on-action']).toBe('#0f172a');
  });

  it('rejects a primary colour the focus ring and buttons would vanish with (brand_color_contrast)', () => {
    expect(() => resolveBranding(settings({ colors: { primary: '#fde047' } }), acme)).toThrow(expect.objectContaining({ code: 'brand_color_contrast', status: 422 }));
    // The same pale yellow works on the dark theme, where the background is dark.
    expect(resolveBranding(settings({ baseTheme: 'dark', colors: { primary: '#fde047' } }), acme).properties['--latch-color-text-on-action']).toBe('#0f172a');
    expect(() => resolveBranding(settings({ baseTheme: 'dark', colors: { primary: '#1e1b4b' } }), acme)).toThrow(expect.objectContaining({ code: 'brand_color_contrast' }));
  });

  it('rejects a link colour below 4.5:1 on the backgrounds', () => {
    expect(() => resolveBranding(settings({ colors: { link: '#60a5fa' } }), acme)).toThrow(expect.objectContaining({ code: 'brand_color_contrast' }));
    expect(resolveBranding(settings({ colors: { link: '#1e40af' } }), acme).properties['--latch-color-action-secondary']).toBe('#1e40af');
  });

  it("carries the base theme's values, so it applies without themes.css, and defaults to the organization's name and logo", () => {
    const dark = resolveBranding(settings({ baseTheme: 'dark' }), acme);
    expect(dark.properties['--latch-color-surface-default']).toBe(darkTheme['--latch-color-surface-default']);
    expect(dark.properties['--latch-spacing-4']).toBeUndefined();
    expect(dark).toMatchObject({ displayName: 'Acme', logoUrl: acme.logoUrl, organization: { slug: 'acme', name: 'Acme' } });
    expect(resolveBranding(settings({}), null)).toEqual({
      organization: null,
      displayName: null,
      logoUrl: null,
      baseTheme: 'light',
      properties: {},
      copy: { signInHeading: null, signUpHeading: null },
    });
    expect(lightTheme['--latch-color-surface-default']).toBe('#ffffff');
  });
});

describe('brandingSettingsSchema', () => {
  it.each([
    ['a named colour', { colors: { primary: 'red' } }],
    ['CSS smuggled after a colour', { colors: { primary: '#0f766e; --latch-x: url(evil)' } }],
    ['rgb()', { colors: { link: 'rgb(0 0 0)' } }],
    ['an alpha hex', { colors: { primary: '#0f766e80' } }],
    ['an http logo', { logoUrl: 'http://cdn.example/a.svg' }],
    ['a javascript: logo', { logoUrl: 'javascript:alert(1)' }],
    ['a protocol-relative logo', { logoUrl: '//evil.example/a.svg' }],
    ['a logo breaking out of url()', { logoUrl: 'https://a.example/x.svg)' }],
    ['copy over the limit', { copy: { signInHeading: 'x'.repeat(81) } }],
    ['copy with a line break', { copy: { signInHeading: 'Hello\nthere' } }],
    ['an unknown theme', { baseTheme: 'neon' }],
    ['an unknown key', { colours: { primary: '#000' } }],
  ])('rejects %s', (_what, input) => {
    expect(brandingSettingsSchema.safeParse(input).success).toBe(false);
  });

  it('accepts https and same-origin logos and short hex colours', () => {
    expect(brandingSettingsSchema.parse({ logoUrl: '/logos/acme.svg', colors: { primary: '#0a7' } })).toMatchObject({ logoUrl: '/logos/acme.svg', colors: { primary: '#0a7', link: null } });
    expect(brandingSettingsSchema.parse({ logoUrl: 'https://cdn.example/acme.svg' }).logoUrl).toBe('https://cdn.example/acme.svg');
  });
});

describe('client branding from config', () => {
  it('fails at start-up, naming the client, when its colours cannot keep AA contrast', async () => {
    const { createBrandingService } = await import('./createBrandingService.ts');
    const deps = { db: {} as never, organizations: {} as never, audit: { record: async () => undefined } };
    expect(() => createBrandingService({ ...deps, clientBranding: { 'demo-app': settings({ colors: { primary: '#fef08a' } }) } })).toThrow(/clients\[demo-app\]\.branding: .*primary colour #fef08a/u);
    expect(() => createBrandingService({ ...deps, clientBranding: { 'demo-app': settings({ colors: { primary: '#0f766e' } }) } })).not.toThrow();
  });
});
