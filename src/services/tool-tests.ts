import {
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  toolAllows,
  type Actor,
  type McpToolConfig,
  type ModelToolSpec,
  type SealedSecret,
  type Tool,
} from '../domain/index.js';
import type { CompanyStore, SecretBox, ToolConfigValidator, ToolRunner, ToolStore } from '../ports/index.js';
import { callerFactsFor } from './company-role.js';
import { destinationMoves, toolDestination } from './tool-destination.js';

/** What responses show instead of a secret value; sent back in `env` it means "the stored value". */
const SECRET_MASK = '********';
/** The name the draft tool of a discovery goes by; its model tool names are `mcp__<name>`. */
const DRAFT_NAME = 'mcp';

/** A tool runner of its own for one discovery: the same runner code, secrets from the draft, closed afterwards. */
export type DraftToolRunnerFactory = (loadSealedEnv: (toolId: string) => Promise<Record<string, SealedSecret>>) => Pick<ToolRunner, 'describe'> & {
  close(): Promise<void>;
};

export interface ToolTestsDeps {
  tools: Pick<ToolStore, 'findById' | 'loadSealedEnv'>;
  companies: Pick<CompanyStore, 'roleOf'>;
  toolRunner: Pick<ToolRunner, 'execute' | 'describe'>;
  openDraftRunner: DraftToolRunnerFactory;
  secretBox: Pick<SecretBox, 'seal'>;
  toolConfigValidator: ToolConfigValidator;
  now?: () => number;
}

export interface ToolTestResult {
  ok: boolean;
  output: unknown;
  blocks: string[];
  durationMs: number;
}

export interface DiscoveredTool {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

/** issue 18: the console's "Test" and "Discover" buttons, through the one tool runner (SSRF guard, scrubbing). */
export function createToolTestsService(deps: ToolTestsDeps) {
  const now = deps.now ?? (() => performance.now());

  /** The tool if the caller may edit it: 404 when they may not see it, 403 when they may only see it. */
  async function loadEditableTool(actor: Actor, toolId: string): Promise<Tool> {
    const tool = await deps.tools.findById(toolId);
    if (!tool) throw new NotFoundError('Tool not found');
    const facts = await callerFactsFor(deps.companies, actor, tool.companyId);
    if (!toolAllows(tool, facts, 'see')) throw new NotFoundError('Tool not found');
    if (!toolAllows(tool, facts, 'update')) throw new ForbiddenError('Only people who may edit this tool may test it or use its secrets');
    return tool;
  }

  /** MCP tools contribute several model tools: `toolName` picks one, as discovery lists it. */
  async function modelToolNameFor(tool: Tool, toolName: string | undefined, signal: AbortSignal): Promise<string> {
    if (tool.kind !== 'mcp') return tool.name;
    if (!toolName) throw new InvalidInputError('tool_name is required for an MCP tool: one of the names POST /tools/discover lists');
    const specs = await deps.toolRunner.describe(tool, signal);
    const prefix = `${tool.name}__`;
    const found = specs.find((spec) => spec.name === toolName || spec.name === `${prefix}${toolName}`);
    if (!found) {
      const names = specs.map((spec) => (spec.name.startsWith(prefix) ? spec.name.slice(prefix.length) : spec.name));
      throw new InvalidInputError(`The MCP server has no tool named ${toolName}; it has: ${names.join(', ') || 'none'}`);
    }
    return found.name;
  }

  async function test(actor: Actor, toolId: string, input: { arguments: Record<string, unknown>; toolName?: string | undefined; signal: AbortSignal }): Promise<ToolTestResult> {
    const tool = await loadEditableTool(actor, toolId);
    const started = now();
    const modelToolName = await modelToolNameFor(tool, input.toolName, input.signal);
    const result = await deps.toolRunner.execute({ tool, modelToolName, arguments: input.arguments, signal: input.signal, errorDetail: 'full' });
    return { ok: result.ok, output: result.output, blocks: result.blocks, durationMs: Math.round(now() - started) };
  }

  /**
   * The stored secrets a discovery may use: only an editor's, only of an MCP tool, and only when the draft
   * points at the same destination the secrets were set for (issue 16 item 3).
   */
  async function storedEnvFor(stored: Tool | null, config: McpToolConfig, env: Record<string, string>): Promise<Record<string, SealedSecret>> {
    if (!stored) return {};
    const changedSecrets = Object.entries(env).filter(([, value]) => value !== SECRET_MASK).map(([name]) => name);
    const sameDestination = toolDestination(stored.config) !== null && !destinationMoves(stored.config, config, changedSecrets);
    return sameDestination ? deps.tools.loadSealedEnv(stored.toolId) : {};
  }

  async function discover(
    actor: Actor,
    input: { config: unknown; env: Record<string, string>; toolId?: string | undefined; signal: AbortSignal },
  ): Promise<DiscoveredTool[]> {
    const stored = input.toolId === undefined ? null : await loadEditableTool(actor, input.toolId);
    if (stored && stored.kind !== 'mcp') throw new InvalidInputError('tool_id must name an MCP tool');
    const knownKeys = [...new Set([...Object.keys(input.env), ...(stored?.envKeys ?? [])])];
    const config = deps.toolConfigValidator.validate({ kind: 'mcp', config: input.config, envKeys: knownKeys }) as McpToolConfig;
    const storedEnv = await storedEnvFor(stored, config, input.env);
    const sealed: Record<string, SealedSecret> = {};
    for (const [name, value] of Object.entries(input.env)) {
      if (value !== SECRET_MASK) sealed[name] = deps.secretBox.seal(value);
      else if (storedEnv[name]) sealed[name] = storedEnv[name];
      else throw new InvalidInputError(`env.${name}: no stored value can be used here (none is set, or the URL's origin changed); send the value`);
    }
    for (const [name, value] of Object.entries(storedEnv)) if (!(name in input.env)) sealed[name] = value;
    // stored secrets left behind by a changed origin must be sent again
    deps.toolConfigValidator.validate({ kind: 'mcp', config, envKeys: Object.keys(sealed) });
    const at = new Date();
    const draft: Tool = {
      toolId: crypto.randomUUID(),
      name: DRAFT_NAME,
      description: stored?.description ?? '',
      kind: 'mcp',
      config,
      envKeys: Object.keys(sealed),
      onStatus: true,
      companyId: stored?.companyId ?? null,
      userId: actor.userId,
      createdAt: at,
      updatedAt: at,
    };
    const runner = deps.openDraftRunner(async () => sealed);
    try {
      const specs = await runner.describe(draft, input.signal);
      return specs.map((spec) => discovered(spec));
    } finally {
      await runner.close();
    }
  }

  return { test, discover };
}

function discovered(spec: ModelToolSpec): DiscoveredTool {
  const prefix = `${DRAFT_NAME}__`;
  return { name: spec.name.startsWith(prefix) ? spec.name.slice(prefix.length) : spec.name, description: spec.description, inputSchema: spec.parameters };
}

export type ToolTestsService = ReturnType<typeof createToolTestsService>;
