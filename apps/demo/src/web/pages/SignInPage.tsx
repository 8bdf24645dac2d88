import { SignIn } from '@latch/react';
import { Link, navigate, safeReturnTo } from '../router.tsx';

/** `?organization=acme` signs in on Acme's branded page (logo, colours, heading from its branding settings). */
function organizationParam(): string | undefined {
  const slug = new URLSearchParams(window.location.search).get('organization');
  return slug && /^[a-z0-9-]{1,100}$/u.test(slug) ? slug : undefined;
}

export function SignInPage() {
  return (
    <section className="auth-card">
      <SignIn organization={organizationParam()} recoveryHref="/reset-password" onSignedIn={() => navigate(safeReturnTo(window.location.search, '/account'), { replace: true })} />
      <p>
        New here? <Link href="/sign-up">Sign up</Link>
      </p>
    </section>
  );
}
