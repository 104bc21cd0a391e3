import { asc, count, eq, sql } from 'drizzle-orm';
import type { User } from '../domain/index.js';
import type { UserStore } from '../ports/index.js';
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
};

export function toUser(row: { userId: string; email: string; name: string; isAdmin: boolean; createdAt: Date }): User {
  return { userId: row.userId, email: row.email, name: row.name, isAdmin: row.isAdmin, createdAt: row.createdAt };
}

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
  } satisfies UserStore);
}
