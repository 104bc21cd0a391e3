import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import type { UserAccount, UserStore } from '../ports/index.js';
import { withDomainErrors } from './db-errors.js';
import type { ExecutorFor } from './executor.js';
import { users } from './schema.js';
import { isUuid } from './uuid.js';

/** Every column except the password hash: only findPasswordHash ever reads that. */
export const userColumns = {
  userId: users.userId,
  email: users.email,
  name: users.name,
  isAdmin: users.isAdmin,
  createdAt: users.createdAt,
  disabledAt: users.disabledAt,
};

type UserRow = { userId: string; email: string; name: string; isAdmin: boolean; createdAt: Date; disabledAt?: Date | null };

/** Every user read carries `disabled` (issue 18): token lookups go through here, so auth sees a disabled account at once. */
export function toUser(row: UserRow): UserAccount {
  return { userId: row.userId, email: row.email, name: row.name, isAdmin: row.isAdmin, createdAt: row.createdAt, disabled: row.disabledAt != null };
}

const toUserAccount = toUser;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const emailIs = (email: string) => sql`lower(${users.email}) = ${normalizeEmail(email)}`;

export function createUserStore(on: ExecutorFor): UserStore {
  return withDomainErrors({
    async create(input, tx) {
      const [row] = await on(tx)
        .insert(users)
        .values({ email: normalizeEmail(input.email), name: input.name, passwordHash: input.passwordHash, isAdmin: input.isAdmin })
        .returning(userColumns);
      return toUser(row!);
    },
    async findById(userId, tx) {
      if (!isUuid(userId)) return null;
      const [row] = await on(tx).select(userColumns).from(users).where(eq(users.userId, userId));
      return row ? toUser(row) : null;
    },
    async findByEmail(email, tx) {
      const [row] = await on(tx).select(userColumns).from(users).where(emailIs(email));
      return row ? toUser(row) : null;
    },
    async findPasswordHash(email) {
      const [row] = await on().select({ ...userColumns, passwordHash: users.passwordHash }).from(users).where(emailIs(email));
      return row ? { user: toUser(row), passwordHash: row.passwordHash } : null;
    },
    async setPasswordHash(userId, passwordHash) {
      if (!isUuid(userId)) return;
      await on().update(users).set({ passwordHash }).where(eq(users.userId, userId));
    },
    async list() {
      const rows = await on().select(userColumns).from(users).orderBy(asc(users.createdAt), asc(users.email));
      return rows.map(toUser);
    },
    async count(tx) {
      const [row] = await on(tx).select({ n: count() }).from(users);
      return Number(row?.n ?? 0);
    },
    async listAccounts(tx) {
      const rows = await on(tx).select(userColumns).from(users).orderBy(asc(users.createdAt), asc(users.email));
      return rows.map(toUserAccount);
    },
    async findAccount(userId, tx) {
      if (!isUuid(userId)) return null;
      const [row] = await on(tx).select(userColumns).from(users).where(eq(users.userId, userId));
      return row ? toUserAccount(row) : null;
    },
    async findPasswordHashById(userId) {
      if (!isUuid(userId)) return null;
      const [row] = await on().select({ ...userColumns, passwordHash: users.passwordHash }).from(users).where(eq(users.userId, userId));
      return row ? { user: toUserAccount(row), passwordHash: row.passwordHash } : null;
    },
    async update(userId, patch, at, tx) {
      if (!isUuid(userId)) return null;
      const set: Partial<typeof users.$inferInsert> = {};
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.isAdmin !== undefined) set.isAdmin = patch.isAdmin;
      // disabling keeps the first stamp; enabling clears it
      if (patch.disabled === true) set.disabledAt = sql`coalesce(${users.disabledAt}, ${at.toISOString()}::timestamptz)` as unknown as Date;
      if (patch.disabled === false) set.disabledAt = null;
      const query = on(tx);
      const [row] =
        Object.keys(set).length === 0
          ? await query.select(userColumns).from(users).where(eq(users.userId, userId))
          : await query.update(users).set(set).where(eq(users.userId, userId)).returning(userColumns);
      return row ? toUserAccount(row) : null;
    },
    async countActiveAdmins(tx) {
      const [row] = await on(tx).select({ n: count() }).from(users).where(and(eq(users.isAdmin, true), isNull(users.disabledAt)));
      return Number(row?.n ?? 0);
    },
  } satisfies UserStore);
}
