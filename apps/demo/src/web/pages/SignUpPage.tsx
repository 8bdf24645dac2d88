import { SignUp } from '@latch/react';
import { Link, navigate, safeReturnTo } from '../router.tsx';

export function SignUpPage() {
  return (
    <section className="auth-card">
      <SignUp onSignedIn={() => navigate(safeReturnTo(window.location.search, '/account'), { replace: true })} />
      <p>
        Already have an account? <Link href="/sign-in">Sign in</Link>
      </p>
    </section>
  );
}
