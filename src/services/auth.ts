import { InvalidInputError, NotFoundError, UnauthorizedError, type Actor, type ApiToken, type User } from '../domain/index.js';
import type { Clock, PasswordHasher, TokenIssuer, TokenStore, UserStore } from '../ports/index.js';
import type { LoginThrottle } from './login-throttle.js';

const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;
const TOUCH_EVERY_MS = 60_000;

export interface AuthServiceDeps {
  users: Pick<UserStore, 'findPasswordHash' | 'setPasswordHash'>;
  tokens: TokenStore;
  /** Hashes made at an older cost are replaced on the next successful login (`needsRehash`). */
  passwords: PasswordHasher;
  /** Per-account login throttle (decision 1000); without it logins are limited only by the request rate. */
  loginThrottle?: Pick<LoginThrottle, 'admit' | 'succeeded'>;
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
    if (found.user.disabled) throw new UnauthorizedError('This account is disabled'); // issue 18
    const previous = lastTouched.get(found.token.tokenId) ?? 0;
    if (now.getTime() - previous > TOUCH_EVERY_MS) {
      lastTouched.set(found.token.tokenId, now.getTime());
      if (lastTouched.size > 10_000) lastTouched.clear();
      void tokens.touch(found.token.tokenId, now).catch(() => undefined);
    }
    return { userId: found.user.userId, email: found.user.email, isAdmin: found.user.isAdmin, tokenId: found.token.tokenId };
  }

  /** `clientAddress` (the request's address, TRUST_PROXY honoured) lets a known address keep its own counter. */
  async function login(email: string, password: string, clientAddress?: string): Promise<{ token: string; user: User }> {
    const ticket = await deps.loginThrottle?.admit(email, clientAddress);
    const found = await deps.users.findPasswordHash(email.toLowerCase());
    // verify against a dummy hash when the user is unknown so timing does not reveal which e-mails exist
    const ok = found?.passwordHash
      ? await deps.passwords.verify(password, found.passwordHash)
      : (await deps.passwords.verify(password, DUMMY_HASH).catch(() => false), false);
    if (!found || !ok) throw new UnauthorizedError('Wrong e-mail or password');
    if (found.user.disabled) throw new UnauthorizedError('This account is disabled; ask a platform admin'); // issue 18
    if (ticket) await deps.loginThrottle!.succeeded(ticket);
    if (deps.passwords.needsRehash(found.passwordHash!)) {
      // the password is known only now: store it at today's cost (a failure keeps the old, still valid hash)
      await deps.passwords.hash(password).then((hash) => deps.users.setPasswordHash(found.user.userId, hash)).catch(() => undefined);
    }
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

  return { authenticate, login, logout, createApiToken, revokeApiToken, listApiTokens };
}

export type AuthService = ReturnType<typeof createAuthService>;

// a syntactically valid scrypt hash of a random string; only used to spend the same time on unknown e-mails
const DUMMY_HASH = 'scrypt$131072$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
