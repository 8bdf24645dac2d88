import { LatchError } from '../errors.ts';
import type { ProfileFieldError } from './validateProfileValues.ts';

/**
 * A profile update refused on its values: 400 `invalid_profile`, with every
 * refused field under `error.fields` (`{ company: [{ code: 'too_long', … }] }`).
 * Nothing of the update was stored.
 */
export class InvalidProfileError extends LatchError {
  readonly fields: Record<string, ProfileFieldError[]>;
  constructor(fields: Record<string, ProfileFieldError[]>) {
    super({ status: 400, code: 'invalid_profile', message: `Some profile values were refused: ${Object.keys(fields).join(', ')}.` });
    this.fields = fields;
  }
}
