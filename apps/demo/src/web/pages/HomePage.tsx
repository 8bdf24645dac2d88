import { useSession } from '@latch/react';
import { Link } from '../router.tsx';

export function HomePage() {
  const session = useSession();
  return (
    <section className="hero">
      <h1>Latch demo</h1>
      <p>A small product site whose sign-up and sign-in come from Latch's components, backend-for-frontend and identity core.</p>
      {session.data?.authenticated ? (
        <p>
          You are signed in. <Link href="/account">Go to your account</Link>
        </p>
      ) : (
        <p className="actions">
          <Link href="/sign-in" className="button">
            Sign in
          </Link>
          <Link href="/sign-up" className="button secondary">
            Sign up
          </Link>
        </p>
      )}
    </section>
  );
}
