import type { Flow } from './flow.ts';

/** An error answer from the BFF, with its stable `code` and HTTP status. */
export class LatchApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** The flow with its messages, when a submission was rejected on its values. */
  readonly flow: Flow | undefined;

  constructor(options: { status: number; code: string; message: string; flow?: Flow }) {
    super(options.message);
    this.name = 'LatchApiError';
    this.status = options.status;
    this.code = options.code;
    this.flow = options.flow;
  }
}
