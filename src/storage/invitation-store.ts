import { and, desc, eq, sql } from 'drizzle-orm';
import type { Invitation } from '../domain/index.js';
import type { InvitationStore } from '../ports/index.js';
import { asTx, type ExecutorFor } from './executor.js';
import { companies, companyInvitations, userCompanies } from './schema.js';
import { isUuid } from './uuid.js';

const invitationColumns = {
  invitationId: companyInvitations.invitationId,
  companyId: companyInvitations.companyId,
  email: companyInvitations.email,
  role: companyInvitations.role,
  status: companyInvitations.status,
  createdAt: companyInvitations.createdAt,
};

export function toInvitation(row: Invitation): Invitation {
  return { invitationId: row.invitationId, companyId: row.companyId, email: row.email, role: row.role, status: row.status, createdAt: row.createdAt };
}

const isPending = eq(companyInvitations.status, 'pending');
const addressedTo = (email: string) => sql`lower(${companyInvitations.email}) = ${email.trim().toLowerCase()}`;

/** Invitation methods of the company store (the CompanyStore port includes InvitationStore). */
export function createInvitationStore(on: ExecutorFor): InvitationStore {
  return {
    async invite(input) {
      const email = input.email.trim().toLowerCase();
      return on().transaction(async (dtx) => {
        const tx = on(asTx(dtx));
        // one pending invitation per company and address: inviting again only changes its role
        const [updated] = await tx
          .update(companyInvitations)
          .set({ role: input.role })
          .where(and(eq(companyInvitations.companyId, input.companyId), addressedTo(email), isPending))
          .returning(invitationColumns);
        if (updated) return toInvitation(updated);
        const [created] = await tx
          .insert(companyInvitations)
          .values({ companyId: input.companyId, email, role: input.role, invitedBy: input.invitedBy })
          .returning(invitationColumns);
        return toInvitation(created!);
      });
    },
    async listPendingInvitations(companyId) {
      if (!isUuid(companyId)) return [];
      const rows = await on()
        .select(invitationColumns)
        .from(companyInvitations)
        .where(and(eq(companyInvitations.companyId, companyId), isPending))
        .orderBy(desc(companyInvitations.createdAt), desc(companyInvitations.invitationId));
      return rows.map(toInvitation);
    },
    async listPendingInvitationsFor(email) {
      const rows = await on()
        .select({ ...invitationColumns, companyName: companies.name })
        .from(companyInvitations)
        .innerJoin(companies, eq(companies.companyId, companyInvitations.companyId))
        .where(and(addressedTo(email), isPending))
        .orderBy(desc(companyInvitations.createdAt), desc(companyInvitations.invitationId));
      return rows.map((row) => ({ ...toInvitation(row), companyName: row.companyName }));
    },
    async revokeInvitation(companyId, invitationId) {
      if (!isUuid(companyId) || !isUuid(invitationId)) return false;
      const ended = await on()
        .update(companyInvitations)
        .set({ status: 'revoked', respondedAt: sql`now()` })
        .where(and(eq(companyInvitations.invitationId, invitationId), eq(companyInvitations.companyId, companyId), isPending))
        .returning({ invitationId: companyInvitations.invitationId });
      return ended.length > 0;
    },
    async declineInvitation(invitationId, email) {
      if (!isUuid(invitationId)) return false;
      const ended = await on()
        .update(companyInvitations)
        .set({ status: 'declined', respondedAt: sql`now()` })
        .where(and(eq(companyInvitations.invitationId, invitationId), addressedTo(email), isPending))
        .returning({ invitationId: companyInvitations.invitationId });
      return ended.length > 0;
    },
    async acceptInvitation(invitationId, user) {
      if (!isUuid(invitationId) || !isUuid(user.userId)) return null;
      return on().transaction(async (dtx) => {
        const tx = on(asTx(dtx));
        const [accepted] = await tx
          .update(companyInvitations)
          .set({ status: 'accepted', respondedAt: sql`now()` })
          .where(and(eq(companyInvitations.invitationId, invitationId), addressedTo(user.email), isPending))
          .returning(invitationColumns);
        if (!accepted) return null;
        // someone who is already a member keeps the role they have (PATCH the member to change it)
        await tx.insert(userCompanies).values({ companyId: accepted.companyId, userId: user.userId, role: accepted.role }).onConflictDoNothing();
        return toInvitation(accepted);
      });
    },
  };
}
