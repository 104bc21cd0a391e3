import { ForbiddenError, NotFoundError, type Actor, type CompanyRole, type Invitation, type ReceivedInvitation } from '../domain/index.js';
import type { CompanyStore } from '../ports/index.js';
import type { CompanyWithRole } from './companies.js';
import { requireCompanyManager } from './company-role.js';

export interface InvitationsServiceDeps {
  companies: Pick<
    CompanyStore,
    | 'roleOf'
    | 'findById'
    | 'invite'
    | 'listPendingInvitations'
    | 'listPendingInvitationsFor'
    | 'revokeInvitation'
    | 'declineInvitation'
    | 'acceptInvitation'
  >;
}

const NOT_FOUND = 'Invitation not found';

/**
 * Joining a company (docs/decisions/0603): admins invite an e-mail address, whoever signs in with it accepts
 * or declines. The answer to an invitation never depends on whether the address has an account.
 */
export function createInvitationsService(deps: InvitationsServiceDeps) {
  const { companies } = deps;

  /** Creates (or re-sends with a new role) the pending invitation of `email`; the same answer for every address. */
  async function invite(actor: Actor, companyId: string, input: { email: string; role: CompanyRole }): Promise<Invitation> {
    const caller = await requireCompanyManager(companies, actor, companyId);
    if (input.role === 'super_admin' && !caller.isSuper) throw new ForbiddenError('Only a super_admin may invite a super_admin');
    return companies.invite({ companyId, email: input.email.trim().toLowerCase(), role: input.role, invitedBy: actor.userId });
  }

  async function listForCompany(actor: Actor, companyId: string): Promise<Invitation[]> {
    await requireCompanyManager(companies, actor, companyId);
    return companies.listPendingInvitations(companyId);
  }

  async function revoke(actor: Actor, companyId: string, invitationId: string): Promise<void> {
    await requireCompanyManager(companies, actor, companyId);
    if (!(await companies.revokeInvitation(companyId, invitationId))) throw new NotFoundError(NOT_FOUND);
  }

  async function listMine(actor: Actor): Promise<ReceivedInvitation[]> {
    return companies.listPendingInvitationsFor(actor.email);
  }

  /** Joins the company with the invited role; someone else's (or an ended) invitation is 404. */
  async function accept(actor: Actor, invitationId: string): Promise<CompanyWithRole> {
    const accepted = await companies.acceptInvitation(invitationId, { userId: actor.userId, email: actor.email });
    if (!accepted) throw new NotFoundError(NOT_FOUND);
    const company = await companies.findById(accepted.companyId);
    if (!company) throw new NotFoundError(NOT_FOUND);
    return { ...company, role: await companies.roleOf(accepted.companyId, actor.userId) };
  }

  async function decline(actor: Actor, invitationId: string): Promise<void> {
    if (!(await companies.declineInvitation(invitationId, actor.email))) throw new NotFoundError(NOT_FOUND);
  }

  return { invite, listForCompany, revoke, listMine, accept, decline };
}

export type InvitationsService = ReturnType<typeof createInvitationsService>;
