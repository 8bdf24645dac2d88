import { describe, expect, it } from 'vitest';
import { parseCoreOptions, type CoreOptions } from './config.ts';

const base: CoreOptions = { issuer: 'http://localhost:3000/oidc', clients: [{ clientId: 'app', redirectUris: ['http://localhost:3000/auth/callback'] }] };

describe('passwordPolicy', () => {
  it('defaults to 15…256 characters (NIST SP 800-63B rev. 4, password as the only factor)', () => {
    expect(parseCoreOptions(base).passwordPolicy).toEqual({ minLength: 15, maxLength: 256 });
    expect(parseCoreOptions({ ...base, passwordPolicy: { maxLength: 64 } }).passwordPolicy).toEqual({ minLength: 15, maxLength: 64 });
  });

  it('allows a minimum down to 8 and a maximum from 64 to 1024', () => {
    expect(parseCoreOptions({ ...base, passwordPolicy: { minLength: 8, maxLength: 1024 } }).passwordPolicy).toEqual({ minLength: 8, maxLength: 1024 });
    expect(parseCoreOptions({ ...base, passwordPolicy: { minLength: 64, maxLength: 64 } }).passwordPolicy).toEqual({ minLength: 64, maxLength: 64 });
  });

  it.each([{ minLength: 7 }, { minLength: 65 }, { maxLength: 63 }, { maxLength: 1025 }, { minLength: 12.5 }])('refuses %j', (passwordPolicy) => {
    expect(() => parseCoreOptions({ ...base, passwordPolicy })).toThrow(/passwordPolicy\.(minLength|maxLength)/u);
  });

  it('offers no composition rules', () => {
    expect(() => parseCoreOptions({ ...base, passwordPolicy: { requireDigit: true } as never })).toThrow(/passwordPolicy/u);
  });
});
