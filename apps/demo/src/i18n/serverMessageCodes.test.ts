import { FLOW_ROUTE_ERROR_CODES } from '@latch/bff';
import { FLOW_ERROR_CODES, FLOW_MESSAGE_CODES } from '@latch/core';
import { en } from '@latch/elements';
import { describe, expect, it } from 'vitest';

// Server messages carry stable codes; the elements translate `message.<code>`.
// This lives in the demo because it is the one package that sees the core,
// the BFF and the elements together. The other tables are held to en's keys
// by packages/elements/src/locales/locales.test.ts, so en covering a code
// means every shipped language does.
const strings: Readonly<Record<string, string>> = en.strings;

describe('every server message code has a string', () => {
  it('the core’s flow messages (steps, fields, consent, profile validation, organization step)', () => {
    expect(FLOW_MESSAGE_CODES.length).toBeGreaterThan(20);
    expect(FLOW_MESSAGE_CODES).toEqual(
      expect.arrayContaining(['org_not_available', 'sign_in_method_not_allowed', 'personal_account_disabled', 'org_mfa_required', 'org_mfa_unavailable', 'enrollment_expired']),
    );
    expect(FLOW_MESSAGE_CODES.filter((code) => strings[`message.${code}`] === undefined)).toEqual([]);
  });

  it('the error codes of the core’s flow API and of the BFF’s flow routes', () => {
    const codes = [...FLOW_ERROR_CODES, ...FLOW_ROUTE_ERROR_CODES];
    expect(codes.filter((code) => strings[`message.${code}`] === undefined)).toEqual([]);
  });
});
