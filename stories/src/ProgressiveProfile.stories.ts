import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { checkoutPrompt, errors, everyFieldTypePrompt, profilePromptComplete, signInProfileStepInvalid } from '@latch/elements/fixtures';
import { en } from '@latch/elements';
import { fails, never, renderElement, type ElementStory } from './renderElement.ts';

/** `<latch-progressive-profile key="…">`: an on-demand profiling prompt, e.g. before checkout. */
const t = en.strings;

const meta = {
  title: 'Elements/Progressive profile',
  component: 'latch-progressive-profile',
  render: (args) => renderElement('latch-progressive-profile', { ...args, attributes: { key: 'checkout', ...args.attributes } }),
  args: { handlers: { startProfileFlow: () => checkoutPrompt } },
  parameters: { actions: { handles: ['latch:profile-completed', 'latch:profile-skipped'] } },
} satisfies Meta<ElementStory>;

export default meta;
type Story = StoryObj<ElementStory>;

/** The `checkout` prompt: a required phone, interests (multiselect), the newsletter box, Skip for now. */
export const Checkout: Story = {};

/** One field of every type a rule can ask for: text, email, tel, url, number, date, select, multiselect, checkbox. */
export const EveryFieldType: Story = {
  args: { handlers: { startProfileFlow: () => everyFieldTypePrompt } },
};

/** Answers refused (422 with field messages). */
export const FieldErrors: Story = {
  args: { handlers: { startProfileFlow: () => signInProfileStepInvalid } },
};

/** Saved: the prompt completes. */
export const Completed: Story = {
  args: {
    handlers: { startProfileFlow: () => checkoutPrompt, submitFlow: () => profilePromptComplete },
    actions: [{ fill: 'Phone', value: '+44 20 7946 0000' }, { press: t['action.profile.submit'] }],
  },
};

/** Too many submissions (429). */
export const RateLimited: Story = {
  args: {
    handlers: { startProfileFlow: () => checkoutPrompt, submitFlow: fails(errors.rateLimited) },
    actions: [{ fill: 'Phone', value: '+44 20 7946 0000' }, { press: t['action.profile.submit'] }],
  },
};

/** Waiting for the prompt. */
export const Loading: Story = {
  args: { handlers: { startProfileFlow: never } },
};

/** The prompt could not be started (offline). */
export const Unavailable: Story = {
  args: { handlers: { startProfileFlow: fails(errors.network) } },
};
