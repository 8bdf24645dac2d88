import { OrgProfile, useSession } from '@latch/react';
import { useState } from 'react';
import { Link } from '../router.tsx';

/** The active organization's settings, and a call to the product's admin-only API route. */
export function OrganizationPage() {
  const session = useSession();
  const [report, setReport] = useState<string | undefined>();
  if (!session.data) return <p aria-busy="true">Loading…</p>;
  if (!session.data.authenticated) {
    return (
      <p>
        <Link href="/sign-in?return_to=%2Forganization">Sign in</Link> to manage your organization.
      </p>
    );
  }
  const organization = session.data.organization;

  async function loadReport() {
    const response = await fetch('/api/org-report', { headers: { accept: 'application/json' } });
    const body = (await response.json().catch(() => ({}))) as { report?: string; error?: { code?: string } };
    setReport(response.ok ? `${response.status}: ${body.report ?? ''}` : `${response.status}: ${body.error?.code ?? 'error'}`);
  }

  return (
    <section>
      <h1>Organization</h1>
      <p>{organization ? `Acting in ${organization.name} as ${organization.role}.` : 'You are using your personal account. Choose an organization in the header.'}</p>
      <h2>Admin report</h2>
      <p>This product route is guarded by requireOrgRole('admin').</p>
      <button type="button" onClick={() => void loadReport()}>
        Load admin report
      </button>
      <p role="status" aria-live="polite">
        {report ?? ''}
      </p>
      {/* Keyed by organization, so switching shows the new one's settings. */}
      {organization ? <OrgProfile key={organization.id} organizationId={organization.id} /> : null}
    </section>
  );
}
