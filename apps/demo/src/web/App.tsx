import { OrgSwitcher, useSession } from '@latch/react';
import { Link, usePathname } from './router.tsx';
import { AccountPage } from './pages/AccountPage.tsx';
import { CheckoutPage } from './pages/CheckoutPage.tsx';
import { EmailLinkPage } from './pages/EmailLinkPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { ResetPasswordPage } from './pages/ResetPasswordPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { SignUpPage } from './pages/SignUpPage.tsx';
import { OrganizationPage } from './pages/OrganizationPage.tsx';
import { InvitationPage } from './pages/InvitationPage.tsx';

export function App() {
  const pathname = usePathname();
  return (
    <>
      <header className="site-header">
        <Link href="/" className="brand">
          Acme Notes
        </Link>
        <nav aria-label="Main">
          <SessionLinks />
        </nav>
      </header>
      <main>{page(pathname)}</main>
    </>
  );
}

function page(pathname: string) {
  switch (pathname) {
    case '/':
      return <HomePage />;
    case '/sign-in':
      return <SignInPage />;
    case '/sign-up':
      return <SignUpPage />;
    case '/account':
      return <AccountPage />;
    case '/checkout':
      return <CheckoutPage />;
    case '/email-link':
      return <EmailLinkPage />;
    case '/reset-password':
      return <ResetPasswordPage />;
    case '/organization':
      return <OrganizationPage />;
    case '/invitation':
      return <InvitationPage />;
    default:
      return <NotFoundPage />;
  }
}

function SessionLinks() {
  const session = useSession();
  if (session.data?.authenticated) {
    return (
      <>
        <Link href="/account">Account</Link> <Link href="/organization">Organization</Link>
        <OrgSwitcher className="header-org-switcher" />
      </>
    );
  }
  return null;
}
