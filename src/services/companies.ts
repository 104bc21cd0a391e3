import { ConflictError, ForbiddenError, NotFoundError, type Actor, type Company, type CompanyRole, type Membership } from '../domain/index.js';
import type { CompanyStore } from '../ports/index.js';
import { requireCompanyManager } from './company-role.js';

export interface CompaniesServiceDeps {
  companies: CompanyStore;
}

export type CompanyWithRole = Company & { role: CompanyRole | null };

export function createCompaniesService(deps: CompaniesServiceDeps) {
  const { companies } = deps;
  // members join by invitation (services/invitations.ts): nobody learns here whether an address has an account

  /** The caller's own role, or `null` for a platform admin who is not a member; 404 for anyone else. */
  async function roleOrAdmin(actor: Actor, companyId: string): Promise<CompanyRole | null> {
    const role = await companies.roleOf(companyId, actor.userId);
    if (role) return role;
    if (actor.isAdmin && (await companies.findById(companyId))) return null;
    throw new NotFoundError('Company not found');
  }

  const requireManager = (actor: Actor, companyId: string) => requireCompanyManager(companies, actor, companyId);

  async function ensureAnotherSuperAdmin(companyId: string, leavingUserId: string): Promise<void> {
    const members = await companies.listMembers(companyId);
    const others = members.filter((m) => m.role === 'super_admin' && m.userId !== leavingUserId);
    if (others.length === 0) throw new ConflictError('A company keeps at least one super_admin');
  }

  async function create(actor: Actor, input: { name: string }): Promise<Company & { role: CompanyRole }> {
    const company = await companies.create({ name: input.name.trim(), creatorUserId: actor.userId });
    return { ...company, role: 'super_admin' };
  }

  async function list(actor: Actor): Promise<CompanyWithRole[]> {
    const own = await companies.listForUser(actor.userId);
    if (!actor.isAdmin) return own;
    const roles = new Map(own.map((c) => [c.companyId, c.role]));
    return (await companies.listAll()).map((c) => ({ ...c, role: roles.get(c.companyId) ?? null }));
  }

  async function listMembers(actor: Actor, companyId: string): Promise<Membership[]> {
    await roleOrAdmin(actor, companyId);
    return companies.listMembers(companyId);
  }

  async function updateMember(actor: Actor, companyId: string, userId: string, role: CompanyRole): Promise<Membership> {
    const caller = await requireManager(actor, companyId);
    const current = await companies.roleOf(companyId, userId);
    if (!current) throw new NotFoundError('Member not found');
    if ((current === 'super_admin' || role === 'super_admin') && !caller.isSuper) {
      throw new ForbiddenError('Only a super_admin may grant or take away super_admin');
    }
    if (current === 'super_admin' && role !== 'super_admin') await ensureAnotherSuperAdmin(companyId, userId);
    const updated = await companies.updateMember(companyId, userId, role);
    if (!updated) throw new NotFoundError('Member not found');
    return updated;
  }

  async function removeMember(actor: Actor, companyId: string, userId: string): Promise<void> {
    const caller = await requireManager(actor, companyId);
    const current = await companies.roleOf(companyId, userId);
    if (!current) throw new NotFoundError('Member not found');
    if (current === 'super_admin') {
      if (!caller.isSuper) throw new ForbiddenError('Only a super_admin may remove a super_admin');
      await ensureAnotherSuperAdmin(companyId, userId);
    }
    if (!(await companies.removeMember(companyId, userId))) throw new NotFoundError('Member not found');
  }

  return { create, list, listMembers, updateMember, removeMember };
}

export type CompaniesService = ReturnType<typeof createCompaniesService>;
