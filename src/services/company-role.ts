import { ForbiddenError, NotFoundError, type Actor, type CallerFacts, type CompanyRole } from '../domain/index.js';
import type { CompanyStore } from '../ports/index.js';

export type CompanyRoleReader = Pick<CompanyStore, 'roleOf'>;

/**
 * The caller's role in a company. Platform admins act as `admin` in companies they do not belong to
 * (docs/decisions/0601-platform-admins-in-companies.md); `companyId` must name an existing company.
 */
export async function effectiveCompanyRole(companies: CompanyRoleReader, actor: Actor, companyId: string | null): Promise<CompanyRole | null> {
  if (companyId === null) return null;
  const role = await companies.roleOf(companyId, actor.userId);
  if (role) return role;
  return actor.isAdmin ? 'admin' : null;
}

export async function callerFactsFor(companies: CompanyRoleReader, actor: Actor, companyId: string | null): Promise<CallerFacts> {
  return { userId: actor.userId, email: actor.email, companyRole: await effectiveCompanyRole(companies, actor, companyId) };
}

/** The caller's role in a company named by the client: 404 when the caller may not know it exists. */
export async function requireCompanyRole(
  companies: Pick<CompanyStore, 'roleOf' | 'findById'>,
  actor: Actor,
  companyId: string,
): Promise<CompanyRole> {
  const own = await companies.roleOf(companyId, actor.userId);
  if (own) return own;
  if (actor.isAdmin && (await companies.findById(companyId))) return 'admin';
  throw new NotFoundError('Company not found');
}

/** Roles that may create and edit agents and tools of a company. */
export function canBuildIn(role: CompanyRole): boolean {
  return role === 'super_admin' || role === 'admin' || role === 'staff';
}

/** companyId -> effective role for every company the caller can act in (all of them for platform admins). */
export async function rolesForActor(companies: Pick<CompanyStore, 'rolesOf' | 'listAll'>, actor: Actor): Promise<Map<string, CompanyRole>> {
  const roles = await companies.rolesOf(actor.userId);
  if (!actor.isAdmin) return roles;
  const all = new Map<string, CompanyRole>();
  for (const company of await companies.listAll()) all.set(company.companyId, roles.get(company.companyId) ?? 'admin');
  return all;
}

/**
 * Member managers: the company's super_admin/admin and platform admins (404 for non-members, 403 for staff
 * and guests). `role` is the caller's own role, null for a platform admin who is not a member.
 */
export async function requireCompanyManager(
  companies: Pick<CompanyStore, 'roleOf' | 'findById'>,
  actor: Actor,
  companyId: string,
): Promise<{ role: CompanyRole | null; isSuper: boolean }> {
  const role = await companies.roleOf(companyId, actor.userId);
  if (!role && !(actor.isAdmin && (await companies.findById(companyId)))) throw new NotFoundError('Company not found');
  if (role === 'staff' || role === 'guest') throw new ForbiddenError('Only company admins manage members and invitations');
  return { role, isSuper: role === 'super_admin' || actor.isAdmin };
}
