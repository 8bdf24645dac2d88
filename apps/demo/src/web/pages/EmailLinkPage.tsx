import { Link } from '../router.tsx';

/** Where the BFF sends an emailed link that did not sign this browser in (`?email_link=…`). */
const invalid = {
  title: 'This link does not work',
  body: 'Check that you opened the whole link from the email, or send a new code.',
};

const outcomes: Record<string, { title: string; body: string }> = {
  verified: {
    title: 'Email address verified',
    body: 'Your email address is confirmed. Go back to the tab where you started signing up to continue; it picks up on its own.',
  },
  expired: {
    title: 'This link has expired',
    body: 'The link was already used or is too old. Go back to where you started and send a new code.',
  },
  other_browser: {
    title: 'Open the link in the same browser',
    body: 'For your safety, sign-in and password-reset links only work in the browser where you asked for them. Open the link there, or type the code from the email instead.',
  },
  email_changed: {
    title: 'Email address changed',
    body: 'Your account now uses the new address. Use it the next time you sign in.',
  },
  signed_out: {
    title: 'Sign in to confirm your new address',
    body: 'This link only works in a browser where you are signed in to the account that asked for the change. Sign in there, or type the code from the email on your account page.',
  },
  invalid,
};

export function EmailLinkPage() {
  const key = new URLSearchParams(window.location.search).get('email_link') ?? 'invalid';
  const outcome = outcomes[key] ?? invalid;
  return (
    <section className="auth-card">
      <h1>{outcome.title}</h1>
      <p>{outcome.body}</p>
      <p>
        <Link href="/sign-in">Sign in</Link>
      </p>
    </section>
  );
}
