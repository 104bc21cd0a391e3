import {
  ForbiddenError,
  NotFoundError,
  agentAllows,
  agentRelation,
  type Actor,
  type Agent,
  type AgentAction,
  type AgentRelation,
} from '../domain/index.js';
import type { AgentStore } from '../ports/index.js';
import { callerFactsFor, type CompanyRoleReader } from './company-role.js';

export type VisibleRelation = Exclude<AgentRelation, 'none'>;

export interface AgentAccessDeps {
  agents: Pick<AgentStore, 'findById'>;
  companies: CompanyRoleReader;
}

export interface AgentAccess {
  /** The agent and the caller's relation to it; 404 if the caller may not see it, 403 if `action` is not allowed. */
  loadAgentFor(actor: Actor, agentId: string, action: AgentAction): Promise<{ agent: Agent; relation: VisibleRelation }>;
  relationTo(actor: Actor, agent: Agent): Promise<AgentRelation>;
}

const FORBIDDEN_MESSAGES: Record<AgentAction, string> = {
  see: 'You may not see this agent',
  read_config: "You may use this agent but not read its configuration",
  invoke: 'You may not run this agent',
  update: 'You may not change this agent',
  manage: 'Only the owner or a company admin may change sharing or delete this agent',
};

export function createAgentAccess(deps: AgentAccessDeps): AgentAccess {
  async function relationTo(actor: Actor, agent: Agent): Promise<AgentRelation> {
    return agentRelation(agent, await callerFactsFor(deps.companies, actor, agent.companyId));
  }

  async function loadAgentFor(actor: Actor, agentId: string, action: AgentAction): Promise<{ agent: Agent; relation: VisibleRelation }> {
    const agent = await deps.agents.findById(agentId);
    if (!agent) throw new NotFoundError('Agent not found');
    const relation = await relationTo(actor, agent);
    if (relation === 'none') throw new NotFoundError('Agent not found');
    if (!agentAllows(relation, action)) throw new ForbiddenError(FORBIDDEN_MESSAGES[action]);
    return { agent, relation };
  }

  return { loadAgentFor, relationTo };
}
