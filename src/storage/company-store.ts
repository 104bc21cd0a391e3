import { and, asc, eq } from 'drizzle-orm';
import type { Company, CompanyRole, Membership } from '../domain/index.js';
import type { CompanyStore, Tx } from '../ports/index.js';
import { withDomainErrors } from './db-errors.js';
import { asTx, type Executor, type ExecutorFor } from './executor.js';
import { createInvitationStore } from './invitation-store.js';
import { companies, userCompanies, users } from './schema.js';
import { isUuid } from './uuid.js';

const companyColumns = { companyId: companies.companyId, name: companies.name, createdAt: companies.createdAt };
const memberColumns = {
  userId: userCompanies.userId,
  companyId: userCompanies.companyId,
  role: userCompanies.role,
  email: users.email,
  name: users.name,
};

export function toCompany(row: Company): Company {
  return { companyId: row.companyId, name: row.name, createdAt: row.createdAt };
}

export function toMembership(row: Membership): Membership {
  return { userId: row.userId, companyId: row.companyId, role: row.role, email: row.email, name: row.name };
}

export function createCompanyStore(on: ExecutorFor): CompanyStore {
  async function findMember(executor: Executor, companyId: string, userId: string): Promise<Membership | null> {
    const [row] = await executor
      .select(memberColumns)
      .from(userCompanies)
      .innerJoin(users, eq(users.userId, userCompanies.userId))
      .where(and(eq(userCompanies.companyId, companyId), eq(userCompanies.userId, userId)));
    return row ? toMembership(row) : null;
  }

  // Company and founding membership commit together, inside the caller's transaction or a new one.
  const inTransaction = <T>(tx: Tx | undefined, work: (tx: Tx) => Promise<T>): Promise<T> =>
    tx === undefined ? on().transaction((dtx) => work(asTx(dtx))) : work(tx);

  return withDomainErrors({
    ...createInvitationStore(on),
    async create(input, tx) {
      return inTransaction(tx, async (inner) => {
        const [row] = await on(inner).insert(companies).values({ name: input.name }).returning(companyColumns);
        await on(inner).insert(userCompanies).values({ companyId: row!.companyId, userId: input.creatorUserId, role: 'super_admin' });
        return toCompany(row!);
      });
    },
    async findById(companyId) {
      if (!isUuid(companyId)) return null;
      const [row] = await on().select(companyColumns).from(companies).where(eq(companies.companyId, companyId));
      return row ? toCompany(row) : null;
    },
    async listAll() {
      const rows = await on().select(companyColumns).from(companies).orderBy(asc(companies.name), asc(companies.companyId));
      return rows.map(toCompany);
    },
    async listForUser(userId) {
      if (!isUuid(userId)) return [];
      const rows = await on()
        .select({ ...companyColumns, role: userCompanies.role })
        .from(userCompanies)
        .innerJoin(companies, eq(companies.companyId, userCompanies.companyId))
        .where(eq(userCompanies.userId, userId))
        .orderBy(asc(companies.name), asc(companies.companyId));
      return rows.map((row) => ({ ...toCompany(row), role: row.role }));
    },
    async roleOf(companyId, userId) {
      if (!isUuid(companyId) || !isUuid(userId)) return null;
      const [row] = await on()
        .select({ role: userCompanies.role })
        .from(userCompanies)
        .where(and(eq(userCompanies.companyId, companyId), eq(userCompanies.userId, userId)));
      return row?.role ?? null;
    },
    async rolesOf(userId) {
      const roles = new Map<string, CompanyRole>();
      if (!isUuid(userId)) return roles;
      const rows = await on()
        .select({ companyId: userCompanies.companyId, role: userCompanies.role })
        .from(userCompanies)
        .where(eq(userCompanies.userId, userId));
      for (const row of rows) roles.set(row.companyId, row.role);
      return roles;
    },
    async listMembers(companyId) {
      if (!isUuid(companyId)) return [];
      const rows = await on()
        .select(memberColumns)
        .from(userCompanies)
        .innerJoin(users, eq(users.userId, userCompanies.userId))
        .where(eq(userCompanies.companyId, companyId))
        .orderBy(asc(users.email));
      return rows.map(toMembership);
    },
    async addMember(companyId, userId, role, tx) {
      await on(tx).insert(userCompanies).values({ companyId, userId, role });
      return (await findMember(on(tx), companyId, userId))!;
    },
    async updateMember(companyId, userId, role) {
      if (!isUuid(companyId) || !isUuid(userId)) return null;
      const updated = await on()
        .update(userCompanies)
        .set({ role })
        .where(and(eq(userCompanies.companyId, companyId), eq(userCompanies.userId, userId)))
        .returning({ userId: userCompanies.userId });
      return updated.length === 0 ? null : findMember(on(), companyId, userId);
    },
    async removeMember(companyId, userId) {
      if (!isUuid(companyId) || !isUuid(userId)) return false;
      const removed = await on()
        .delete(userCompanies)
        .where(and(eq(userCompanies.companyId, companyId), eq(userCompanies.userId, userId)))
        .returning({ userId: userCompanies.userId });
      return removed.length > 0;
    },
  } satisfies CompanyStore);
}
