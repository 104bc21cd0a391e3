import { and, desc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { ApiToken } from '../domain/index.js';
import type { TokenStore } from '../ports/index.js';
import { withDomainErrors } from './db-errors.js';
import type { ExecutorFor } from './executor.js';
import { apiTokens, users } from './schema.js';
import { toUser, userColumns } from './user-store.js';
import { isUuid } from './uuid.js';

/** Every column except the hash, which is only ever compared in SQL. */
const tokenColumns = {
  tokenId: apiTokens.tokenId,
  userId: apiTokens.userId,
  name: apiTokens.name,
  prefix: apiTokens.prefix,
  kind: apiTokens.kind,
  createdAt: apiTokens.createdAt,
  lastUsedAt: apiTokens.lastUsedAt,
  expiresAt: apiTokens.expiresAt,
  revokedAt: apiTokens.revokedAt,
};

export function toApiToken(row: ApiToken): ApiToken {
  return {
    tokenId: row.tokenId,
    userId: row.userId,
    name: row.name,
    prefix: row.prefix,
    kind: row.kind,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
  };
}

export function createTokenStore(on: ExecutorFor): TokenStore {
  return withDomainErrors({
    async create(input, tx) {
      const [row] = await on(tx)
        .insert(apiTokens)
        .values({
          userId: input.userId,
          name: input.name,
          kind: input.kind,
          prefix: input.prefix,
          tokenHash: input.tokenHash,
          expiresAt: input.expiresAt,
        })
        .returning(tokenColumns);
      return toApiToken(row!);
    },
    async findActive(tokenHash, now) {
      const [row] = await on()
        .select({ token: tokenColumns, user: userColumns })
        .from(apiTokens)
        .innerJoin(users, eq(users.userId, apiTokens.userId))
        .where(
          and(
            eq(apiTokens.tokenHash, tokenHash),
            isNull(apiTokens.revokedAt),
            or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
          ),
        );
      return row ? { token: toApiToken(row.token), user: toUser(row.user) } : null;
    },
    async touch(tokenId, at) {
      if (!isUuid(tokenId)) return;
      // Never moves last_used_at backwards when touches arrive out of order.
      await on()
        .update(apiTokens)
        .set({ lastUsedAt: sql`greatest(${apiTokens.lastUsedAt}, ${at.toISOString()}::timestamptz)` })
        .where(eq(apiTokens.tokenId, tokenId));
    },
    async revoke(tokenId, userId, at) {
      if (!isUuid(tokenId) || !isUuid(userId)) return false;
      const rows = await on()
        .update(apiTokens)
        .set({ revokedAt: sql`coalesce(${apiTokens.revokedAt}, ${at.toISOString()}::timestamptz)` })
        .where(and(eq(apiTokens.tokenId, tokenId), eq(apiTokens.userId, userId)))
        .returning({ tokenId: apiTokens.tokenId });
      return rows.length > 0;
    },
    async listForUser(userId) {
      if (!isUuid(userId)) return [];
      const rows = await on()
        .select(tokenColumns)
        .from(apiTokens)
        .where(eq(apiTokens.userId, userId))
        .orderBy(desc(apiTokens.createdAt), desc(apiTokens.tokenId));
      return rows.map(toApiToken);
    },
  } satisfies TokenStore);
}
