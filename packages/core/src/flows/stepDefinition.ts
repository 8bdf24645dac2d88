import type { PasswordHasher } from '../users/passwordHasher.ts';
import type { UserRepository } from '../users/userRepository.ts';
import type { RateLimiter } from '../rateLimit/createRateLimiter.ts';
import type { FlowAction, FlowField, FlowMessage, RequestContext } from './flowTypes.ts';

/** What the engine remembers between steps; never sent to the browser as is. */
export interface FlowPrivateState {
  step: string;
  email?: string;
}

export interface PasswordPolicy {
  minLength: number;
  maxLength: number;
}

export interface StepDependencies {
  users: UserRepository;
  hasher: PasswordHasher;
  rateLimiter: RateLimiter;
  passwordPolicy: PasswordPolicy;
}

export interface StepInput {
  action: string;
  values: Record<string, string>;
  state: FlowPrivateState;
  context: RequestContext;
  deps: StepDependencies;
}

export type StepOutcome =
  | { kind: 'next'; state: FlowPrivateState }
  | { kind: 'invalid'; fieldMessages: Record<string, FlowMessage[]>; flowMessages: FlowMessage[] }
  | { kind: 'complete'; accountId: string; amr: string[] };

export type FieldTemplate = Omit<FlowField, 'messages'>;

export interface StepDefinition {
  fields(state: FlowPrivateState, deps: StepDependencies): FieldTemplate[];
  actions: FlowAction[];
  handle(input: StepInput): Promise<StepOutcome>;
}

export const submitAction: FlowAction = { name: 'submit', kind: 'primary' };

export function invalid(fieldMessages: Record<string, FlowMessage[]>, flowMessages: FlowMessage[] = []): StepOutcome {
  return { kind: 'invalid', fieldMessages, flowMessages };
}
