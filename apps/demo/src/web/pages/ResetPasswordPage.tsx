import { PasswordReset } from '@latch/react';
import { Link, navigate } from '../router.tsx';

/**
 * "Forgot password?": email, emailed code, new password. The reset email's
 * link lands here with `?flow=<id>` (in the browser that asked), and the
 * element resumes that flow at the new-password step.
 */
export function ResetPasswordPage() {
  const flowId = new URLSearchParams(window.location.search).get('flow') ?? undefined;
  return (
    <section className="auth-card">
      <PasswordReset {...(flowId ? { flowId } : {})} onSignedIn={() => navigate('/account', { replace: true })} />
      <p>
        Remembered it? <Link href="/sign-in">Sign in</Link>
      </p>
    </section>
  );
}
