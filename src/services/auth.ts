import { InvalidInputError, NotFoundError, UnauthorizedError, type Actor, type ApiToken, type User } from '../domain/index.js';
import type { Clock, PasswordHasher, TokenIssuer, TokenStore, UserStore } from '../ports/index.js';

const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;
const TOUCH_EVERY_MS = 60_000;

export interface AuthServiceDeps {
  users: Pick<UserStore, 'findPasswordHash'>;
  tokens: TokenStore;
  passwords: PasswordHasher;
  issuer: TokenIssuer;
  clock: Clock;
}

export function createAuthService(deps: AuthServiceDeps) {
  const { tokens, issuer, clock } = deps;
  // last-used is informational: write it at most once a minute per token, not on every request
  const lastTouched = new Map<string, number>();

  async function authenticate(bearer: string | undefined): Promise<Actor> {
    if (!bearer) throw new UnauthorizedError('Sign in first: send Authorization: Bearer <token>');
    const now = clock.now();
    const found = await tokens.findActive(issuer.hash(bearer), now);
    if (!found) throw new UnauthorizedError('The token is invalid, expired or revoked');
    const previous = lastTouched.get(found.token.tokenId) ?? 0;
    if (now.getTime() - previous > TOUCH_EVERY_MS) {
      lastTouched.set(found.token.tokenId, now.getTime());
      if (lastTouched.size > 10_000) lastTouched.clear();
      void tokens.touch(found.token.tokenId, now).catch(() => undefined);
    }
    return { userId: found.user.userId, email: found.user.email, isAdmin: found.user.isAdmin, tokenId: found.token.tokenId };
  }

  async function login(email: string, password: string): Promise<{ token: string; user: User }> {
    const found = await deps.users.findPasswordHash(email.toLowerCase());
    // verify against a dummy hash when the user is unknown so timing does not reveal which e-mails exist
    const ok = found?.passwordHash
      ? await deps.passwords.verify(password, found.passwordHash)
      : (await deps.passwords.verify(password, DUMMY_HASH).catch(() => false), false);
    if (!found || !ok) throw new UnauthorizedError('Wrong e-mail or password');
    const issued = issuer.issue('session');
    await tokens.create({
      userId: found.user.userId,
      name: 'login session',
      kind: 'session',
      prefix: issued.prefix,
      tokenHash: issued.tokenHash,
      expiresAt: new Date(clock.now().getTime() + SESSION_TTL_MS),
    });
    return { token: issued.token, user: found.user };
  }

  async function logout(actor: Actor): Promise<void> {
    await tokens.revoke(actor.tokenId, actor.userId, clock.now());
  }

  async function createApiToken(actor: Actor, input: { name: string; expiresInDays?: number | undefined }): Promise<{ token: string; apiToken: ApiToken }> {
    if (input.expiresInDays !== undefined && input.expiresInDays <= 0) throw new InvalidInputError('expires_in_days must be positive');
    const issued = issuer.issue('api');
    const expiresAt = input.expiresInDays ? new Date(clock.now().getTime() + input.expiresInDays * 86_400_000) : null;
    const apiToken = await tokens.create({ userId: actor.userId, name: input.name, kind: 'api', prefix: issued.prefix, tokenHash: issued.tokenHash, expiresAt });
    return { token: issued.token, apiToken };
  }

  async function revokeApiToken(actor: Actor, tokenId: string): Promise<void> {
    const revoked = await tokens.revoke(tokenId, actor.userId, clock.now());
    if (!revoked) throw new NotFoundError('No such token');
  }

  async function listApiTokens(actor: Actor): Promise<ApiToken[]> {
    return tokens.listForUser(actor.userId);
  }

  /** The rate-limit key of an Authorization header: its hash, so the limiter never keeps a token in clear. */
  function callerKey(authorization: string): string {
    return issuer.hash(authorization).slice(0, 22);
  }

  return { authenticate, callerKey, login, logout, createApiToken, revokeApiToken, listApiTokens };
}

export type AuthService = ReturnType<typeof createAuthService>;

// a syntactically valid scrypt hash of a random string; only used to spend the same time on unknown e-mails
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
