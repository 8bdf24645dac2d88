import { SignUp } from '@latch/react';
import { Link, navigate } from '../router.tsx';

export function SignUpPage() {
  return (
    <section className="auth-card">
      <SignUp onSignedIn={() => navigate('/account', { replace: true })} />
      <p>
        Already have an account? <Link href="/sign-in">Sign in</Link>
      </p>
    </section>
  );
}
