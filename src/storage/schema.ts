import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  customType,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { RUN_SURFACES, type SealedSecret, type ToolConfig, type Usage } from '../domain/index.js';

/**
 * The database schema (SPEC §3). `drizzle-kit generate` turns changes here into committed SQL migrations
 * in ./migrations; never edit a generated migration by hand once it is committed.
 */

/**
 * jsonb without drizzle's second JSON.parse: both drivers already parse jsonb, and drizzle's own column
 * would turn a stored string such as "42" into the number 42 on the way out.
 */
const jsonb = <T>(name: string) =>
  customType<{ data: T; driverData: unknown }>({
    dataType: () => 'jsonb',
    toDriver: (value) => JSON.stringify(value),
    fromDriver: (value) => value as T,
  })(name);

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const users = pgTable(
  'users',
  {
    userId: uuid('user_id').primaryKey().defaultRandom(),
    // Stored lowercased; the unique index on lower(email) also guards rows written by hand.
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash'),
    isAdmin: boolean('is_admin').notNull().default(false),
    createdAt: createdAt(),
    // issue 18: a disabled account cannot log in and its tokens stop working (migration 0005)
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('users_email_lower_key').on(sql`lower(${t.email})`)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    tokenId: uuid('token_id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.userId, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['api', 'session'] }).notNull(),
    prefix: text('prefix').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('api_tokens_token_hash_key').on(t.tokenHash),
    index('api_tokens_user_id_idx').on(t.userId),
    check('api_tokens_kind_check', sql`${t.kind} in ('api', 'session')`),
  ],
);

export const companies = pgTable('companies', {
  companyId: uuid('company_id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

export const userCompanies = pgTable(
  'user_companies',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.userId, { onDelete: 'cascade' }),
    companyId: uuid('company_id')
      .notNull()
      .references(() => companies.companyId, { onDelete: 'cascade' }),
    role: text('role', { enum: ['super_admin', 'admin', 'staff', 'guest'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'user_companies_pkey', columns: [t.userId, t.companyId] }),
    index('user_companies_company_id_idx').on(t.companyId),
    check('user_companies_role_check', sql`${t.role} in ('super_admin', 'admin', 'staff', 'guest')`),
  ],
);

export const agents = pgTable(
  'agents',
  {
    agentId: uuid('agent_id').primaryKey().defaultRandom(),
    agentName: text('agent_name').notNull(),
    description: text('description').notNull().default(''),
    agentStyle: text('agent_style').notNull().default(''),
    onStatus: boolean('on_status').notNull().default(true),
    modelName: text('model_name').notNull(),
    tools: uuid('tools').array().notNull().default(sql`'{}'::uuid[]`),
    companyId: uuid('company_id').references(() => companies.companyId, { onDelete: 'set null' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.userId, { onDelete: 'cascade' }),
    shareEditorWith: text('share_editor_with').array().notNull().default(sql`'{}'::text[]`),
    shareVisitorWith: text('share_visitor_with').array().notNull().default(sql`'{}'::text[]`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('agents_user_id_idx').on(t.userId), index('agents_company_id_idx').on(t.companyId)],
);

export const tools = pgTable(
  'tools',
  {
    toolId: uuid('tool_id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    kind: text('kind', { enum: ['builtin', 'http', 'mcp'] }).notNull(),
    config: jsonb<ToolConfig>('config').notNull(),
    env: jsonb<Record<string, SealedSecret>>('env').notNull().default(sql`'{}'::jsonb`),
    onStatus: boolean('on_status').notNull().default(true),
    companyId: uuid('company_id').references(() => companies.companyId, { onDelete: 'set null' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.userId, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('tools_user_id_name_key').on(t.userId, t.name),
    index('tools_company_id_idx').on(t.companyId),
    check('tools_kind_check', sql`${t.kind} in ('builtin', 'http', 'mcp')`),
    // The database itself refuses anything but sealed values: {NAME: {keyId: string, sealed: string}}.
    check(
      'tools_env_sealed_only',
      sql`jsonb_typeof(${t.env}) = 'object' and not jsonb_path_exists(${t.env}, '$.* ? (@.type() != "object" || !exists(@.keyId) || !exists(@.sealed) || @.keyId.type() != "string" || @.sealed.type() != "string")')`,
    ),
  ],
);

export const agentLogs = pgTable(
  'agent_logs',
  {
    // Insertion order: stable even for rows written in the same millisecond.
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity().notNull(),
    messageId: uuid('message_id').primaryKey().defaultRandom(),
    // No foreign keys on the two per-run tables: a trigger on agents and users deletes their rows instead
    // (docs/decisions/0104); a foreign key costs a locking lookup per inserted row, half of a row's cost on PGlite.
    agentId: uuid('agent_id').notNull(),
    userId: uuid('user_id').notNull(),
    threadId: text('thread_id').notNull(),
    runId: uuid('run_id'),
    role: text('role', { enum: ['user', 'assistant', 'tool', 'reset'] }).notNull(),
    content: text('content').notNull().default(''),
    toolName: text('tool_name'),
    toolCallId: text('tool_call_id'),
    toolInput: jsonb<unknown>('tool_input'),
    toolOutput: jsonb<unknown>('tool_output'),
    model: text('model'),
    inputTokens: integer('input_tokens'),
    outputTokens: integer('output_tokens'),
    outcome: text('outcome'),
    createdAt: createdAt(),
  },
  (t) => [
    // Thread reads filter on the key and order by seq (see docs/decisions/0101).
    index('agent_logs_thread_idx').on(t.agentId, t.userId, t.threadId, t.seq),
    // the last reset of a thread without walking the thread (docs/decisions/0702); only reset rows are indexed
    index('agent_logs_reset_idx').on(t.agentId, t.userId, t.threadId, t.seq).where(sql`${t.role} = 'reset'`),
    check('agent_logs_role_check', sql`${t.role} in ('user', 'assistant', 'tool', 'reset')`),
  ],
);

export const runs = pgTable(
  'runs',
  {
    runId: uuid('run_id').primaryKey(),
    // No foreign keys on the two per-run tables: a trigger on agents and users deletes their rows instead
    // (docs/decisions/0104); a foreign key costs a locking lookup per inserted row, half of a row's cost on PGlite.
    agentId: uuid('agent_id').notNull(),
    userId: uuid('user_id').notNull(),
    threadId: text('thread_id').notNull(),
    model: text('model').notNull(),
    status: text('status', {
      enum: ['running', 'completed', 'cancelled', 'failed', 'timed_out', 'interrupted'],
    }).notNull(),
    surface: text('surface', { enum: RUN_SURFACES }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    usage: jsonb<Usage>('usage'),
    errorCode: text('error_code'),
    errorDetail: text('error_detail'),
    instanceId: text('instance_id').notNull(),
  },
  (t) => [
    // The only reads are by run_id and of running runs; no index by thread (one less index write per run
    // row and per outcome; deleting an agent scans runs, decision 0104).
    index('runs_running_idx').on(t.instanceId).where(sql`${t.status} = 'running'`),
    // issue 18: GET /runs lists a user's runs newest first, keyset on (started_at, run_id) (migration 0005)
    index('runs_user_started_idx').on(t.userId, t.startedAt.desc(), t.runId.desc()),
    check(
      'runs_status_check',
      sql`${t.status} in ('running', 'completed', 'cancelled', 'failed', 'timed_out', 'interrupted')`,
    ),
    check('runs_surface_check', sql`${t.surface} in ('agent-invoke', 'fastworkflow', 'openai', 'ai-sdk', 'ag-ui', 'mcp', 'a2a')`),
  ],
);

/**
 * The events of a running run, a slice per checkpoint (at most one a second), so a killed process keeps what
 * its users saw (migration 0004, docs/decisions/0407). Deleted when the run ends; no foreign key (0104).
 */
export const runCheckpoints = pgTable(
  'run_checkpoints',
  {
    runId: uuid('run_id').notNull(),
    firstSeq: integer('first_seq').notNull(),
    // JSON text (token events as bare strings): written once, read only after a crash (migration 0004)
    events: text('events').notNull(),
  },
  (t) => [primaryKey({ name: 'run_checkpoints_pkey', columns: [t.runId, t.firstSeq] })],
);

export const fwSessions = pgTable(
  'fw_sessions',
  {
    ownerUserId: uuid('owner_user_id')
      .notNull()
      .references(() => users.userId, { onDelete: 'cascade' }),
    fwUserId: text('fw_user_id').notNull(),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agents.agentId, { onDelete: 'cascade' }),
    context: text('context').notNull().default(''),
    showAgentTraces: boolean('show_agent_traces').notNull().default(true),
    activeConversationId: integer('active_conversation_id').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ name: 'fw_sessions_pkey', columns: [t.ownerUserId, t.fwUserId] })],
);

export const fwConversations = pgTable(
  'fw_conversations',
  {
    ownerUserId: uuid('owner_user_id').notNull(),
    fwUserId: text('fw_user_id').notNull(),
    conversationId: integer('conversation_id').notNull(),
    topic: text('topic').notNull().default(''),
    summary: text('summary').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ name: 'fw_conversations_pkey', columns: [t.ownerUserId, t.fwUserId, t.conversationId] }),
    index('fw_conversations_updated_idx').on(t.ownerUserId, t.fwUserId, t.updatedAt),
    foreignKey({
      name: 'fw_conversations_session_fk',
      columns: [t.ownerUserId, t.fwUserId],
      foreignColumns: [fwSessions.ownerUserId, fwSessions.fwUserId],
    }).onDelete('cascade'),
  ],
);

export const fwFeedback = pgTable(
  'fw_feedback',
  {
    runId: uuid('run_id').primaryKey(),
    ownerUserId: uuid('owner_user_id')
      .notNull()
      .references(() => users.userId, { onDelete: 'cascade' }),
    fwUserId: text('fw_user_id').notNull(),
    binaryOrNumericScore: jsonb<boolean | number>('binary_or_numeric_score'),
    nlFeedback: text('nl_feedback'),
    createdAt: createdAt(),
  },
  (t) => [index('fw_feedback_user_idx').on(t.ownerUserId, t.fwUserId)],
);

/** issue 18: a thread's title as its user renamed it, per (agent, user, thread) (migration 0005). */
export const threadTitles = pgTable(
  'thread_titles',
  {
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agents.agentId, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.userId, { onDelete: 'cascade' }),
    threadId: text('thread_id').notNull(),
    title: text('title').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ name: 'thread_titles_pkey', columns: [t.agentId, t.userId, t.threadId] })],
);

/** Invitations into a company (migration 0003, docs/decisions/0603); one pending per company and e-mail. */
export const companyInvitations = pgTable(
  'company_invitations',
  {
    invitationId: uuid('invitation_id').primaryKey().defaultRandom(),
    companyId: uuid('company_id')
      .notNull()
      .references(() => companies.companyId, { onDelete: 'cascade' }),
    // Stored lower-cased: the invitee is whoever signs in with this address, now or later.
    email: text('email').notNull(),
    role: text('role', { enum: ['super_admin', 'admin', 'staff', 'guest'] }).notNull(),
    status: text('status', { enum: ['pending', 'accepted', 'declined', 'revoked'] }).notNull().default('pending'),
    invitedBy: uuid('invited_by').references(() => users.userId, { onDelete: 'set null' }),
    createdAt: createdAt(),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('company_invitations_pending_key').on(t.companyId, sql`lower(${t.email})`).where(sql`${t.status} = 'pending'`),
    index('company_invitations_email_idx').on(sql`lower(${t.email})`).where(sql`${t.status} = 'pending'`),
    check('company_invitations_role_check', sql`${t.role} in ('super_admin', 'admin', 'staff', 'guest')`),
    check('company_invitations_status_check', sql`${t.status} in ('pending', 'accepted', 'declined', 'revoked')`),
  ],
);

/** issue 19: an agent's webhook URL and its write-only signing secret, sealed like tool secrets (migration 0007). */
export const agentWebhooks = pgTable(
  'agent_webhooks',
  {
    agentId: uuid('agent_id')
      .primaryKey()
      .references(() => agents.agentId, { onDelete: 'cascade' }),
    url: text('url'),
    secret: jsonb<SealedSecret>('secret').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [check('agent_webhooks_secret_sealed', sql`coalesce(jsonb_typeof(${t.secret} -> 'keyId') = 'string' and jsonb_typeof(${t.secret} -> 'sealed') = 'string', false)`)],
);

/** issue 19: the webhook delivery log, one row per event and URL with its latest attempt (migration 0007). */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    deliveryId: uuid('delivery_id').primaryKey().defaultRandom(),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agents.agentId, { onDelete: 'cascade' }),
    runId: uuid('run_id').notNull(),
    event: text('event').notNull(),
    url: text('url').notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    responseStatus: integer('response_status'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('webhook_deliveries_agent_idx').on(t.agentId, t.createdAt.desc()),
    index('webhook_deliveries_pending_idx').on(t.updatedAt).where(sql`${t.status} = 'pending'`),
    check('webhook_deliveries_status_check', sql`${t.status} in ('pending', 'delivered', 'failed')`),
  ],
);
