import type Provider from 'oidc-provider';
import type { AccountCaller } from '../http/authenticateAccount.ts';

/**
 * How the login session behind an access token signed in (its RFC 8176
 * `amr`, as the flow completed it). Refreshed tokens keep their session uid,
 * so this holds for the whole session; `undefined` when the token is bound to
 * no session or the session has ended.
 */
export async function sessionAmr(provider: Provider, caller: Pick<AccountCaller, 'sessionUid' | 'accountId'>): Promise<string[] | undefined> {
  if (!caller.sessionUid) return undefined;
  const session = await provider.Session.findByUid(caller.sessionUid);
  if (!session || session.accountId !== caller.accountId || !Array.isArray(session.amr)) return undefined;
  return session.amr.filter((value): value is string => typeof value === 'string');
}
