import { toolFitsAgent, type Agent } from '../domain/index.js';
import type { ToolRunner, ToolStore } from '../ports/index.js';
import { FwFailure } from './fastworkflow-failure.js';

/** The seed's `Action` as perform_action and startup_action use it: a tool of the agent and its arguments. */
export interface FwAction {
  commandName: string;
  parameters: Record<string, unknown>;
}

const MAX_NAMES_SHOWN = 20;

/** 422 for an action naming no tool of the agent; the detail lists what it may name. */
export function unknownActionFailure(commandName: string, toolNames: string[]): FwFailure {
  const shown = toolNames.slice(0, MAX_NAMES_SHOWN).join(', ') + (toolNames.length > MAX_NAMES_SHOWN ? ', …' : '');
  const available = toolNames.length === 0 ? 'the agent has no tools' : `its tools: ${shown}`;
  return new FwFailure(422, `Invalid action format: the agent has no tool named "${commandName}" (${available})`);
}

/**
 * The seed loads env only from two dotenv files on the server and answers 422 when one does not exist.
 * Switchboard reads no file a client names (decision 0803): a given path is refused with the seed's
 * status and a detail that says where secrets go instead.
 */
export function envFileRefusal(envFilePath: string | null | undefined, passwordsFilePath: string | null | undefined): FwFailure | null {
  for (const [field, value] of [['env_file_path', envFilePath], ['passwords_file_path', passwordsFilePath]] as const) {
    if (value) {
      return new FwFailure(
        422,
        `${field} does not exist: ${value} (Switchboard reads no files of the server; give the agent's tools their secrets with POST /tools "env" instead)`,
      );
    }
  }
  return null;
}

/** The names a model (or an action) calls the agent's switched-on tools by; an MCP server contributes several. */
export function createAgentToolNames(deps: { tools: Pick<ToolStore, 'findByIds'>; toolRunner: Pick<ToolRunner, 'describe'> }) {
  return async (agent: Agent): Promise<string[]> => {
    if (agent.tools.length === 0) return [];
    // the same tools a run of the agent gets (switched on, and of the agent's own company or owner)
    const tools = (await deps.tools.findByIds(agent.tools)).filter((tool) => tool.onStatus && toolFitsAgent(tool, agent));
    const signal = AbortSignal.timeout(15_000);
    const specs = await Promise.all(tools.map((tool) => deps.toolRunner.describe(tool, signal).catch(() => [])));
    return specs.flat().map((spec) => spec.name);
  };
}
