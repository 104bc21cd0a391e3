import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, type Actor, type Company, type CompanyRole, type User } from '../domain/index.js';
import type { Clock, CompanyStore, Database, PasswordHasher, TokenIssuer, TokenStore, UserAccount, UserStore } from '../ports/index.js';

export interface UsersServiceDeps {
  users: Pick<UserStore, 'create' | 'findByEmail' | 'findById' | 'list' | 'listAccounts' | 'findAccount' | 'findPasswordHashById' | 'setPasswordHash' | 'update' | 'countActiveAdmins'>;
  tokens: Pick<TokenStore, 'create' | 'listForUser' | 'revoke'>;
  companies: Pick<CompanyStore, 'listForUser'>;
  passwords: Pick<PasswordHasher, 'hash' | 'verify'>;
  issuer: Pick<TokenIssuer, 'issue'>;
  database: Pick<Database, 'withAdvisoryLock'>;
  clock: Clock;
}

export interface NewUserInput {
  email: string;
  name?: string | undefined;
  password?: string | undefined;
  isAdmin?: boolean | undefined;
}

export interface UserChanges {
  name?: string | undefined;
  isAdmin?: boolean | undefined;
  disabled?: boolean | undefined;
}

function requireAdmin(actor: Actor): void {
  if (!actor.isAdmin) throw new ForbiddenError('Only platform admins manage users');
}

/** Serialises changes to who is an admin, so two admins cannot demote each other down to none. */
const ADMINS_LOCK = 'switchboard:platform-admins';

export function createUsersService(deps: UsersServiceDeps) {
  /** An admin creates a user; the answer carries an API token for them, shown only this once. */
  async function create(actor: Actor, input: NewUserInput): Promise<{ user: User; token: string }> {
    requireAdmin(actor);
    const email = input.email.trim().toLowerCase();
    if (await deps.users.findByEmail(email)) throw new ConflictError('A user with this e-mail already exists');
    const passwordHash = input.password ? await deps.passwords.hash(input.password) : null;
    const name = input.name?.trim() || email.split('@')[0] || email;
    const user = await deps.users.create({ email, name, passwordHash, isAdmin: input.isAdmin ?? false });
    const issued = deps.issuer.issue('api');
    await deps.tokens.create({ userId: user.userId, name: 'initial token', kind: 'api', prefix: issued.prefix, tokenHash: issued.tokenHash, expiresAt: null });
    return { user, token: issued.token };
  }

  async function list(actor: Actor): Promise<UserAccount[]> {
    requireAdmin(actor);
    return deps.users.listAccounts();
  }

  /** The caller and the companies they belong to. */
  async function me(actor: Actor): Promise<{ user: User; companies: Array<Company & { role: CompanyRole }> }> {
    const user = await deps.users.findById(actor.userId);
    if (!user) throw new NotFoundError('User not found');
    return { user, companies: await deps.companies.listForUser(actor.userId) };
  }

  /** Revokes the user's tokens of `kinds`, except `keepTokenId` (the caller's own session). */
  async function revokeTokens(userId: string, kinds: ReadonlyArray<'api' | 'session'>, keepTokenId?: string): Promise<void> {
    const now = deps.clock.now();
    const tokens = await deps.tokens.listForUser(userId);
    const doomed = tokens.filter((t) => t.revokedAt === null && kinds.includes(t.kind) && t.tokenId !== keepTokenId);
    await Promise.all(doomed.map((t) => deps.tokens.revoke(t.tokenId, userId, now)));
  }

  /**
   * An admin renames, promotes, demotes, disables or enables a user (docs/decisions/0510). Disabling ends
   * every session and API token of the user at once; the last active platform admin cannot be demoted or disabled.
   */
  async function update(actor: Actor, userId: string, changes: UserChanges): Promise<UserAccount> {
    requireAdmin(actor);
    const name = changes.name?.trim();
    if (name !== undefined && name.length === 0) throw new InvalidInputError('name must not be empty');
    const { before, after } = await deps.database.withAdvisoryLock(ADMINS_LOCK, async (tx) => {
      const target = await deps.users.findAccount(userId, tx);
      if (!target) throw new NotFoundError('User not found');
      const losesAdmin = target.isAdmin && !target.disabled && (changes.isAdmin === false || changes.disabled === true);
      if (losesAdmin && (await deps.users.countActiveAdmins(tx)) <= 1) {
        throw new ConflictError(`${target.email} is the last active platform admin: make another admin first`);
      }
      const updated = await deps.users.update(userId, { name, isAdmin: changes.isAdmin, disabled: changes.disabled }, deps.clock.now(), tx);
      if (!updated) throw new NotFoundError('User not found');
      return { before: target, after: updated };
    });
    if (after.disabled && !before.disabled) await revokeTokens(userId, ['session', 'api']);
    return after;
  }

  /** An admin sets a user's password; the user's login sessions end (their API tokens keep working). */
  async function resetPassword(actor: Actor, userId: string, password: string): Promise<void> {
    requireAdmin(actor);
    const target = await deps.users.findAccount(userId);
    if (!target) throw new NotFoundError('User not found');
    await deps.users.setPasswordHash(userId, await deps.passwords.hash(password));
    await revokeTokens(userId, ['session'], actor.tokenId);
  }

  /** The caller renames themselves. */
  async function updateProfile(actor: Actor, changes: { name?: string | undefined }): Promise<UserAccount> {
    const name = changes.name?.trim();
    if (name !== undefined && name.length === 0) throw new InvalidInputError('name must not be empty');
    const updated = await deps.users.update(actor.userId, { name }, deps.clock.now());
    if (!updated) throw new NotFoundError('User not found');
    return updated;
  }

  /**
   * The caller changes their password, proving the current one (an account without one needs none). Their
   * other login sessions end; this session and API tokens keep working (docs/decisions/0511).
   */
  async function changePassword(actor: Actor, input: { currentPassword?: string | undefined; newPassword: string }): Promise<void> {
    const found = await deps.users.findPasswordHashById(actor.userId);
    if (!found) throw new NotFoundError('User not found');
    if (found.passwordHash !== null) {
      if (!input.currentPassword) throw new InvalidInputError('current_password is required to change the password');
      if (!(await deps.passwords.verify(input.currentPassword, found.passwordHash))) throw new ForbiddenError('The current password is wrong');
    }
    await deps.users.setPasswordHash(actor.userId, await deps.passwords.hash(input.newPassword));
    await revokeTokens(actor.userId, ['session'], actor.tokenId);
  }

  return { create, list, me, update, resetPassword, updateProfile, changePassword };
}

export type UsersService = ReturnType<typeof createUsersService>;
