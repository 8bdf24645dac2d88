import type { FlowMessage } from '../flows/flowTypes.ts';

/** The consent steps' messages: stable codes, English fallback text. */
export const consentMessages = {
  required: (title: string): FlowMessage => ({ code: 'consent_required', severity: 'error', text: `You must accept "${title}" to continue.`, params: { title } }),
  updated: (): FlowMessage => ({ code: 'consent_updated', severity: 'info', text: 'We have updated some of the terms you agreed to. Please review them to continue.' }),
  declined: (): FlowMessage => ({
    code: 'consent_declined',
    severity: 'error',
    text: 'You did not accept the updated terms, so you have not been signed in. Sign in again when you are ready to accept them.',
  }),
};
