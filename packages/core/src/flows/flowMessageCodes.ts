import { consentMessages } from '../consent/consentMessages.ts';
import { organizationMessages } from '../organizations/organizationSteps.ts';
import { PROFILE_ERROR_CODES } from '../profile/validateProfileValues.ts';
import type { FlowMessage } from './flowTypes.ts';
import { messages } from './messages.ts';

// Called without arguments only to read the code; the text is discarded.
const codesOf = (factories: Record<string, (...args: never[]) => FlowMessage>): string[] => Object.values(factories).map((factory) => factory().code);

/**
 * Every code a flow message (of a step or of a field, sign-in's organization
 * steps included) can carry. Components
 * translate each as `message.<code>`; the English `text` is only the fallback
 * for a client whose table lacks the code.
 */
export const FLOW_MESSAGE_CODES: readonly string[] = [...new Set([...codesOf(messages), ...codesOf(consentMessages), ...codesOf(organizationMessages), ...PROFILE_ERROR_CODES])];

/**
 * The error codes of the core's flow API (`/flows`, `/flows/:id/submit`,
 * on-demand profile flows) that reach the browser through the BFF.
 */
export const FLOW_ERROR_CODES: readonly string[] = [
  'invalid_request',
  'flow_not_found',
  'flow_expired',
  'step_mismatch',
  'flow_completed',
  'flow_step_failed',
  'rate_limited',
  'rate_limit_unavailable',
  'unknown_profile_prompt',
];
