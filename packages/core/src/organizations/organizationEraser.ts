import type { AccountEraser } from '../account/accountExport.ts';
import { OrganizationError } from './createOrganizationService.ts';

/**
 * Account deletion and organizations: an organization the user owns alone
 * while others are members would be left without an owner, so the deletion is
 * refused (409 `last_owner`, naming them; make someone else owner, or delete
 * the organization, first). An organization whose only member is the user is
 * deleted with the account: no one else loses anything. Other memberships go
 * with the user row. Runs inside the deletion's transaction, with the
 * organizations locked as a role change locks them, so a concurrent demotion
 * cannot slip between the check and the delete.
 */
export const organizationEraser: AccountEraser = async ({ userId, trx }) => {
  const owned = await trx
    .selectFrom('latch_org_memberships')
    .select('organization_id')
    .where('user_id', '=', userId)
    .where('role', '=', 'owner')
    .execute();
  if (owned.length === 0) return;
  const ids = owned.map((row) => row.organization_id);
  const orgs = await trx.selectFrom('latch_organizations').select(['id', 'name']).where('id', 'in', ids).orderBy('name').forUpdate().execute();
  const counts = await trx
    .selectFrom('latch_org_memberships')
    .select((eb) => [
      'organization_id',
      eb.fn.countAll<string>().as('members'),
      eb.fn.sum<string>(eb.case().when('role', '=', 'owner').then(1).else(0).end()).as('owners'),
    ])
    .where('organization_id', 'in', ids)
    .groupBy('organization_id')
    .execute();
  const byId = new Map(counts.map((row) => [row.organization_id, { members: Number(row.members), owners: Number(row.owners) }]));
  const blocking = orgs.filter((org) => {
    const count = byId.get(org.id);
    return count !== undefined && count.owners <= 1 && count.members > 1;
  });
  if (blocking.length > 0) {
    throw new OrganizationError({
      status: 409,
      code: 'last_owner',
      message: `You are the only owner of ${blocking.map((org) => org.name).join(', ')}: make someone else owner, or delete the organization, before deleting your account.`,
    });
  }
  const alone = orgs.filter((org) => (byId.get(org.id)?.members ?? 0) <= 1).map((org) => org.id);
  if (alone.length > 0) await trx.deleteFrom('latch_organizations').where('id', 'in', alone).execute();
};
