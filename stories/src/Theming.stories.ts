import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { signInPasswordInvalidCredentials, signUpPasswordTooShort } from '@latch/elements/fixtures';
import { html } from 'lit';
import { renderFlow } from './renderFlow.ts';
import { themed, themeNames, type ThemeName } from './themes.ts';

interface ThemeStoryArgs {
  theme: ThemeName;
}

/**
 * The same elements under each theme. Every theme is `--latch-*` custom
 * properties only (see `src/themes.ts`): no fork, no `!important`, no
 * selector reaching into the components. The states shown carry most of the
 * styled parts: alert, read-only and invalid inputs, field message, primary
 * and secondary buttons. The toolbar's Theme menu applies the same themes to
 * every other story.
 */
const meta = {
  title: 'Theming',
  render: ({ theme }) =>
    themed(
      theme,
      html`<div style="display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: start">
        ${renderFlow('latch-sign-in', { start: { flow: signInPasswordInvalidCredentials }, latencyMs: 0 })}
        ${renderFlow('latch-sign-up', { start: { flow: signUpPasswordTooShort }, latencyMs: 0 })}
      </div>`,
    ),
  args: { theme: 'light' },
  argTypes: { theme: { control: 'inline-radio', options: themeNames } },
  // The story picks its theme with its own arg; the toolbar's would only wrap it again.
  parameters: { layout: 'fullscreen', latchTheme: { disable: true } },
} satisfies Meta<ThemeStoryArgs>;

export default meta;
type Story = StoryObj<ThemeStoryArgs>;

/** The default theme from `@latch/tokens` (`lightThemeCss` on `:root`). */
export const Light: Story = {};

/** A dark theme built from the same tokens with a few semantic aliases changed, emitted under `.latch-theme-dark`. */
export const Dark: Story = { args: { theme: 'dark' } };

/** A brand theme as a product team would write it: a handful of `--latch-*` properties in its own CSS. */
export const Brand: Story = { args: { theme: 'brand' } };
