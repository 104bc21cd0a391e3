import { agentAllows, type Actor, type Agent } from '../../domain/index.js';
import type { Services } from '../../services/index.js';

/** MCP tool names: letters, digits, `_` and `-` (what every MCP client and model provider accepts). */
const MAX_NAME_CHARS = 64;

export interface AgentTool {
  name: string;
  agent: Agent;
}

function sanitise(agentName: string): string {
  const name = agentName
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, MAX_NAME_CHARS - 4);
  return name === '' ? 'agent' : name;
}

/**
 * Agents as MCP tools named after them: sanitised, and made unique with `_2`, `_3`, … in creation order (agent
 * ids are time-ordered), so a name keeps meaning the same agent between list and call.
 */
export function namedAgentTools(agents: readonly Agent[]): AgentTool[] {
  const ordered = [...agents].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.agentId < b.agentId ? -1 : 1));
  const taken = new Set<string>();
  return ordered.map((agent) => {
    const base = sanitise(agent.agentName);
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
    taken.add(name);
    return { name, agent };
  });
}

/** Every agent the caller may run, as a tool. */
export async function agentToolsFor(services: Services, actor: Actor): Promise<AgentTool[]> {
  const views = await services.agents.list(actor);
  return namedAgentTools(views.filter((view) => agentAllows(view.relation, 'invoke')).map((view) => view.agent));
}
