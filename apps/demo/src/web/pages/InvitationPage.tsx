import type { InvitationPreview, LatchClient } from '@latch/client';
import { useLatchClient, useSession } from '@latch/react';
import { useEffect, useState } from 'react';
import { Link, navigate } from '../router.tsx';

type Preview = { status: 'loading' } | { status: 'ready'; invitation: InvitationPreview } | { status: 'error'; code: string };

const reasons: Record<string, string> = {
  invitation_expired: 'This invitation has expired. Ask for a new one.',
  invitation_used: 'This invitation has already been accepted.',
  invitation_revoked: 'This invitation was withdrawn.',
  invitation_not_found: 'This invitation link is not valid.',
  invitation_email_mismatch: 'This invitation is for another email address. Sign in with that one.',
  invalid: 'This invitation link is not valid.',
};

async function preview(client: LatchClient, token: string): Promise<Preview> {
  try {
    return { status: 'ready', invitation: await client.previewInvitation({ token }) };
  } catch (error) {
    return { status: 'error', code: (error as { code?: string }).code ?? 'invalid' };
  }
}

/** Where the invitation email's link lands (`?invitation=<token>`): shows the invitation and accepts it once signed in. */
export function InvitationPage() {
  const client = useLatchClient();
  const session = useSession();
  const params = new URLSearchParams(window.location.search);
  const token = params.get('invitation') ?? '';
  const [state, setState] = useState<Preview>(token ? { status: 'loading' } : { status: 'error', code: params.get('invitation_error') ?? 'invalid' });
  const [accepting, setAccepting] = useState(false);
  const [refusal, setRefusal] = useState<string | undefined>();

  useEffect(() => {
    if (token) void preview(client, token).then(setState);
  }, [client, token]);

  if (state.status === 'loading' || !session.data) return <p aria-busy="true">Loading…</p>;
  if (state.status === 'error') return <p role="alert">{reasons[state.code] ?? reasons.invalid}</p>;
  const { invitation } = state;
  const here = encodeURIComponent(`/invitation?invitation=${token}`);

  async function accept() {
    setAccepting(true);
    setRefusal(undefined);
    try {
      const joined = await client.acceptInvitation({ token });
      await client.switchOrganization({ organizationId: joined.id });
      navigate('/organization', { replace: true });
    } catch (error) {
      setRefusal((error as { code?: string }).code ?? 'invalid');
    } finally {
      setAccepting(false);
    }
  }

  return (
    <section className="auth-card">
      <h1>Join {invitation.organization.name}</h1>
      <p>
        {invitation.email} is invited to join {invitation.organization.name} as {invitation.role}.
      </p>
      {session.data.authenticated ? (
        <button type="button" disabled={accepting} onClick={() => void accept()}>
          Accept invitation
        </button>
      ) : (
        <p className="actions">
          <Link href={`/sign-in?return_to=${here}`} className="button">
            Sign in to accept
          </Link>
          <Link href={`/sign-up?return_to=${here}`} className="button secondary">
            Create an account to accept
          </Link>
        </p>
      )}
      {refusal ? <p role="alert">{reasons[refusal] ?? 'The invitation could not be accepted. Try again.'}</p> : null}
    </section>
  );
}
