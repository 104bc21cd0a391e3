import { ConflictError, ForbiddenError, NotFoundError, type Actor, type Company, type CompanyRole, type User } from '../domain/index.js';
import type { CompanyStore, PasswordHasher, TokenIssuer, TokenStore, UserStore } from '../ports/index.js';

export interface UsersServiceDeps {
  users: Pick<UserStore, 'create' | 'findByEmail' | 'findById' | 'list'>;
  tokens: Pick<TokenStore, 'create'>;
  companies: Pick<CompanyStore, 'listForUser'>;
  passwords: Pick<PasswordHasher, 'hash'>;
  issuer: Pick<TokenIssuer, 'issue'>;
}

export interface NewUserInput {
  email: string;
  name?: string | undefined;
  password?: string | undefined;
  isAdmin?: boolean | undefined;
}

function requireAdmin(actor: Actor): void {
  if (!actor.isAdmin) throw new ForbiddenError('Only platform admins manage users');
}

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

  async function list(actor: Actor): Promise<User[]> {
    requireAdmin(actor);
    return deps.users.list();
  }

  /** The caller and the companies they belong to. */
  async function me(actor: Actor): Promise<{ user: User; companies: Array<Company & { role: CompanyRole }> }> {
    const user = await deps.users.findById(actor.userId);
    if (!user) throw new NotFoundError('User not found');
    return { user, companies: await deps.companies.listForUser(actor.userId) };
  }

  return { create, list, me };
}

export type UsersService = ReturnType<typeof createUsersService>;
