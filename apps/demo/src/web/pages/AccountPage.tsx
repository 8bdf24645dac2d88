import { Consent, MfaEnrollment, useSession, useSignOut } from '@latch/react';
import { useEffect } from 'react';
import { navigate } from '../router.tsx';

export function AccountPage() {
  const session = useSession();
  const signOut = useSignOut();
  const signedOut = session.data?.authenticated === false;

  useEffect(() => {
    // The server redirects a signed-out visitor who loads this page; this covers in-app navigation.
    if (signedOut) navigate('/sign-in?return_to=%2Faccount', { replace: true });
  }, [signedOut]);

  if (session.isError) return <p role="alert">We could not load your account. Reload the page to try again.</p>;
  if (!session.data?.authenticated) return <p aria-busy="true">Loading…</p>;
  return (
    <section>
      <h1>Your account</h1>
      <p>
        Signed in as <strong>{session.data.user.email}</strong>
      </p>
      <button
        type="button"
        disabled={signOut.isPending}
        onClick={() => signOut.mutate(undefined, { onSuccess: () => navigate('/', { replace: true }) })}
      >
        Sign out
      </button>
      {signOut.isError ? <p role="alert">Signing out failed. Try again.</p> : null}
      <h2>Security</h2>
      <MfaEnrollment />
      <Consent />
    </section>
  );
}
