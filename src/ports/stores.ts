import type {
  Agent,
  AgentLogMessage,
  ApiToken,
  Company,
  CompanyRole,
  Invitation,
  Membership,
  ReceivedInvitation,
  Run,
  RunStatus,
  SealedSecret,
  ThreadSummary,
  Tool,
  ToolConfig,
  ToolKind,
  Usage,
  User,
} from '../domain/index.js';

/**
 * Storage ports. Stores speak domain types. Every method may take an optional transaction handle
 * obtained from `Database.transaction`; no network calls or crypto happen inside a transaction.
 * Unique-key violations surface as `ConflictError`, never as driver errors.
 */
export type Tx = { readonly __tx: unique symbol };

export interface Database {
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs `work` holding a database-wide advisory lock (used by first-start bootstrap). */
  withAdvisoryLock<T>(name: string, work: (tx: Tx) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A user with the account state that user management reads (issue 18). */
export type UserAccount = User & { disabled: boolean };

export interface UserPatch {
  name?: string;
  isAdmin?: boolean;
  /** true disables the account (stamped with `at`), false enables it again. */
  disabled?: boolean;
}

export interface UserStore {
  create(input: { email: string; name: string; passwordHash: string | null; isAdmin: boolean }, tx?: Tx): Promise<User>;
  findById(userId: string, tx?: Tx): Promise<User | null>;
  findByEmail(email: string, tx?: Tx): Promise<User | null>;
  /** For login only. */
  findPasswordHash(email: string): Promise<{ user: User & { disabled?: boolean }; passwordHash: string | null } | null>;
  setPasswordHash(userId: string, passwordHash: string): Promise<void>;
  list(): Promise<User[]>;
  count(tx?: Tx): Promise<number>;
  /** issue 18: every user with account state, oldest first. */
  listAccounts(tx?: Tx): Promise<UserAccount[]>;
  findAccount(userId: string, tx?: Tx): Promise<UserAccount | null>;
  /** The password hash by id (password change); null hash when the account has no password. */
  findPasswordHashById(userId: string): Promise<{ user: UserAccount; passwordHash: string | null } | null>;
  /** Applies the patch; null if there is no such user. */
  update(userId: string, patch: UserPatch, at: Date, tx?: Tx): Promise<UserAccount | null>;
  /** Platform admins whose accounts are not disabled. */
  countActiveAdmins(tx?: Tx): Promise<number>;
}

export interface TokenStore {
  create(
    input: { userId: string; name: string; kind: ApiToken['kind']; prefix: string; tokenHash: string; expiresAt: Date | null },
    tx?: Tx,
  ): Promise<ApiToken>;
  /** The token and its user, only if not revoked and not expired at `now`; `disabled` is set when the store reads it (issue 18). */
  findActive(tokenHash: string, now: Date): Promise<{ token: ApiToken; user: User & { disabled?: boolean } } | null>;
  touch(tokenId: string, at: Date): Promise<void>;
  /** Revoke a token of this user; false if there is no such token. */
  revoke(tokenId: string, userId: string, at: Date): Promise<boolean>;
  listForUser(userId: string): Promise<ApiToken[]>;
}

/** Invitations into a company (docs/decisions/0603): at most one pending per company and e-mail. */
export interface InvitationStore {
  /** The pending invitation of `email` (lower-cased) to the company: created, or the existing one with its role set to `role`. */
  invite(input: { companyId: string; email: string; role: CompanyRole; invitedBy: string }): Promise<Invitation>;
  listPendingInvitations(companyId: string): Promise<Invitation[]>;
  /** Pending invitations addressed to `email`, compared case-insensitively, newest first. */
  listPendingInvitationsFor(email: string): Promise<ReceivedInvitation[]>;
  /** Ends a pending invitation of the company; false if there is none. */
  revokeInvitation(companyId: string, invitationId: string): Promise<boolean>;
  /** Ends a pending invitation addressed to `email`; false if there is none. */
  declineInvitation(invitationId: string, email: string): Promise<boolean>;
  /**
   * Accepts a pending invitation addressed to `user.email` and adds the membership in the same transaction
   * (an existing membership is kept as it is); null if there is no such invitation.
   */
  acceptInvitation(invitationId: string, user: { userId: string; email: string }): Promise<Invitation | null>;
}

export interface CompanyStore extends InvitationStore {
  /** Creates the company and makes `creatorUserId` its super_admin, atomically. */
  create(input: { name: string; creatorUserId: string }, tx?: Tx): Promise<Company>;
  findById(companyId: string): Promise<Company | null>;
  listAll(): Promise<Company[]>;
  listForUser(userId: string): Promise<Array<Company & { role: CompanyRole }>>;
  roleOf(companyId: string, userId: string): Promise<CompanyRole | null>;
  /** companyId -> role for every company the user belongs to. */
  rolesOf(userId: string): Promise<Map<string, CompanyRole>>;
  listMembers(companyId: string): Promise<Membership[]>;
  addMember(companyId: string, userId: string, role: CompanyRole, tx?: Tx): Promise<Membership>;
  updateMember(companyId: string, userId: string, role: CompanyRole): Promise<Membership | null>;
  removeMember(companyId: string, userId: string): Promise<boolean>;
}

export type NewAgent = Omit<Agent, 'agentId' | 'createdAt' | 'updatedAt'>;
export type AgentPatch = Partial<Omit<NewAgent, 'userId'>>;

export interface AgentStore {
  create(input: NewAgent, tx?: Tx): Promise<Agent>;
  findById(agentId: string): Promise<Agent | null>;
  /** Agents the user owns, of companies in `companyIds`, or shared with `email` (editor or visitor). */
  listVisibleTo(input: { userId: string; email: string; companyIds: string[] }): Promise<Agent[]>;
  update(agentId: string, patch: AgentPatch): Promise<Agent | null>;
  delete(agentId: string): Promise<boolean>;
  /** Removes a deleted tool from every agent's tool list. */
  detachTool(toolId: string): Promise<void>;
}

export interface NewTool {
  name: string;
  description: string;
  kind: ToolKind;
  config: ToolConfig;
  env: Record<string, SealedSecret>;
  onStatus: boolean;
  companyId: string | null;
  userId: string;
}
/** `env` replaces the whole secret map when present. */
export type ToolPatch = Partial<Omit<NewTool, 'userId' | 'kind'>>;

export interface ToolStore {
  create(input: NewTool, tx?: Tx): Promise<Tool>;
  findById(toolId: string): Promise<Tool | null>;
  findByIds(toolIds: string[]): Promise<Tool[]>;
  listVisibleTo(input: { userId: string; companyIds: string[] }): Promise<Tool[]>;
  update(toolId: string, patch: ToolPatch): Promise<Tool | null>;
  delete(toolId: string): Promise<boolean>;
  /** The sealed secrets, for the tool runner (opened only for a call) and key rotation. */
  loadSealedEnv(toolId: string): Promise<Record<string, SealedSecret>>;
  listAllSealedEnv(): Promise<Array<{ toolId: string; env: Record<string, SealedSecret> }>>;
  replaceSealedEnv(toolId: string, env: Record<string, SealedSecret>, tx?: Tx): Promise<void>;
}

export type NewAgentLogMessage = Omit<AgentLogMessage, 'messageId' | 'createdAt'> & { createdAt?: Date };

export interface ThreadKey {
  agentId: string;
  userId: string;
  threadId: string;
}

export interface AgentLogStore {
  append(messages: NewAgentLogMessage[], tx?: Tx): Promise<AgentLogMessage[]>;
  /** Messages of the thread since its last reset, oldest first (what the model sees, what the UI reloads). */
  history(key: ThreadKey, options?: { limit?: number }): Promise<AgentLogMessage[]>;
  /** `history` of several threads in ONE query, each its newest `limit` messages; answers in the order of `keys`. */
  historyOfThreads(keys: ThreadKey[], limit: number): Promise<AgentLogMessage[][]>;
  /** Every message of the thread, resets included as a boundary, oldest first (audit). */
  fullHistory(key: ThreadKey): Promise<Array<AgentLogMessage | (Omit<AgentLogMessage, 'role'> & { role: 'reset' })>>;
  /** Starts the thread afresh: earlier messages are kept but never returned by `history` again. */
  reset(key: ThreadKey, at: Date): Promise<void>;
  /** Threads of (agent, user) with at least one message since their last reset, newest first. */
  listThreads(input: { agentId: string; userId: string }): Promise<ThreadSummary[]>;
}

export type NewRun = Omit<Run, 'endedAt' | 'usage' | 'errorCode' | 'errorDetail'>;
export interface RunOutcome {
  status: RunStatus;
  endedAt: Date;
  usage: Usage | null;
  errorCode: string | null;
  errorDetail: string | null;
}

export interface RunStore {
  create(run: NewRun, tx?: Tx): Promise<Run>;
  /** Several runs in ONE statement (group commit); all or none. */
  createMany(runs: NewRun[]): Promise<void>;
  findById(runId: string): Promise<Run | null>;
  /** Ends a run; the first outcome wins (a late finish cannot rewrite a run that already ended). */
  finish(runId: string, outcome: RunOutcome): Promise<void>;
  /** `finish` for several runs in ONE statement. */
  finishMany(items: Array<{ runId: string; outcome: RunOutcome }>): Promise<void>;
  /** Runs still `running` that belong to `instanceId` (all instances when omitted). */
  listRunning(instanceId?: string): Promise<Run[]>;
  /** issue 18: a user's runs newest first, keyset-paginated; `before` is a run id of theirs or a time. */
  listForUser(query: RunListQuery): Promise<RunListItem[]>;
}

export interface RunListQuery {
  userId: string;
  status?: RunStatus | undefined;
  agentId?: string | undefined;
  limit: number;
  before?: { runId: string } | { time: Date } | undefined;
}

/** A run with its agent's name (null once the agent is gone). */
export type RunListItem = Run & { agentName: string | null };

/** issue 18: thread titles a user set, per (agent, user, thread). */
export interface ThreadTitleStore {
  /** threadId -> stored title, for every thread of (agent, user) that has one. */
  titles(input: { agentId: string; userId: string }): Promise<Map<string, string>>;
  /** threadId -> the first user message since the thread's last reset. */
  firstUserMessages(input: { agentId: string; userId: string }): Promise<Map<string, string>>;
  setTitle(key: ThreadKey, title: string, at: Date): Promise<void>;
  clearTitle(key: ThreadKey): Promise<void>;
}
