import { SignIn } from '@latch/react';
import { Link, navigate, safeReturnTo } from '../router.tsx';

export function SignInPage() {
  return (
    <section className="auth-card">
      <SignIn recoveryHref="/reset-password" onSignedIn={() => navigate(safeReturnTo(window.location.search, '/account'), { replace: true })} />
      <p>
        New here? <Link href="/sign-up">Sign up</Link>
      </p>
    </section>
  );
}
