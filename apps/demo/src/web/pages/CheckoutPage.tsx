import { ProgressiveProfile, useSession } from '@latch/react';
import { useEffect, useState } from 'react';
import { Link, navigate } from '../router.tsx';

/**
 * A checkout that needs a phone number for the courier: the `checkout`
 * progressive-profiling rule asks for it only when the profile lacks one.
 */
export function CheckoutPage() {
  const session = useSession();
  const [outcome, setOutcome] = useState<'asking' | 'ready' | 'skipped'>('asking');
  const signedOut = session.data?.authenticated === false;

  useEffect(() => {
    if (signedOut) navigate('/sign-in?return_to=%2Fcheckout', { replace: true });
  }, [signedOut]);

  if (!session.data?.authenticated) return <p aria-busy="true">Loading…</p>;
  return (
    <section>
      <h1>Checkout</h1>
      <p>One Acme Notes hardcover notebook, delivered to your door.</p>
      {outcome === 'asking' ? (
        <ProgressiveProfile promptKey="checkout" onProfileCompleted={() => setOutcome('ready')} onProfileSkipped={() => setOutcome('skipped')} />
      ) : (
        <p role="status">{outcome === 'ready' ? 'Your order is ready to place.' : 'No phone number: the courier will leave a note instead.'}</p>
      )}
      <p>
        <Link href="/account">Back to your account</Link>
      </p>
    </section>
  );
}
