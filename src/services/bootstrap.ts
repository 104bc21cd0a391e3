import { randomBytes } from 'node:crypto';
import { BUILTIN_TOOLS, ConflictError, type BuiltinToolName, type User } from '../domain/index.js';
import type { AgentStore, Clock, CompanyStore, Database, PasswordHasher, TokenIssuer, TokenStore, ToolStore, Tx, UserStore } from '../ports/index.js';

export interface BootstrapOptions {
  users: UserStore;
  tokens: TokenStore;
  companies: CompanyStore;
  agents: AgentStore;
  tools: ToolStore;
  passwords: Pick<PasswordHasher, 'hash'>;
  issuer: Pick<TokenIssuer, 'hash'>;
  database: Pick<Database, 'withAdvisoryLock'>;
  adminEmail: string;
  adminPassword?: string | undefined;
  adminToken?: string | undefined;
  /** With `print`: prints the "log in with …" block at once; otherwise main calls `result.describe(baseUrl)`. */
  baseUrl?: string | undefined;
  print?: ((line: string) => void) | undefined;
  clock?: Clock;
  generatePassword?: () => string;
}

export interface BootstrapResult {
  /** True when this call created the admin, the demo company and the demo agent. */
  created: boolean;
  adminEmail: string;
  /** Only when this call generated it; it is printed once and never again. */
  generatedPassword: string | undefined;
  demoAgentId: string | undefined;
  /** Things an operator should know (e.g. ADMIN_TOKEN was revoked); also part of `describe`. */
  notices: string[];
  /** The "log in with …" block for a server reachable at `baseUrl`. */
  describe(baseUrl: string): string[];
}

const LOCK_NAME = 'switchboard:bootstrap';
const DEMO_MODEL = 'local/demo';

const BUILTIN_DESCRIPTIONS: Record<BuiltinToolName, string> = {
  calculator: 'Evaluates an arithmetic expression, e.g. {"expression": "2 * (3 + 4)"}',
  current_time: 'Tells the current date and time, optionally in a time zone',
  fetch_url: 'Fetches a public web page by URL and returns its text (size-capped)',
};

const DEMO_STYLE = [
  'You are the offline demo agent of Switchboard. You run on the built-in local/demo model, which is a',
  'deterministic stand-in, not a language model: it restates what you write and what it remembers of the',
  'thread, calls a tool when your message names one (try "calculator expression=2*21" or',
  '"current_time"), and shows an image, video, markdown, html or json block when you ask for an example.',
  'Connect a real provider (OPENAI_API_KEY, ANTHROPIC_API_KEY or OLLAMA_BASE_URL) and pick its model to',
  'talk to an LLM.',
].join(' ');

function defaultPassword(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * First-start setup: the admin, a demo company, the built-in tools and a demo agent. Runs under a
 * database advisory lock so concurrent instances create exactly one admin; later starts change nothing
 * except adding ADMIN_TOKEN when it is new.
 */
export async function runBootstrap(options: BootstrapOptions): Promise<BootstrapResult> {
  const clock = options.clock ?? { now: () => new Date() };
  const adminEmail = options.adminEmail.trim().toLowerCase();
  let generatedPassword: string | undefined;
  let demoAgentId: string | undefined;
  let created = false;

  // scrypt runs before the lock: no crypto inside the transaction, and only when the table looks empty
  let passwordHash: string | undefined;
  if ((await options.users.count()) === 0) {
    const password = options.adminPassword ?? (options.generatePassword ?? defaultPassword)();
    passwordHash = await options.passwords.hash(password);
    if (!options.adminPassword) generatedPassword = password;
  }

  if (passwordHash !== undefined) {
    const hash = passwordHash;
    const result = await options.database.withAdvisoryLock(LOCK_NAME, async (tx) => {
      if ((await options.users.count(tx)) > 0) return undefined;
      return seed(options, { adminEmail, passwordHash: hash, tx });
    });
    if (result) {
      created = true;
      demoAgentId = result.demoAgentId;
    } else {
      generatedPassword = undefined;
    }
  }

  const notices: string[] = [];
  if (!created && options.adminToken) await ensureAdminToken(options, { adminEmail, clock, notices });
  const state = { adminEmail, created, generatedPassword, demoAgentId, passwordWasSet: options.adminPassword !== undefined, notices };
  const describe = (baseUrl: string) => loginBlock(baseUrl, state);
  if (options.print && options.baseUrl) for (const line of describe(options.baseUrl)) options.print(line);
  return { created, adminEmail, generatedPassword, demoAgentId, notices, describe };
}

async function seed(options: BootstrapOptions, input: { adminEmail: string; passwordHash: string; tx: Tx }): Promise<{ admin: User; demoAgentId: string }> {
  const { tx } = input;
  const admin = await options.users.create({ email: input.adminEmail, name: 'Admin', passwordHash: input.passwordHash, isAdmin: true }, tx);
  if (options.adminToken) {
    await options.tokens.create({ ...adminTokenRow(options, options.adminToken), userId: admin.userId }, tx);
  }
  const company = await options.companies.create({ name: 'Demo company', creatorUserId: admin.userId }, tx);
  const toolIds: string[] = [];
  for (const builtin of BUILTIN_TOOLS) {
    const tool = await options.tools.create(
      {
        name: builtin,
        description: BUILTIN_DESCRIPTIONS[builtin],
        kind: 'builtin',
        config: { builtin },
        env: {},
        onStatus: true,
        companyId: company.companyId,
        userId: admin.userId,
      },
      tx,
    );
    toolIds.push(tool.toolId);
  }
  const agent = await options.agents.create(
    {
      agentName: 'Demo agent',
      description: 'Try Switchboard offline: streams replies, calls the built-in tools and shows content blocks.',
      agentStyle: DEMO_STYLE,
      onStatus: true,
      modelName: DEMO_MODEL,
      tools: toolIds,
      companyId: company.companyId,
      userId: admin.userId,
      shareEditorWith: [],
      shareVisitorWith: [],
    },
    tx,
  );
  return { admin, demoAgentId: agent.agentId };
}

function adminTokenRow(options: BootstrapOptions, token: string) {
  return { name: 'ADMIN_TOKEN', kind: 'api' as const, prefix: token.slice(0, 12), tokenHash: options.issuer.hash(token), expiresAt: null };
}

/** Adds ADMIN_TOKEN on a later start when it is not stored yet; a revoked one stays revoked. */
async function ensureAdminToken(options: BootstrapOptions, input: { adminEmail: string; clock: Clock; notices: string[] }): Promise<void> {
  const { adminEmail, clock, notices } = input;
  const token = options.adminToken!;
  if (await options.tokens.findActive(options.issuer.hash(token), clock.now())) return;
  try {
    await options.database.withAdvisoryLock(LOCK_NAME, async (tx) => {
      const admin = await options.users.findByEmail(adminEmail, tx);
      if (!admin) {
        notices.push(`ADMIN_TOKEN not added: no user ${adminEmail} (ADMIN_EMAIL changed after the first start?)`);
        return;
      }
      await options.tokens.create({ ...adminTokenRow(options, token), userId: admin.userId }, tx);
    });
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    notices.push('ADMIN_TOKEN is revoked or expired; it was not added again (set a new ADMIN_TOKEN to replace it)');
  }
}

interface LoginBlockState {
  adminEmail: string;
  created: boolean;
  generatedPassword: string | undefined;
  demoAgentId: string | undefined;
  passwordWasSet: boolean;
  notices: string[];
}

function loginBlock(baseUrl: string, state: LoginBlockState): string[] {
  const base = baseUrl.replace(/\/+$/, '');
  const passwordLine = state.generatedPassword
    ? `password: ${state.generatedPassword}   (generated, shown only this once; set ADMIN_PASSWORD to choose one)`
    : state.created && state.passwordWasSet
      ? 'password: the ADMIN_PASSWORD you set'
      : 'password: the one printed on the first start (or ADMIN_PASSWORD)';
  const shownPassword = state.generatedPassword ?? '<password>';
  const agentPath = state.demoAgentId ?? '<agent_id from GET /agents>';
  return [
    '',
    state.created ? 'Switchboard is set up: admin user, "Demo company" and "Demo agent" (offline model local/demo).' : 'Switchboard is ready.',
    `Log in at ${base}/ with`,
    `  e-mail:   ${state.adminEmail}`,
    `  ${passwordLine}`,
    'Or from a terminal:',
    `  TOKEN=$(curl -s -X POST ${base}/auth/login -H 'content-type: application/json' -d '{"email":"${state.adminEmail}","password":"${shownPassword}"}' | sed -E 's/.*"token":"([^"]+)".*/\\1/')`,
    `  curl -s ${base}/agents -H "authorization: Bearer $TOKEN"`,
    `  curl -N -X POST ${base}/agent-invoke/${agentPath}/invoke-stream -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' -d '{"input":{"messages":"Hi"}}'`,
    `API docs: ${base}/docs`,
    ...state.notices.map((notice) => `Note: ${notice}`),
    '',
  ];
}
