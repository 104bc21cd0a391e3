import {
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  accessLevelOf,
  agentAllows,
  agentRelation,
  mayMoveOutOfCompany,
  toolAllows,
  toolFitsAgent,
  type AccessLevel,
  type Actor,
  type Agent,
  type Tool,
} from '../domain/index.js';
import type { AgentPatch, AgentStore, CompanyStore, ModelGateway, ToolStore } from '../ports/index.js';
import { createAgentAccess, type VisibleRelation } from './agent-access.js';
import { callerFactsFor, canBuildIn, effectiveCompanyRole, requireCompanyRole, rolesForActor } from './company-role.js';

export interface AgentsServiceDeps {
  agents: AgentStore;
  tools: Pick<ToolStore, 'findByIds'>;
  companies: Pick<CompanyStore, 'roleOf' | 'rolesOf' | 'findById' | 'listAll'>;
  modelGateway: Pick<ModelGateway, 'defaultModel' | 'hasModel'>;
}

export interface AgentInput {
  agentName: string;
  description: string;
  agentStyle: string;
  onStatus: boolean;
  modelName?: string | undefined;
  tools: string[];
  companyId: string | null;
  shareEditorWith: string[];
  shareVisitorWith: string[];
}
export type AgentUpdate = Partial<AgentInput>;

/** An agent together with how the caller relates to it (the presenter decides what to show from this). */
export interface AgentView {
  agent: Agent;
  relation: VisibleRelation;
  accessLevel: AccessLevel;
}

function viewOf(agent: Agent, relation: VisibleRelation): AgentView {
  return { agent, relation, accessLevel: accessLevelOf(relation) };
}

function normalizeEmails(emails: readonly string[]): string[] {
  return [...new Set(emails.map((e) => e.trim().toLowerCase()).filter((e) => e.length > 0))];
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((x) => right.has(x));
}

export function createAgentsService(deps: AgentsServiceDeps) {
  const access = createAgentAccess(deps);

  function checkModel(modelName: string): void {
    if (!deps.modelGateway.hasModel(modelName)) throw new InvalidInputError(`Unknown model "${modelName}"; GET /get-llms lists the models`);
  }

  /**
   * The tools the agent keeps (decision 0602): each newly attached one must be visible to the caller and fit
   * the agent (its company's tools, or for a personal agent the owner's personal tools), else 400; an already
   * attached one that no longer fits (the agent or the tool changed company) is dropped.
   */
  async function keptTools(actor: Actor, input: { toolIds: string[]; alreadyAttached: readonly string[]; agent: Pick<Agent, 'companyId' | 'userId'> }): Promise<string[]> {
    const toolIds = [...new Set(input.toolIds)];
    const found = new Map((await deps.tools.findByIds(toolIds)).map((t) => [t.toolId, t]));
    const attached = new Set(input.alreadyAttached);
    const kept: Tool[] = [];
    for (const toolId of toolIds) {
      const tool = found.get(toolId);
      if (attached.has(toolId)) {
        if (tool && toolFitsAgent(tool, input.agent)) kept.push(tool);
        continue;
      }
      const visible = tool !== undefined && toolAllows(tool, await callerFactsFor(deps.companies, actor, tool.companyId), 'see');
      if (!tool || !visible) throw new InvalidInputError(`Unknown tool ${toolId}`, { tool_id: toolId });
      if (!toolFitsAgent(tool, input.agent)) {
        const rule = input.agent.companyId === null ? "a personal agent takes only its owner's personal tools" : "a company agent takes only its company's tools";
        throw new InvalidInputError(`Tool ${toolId} cannot be attached: ${rule}`, { tool_id: toolId });
      }
      kept.push(tool);
    }
    checkDistinctNames(kept);
    return kept.map((t) => t.toolId);
  }

  /** The model calls tools by name, so one agent cannot carry two tools with the same name. */
  function checkDistinctNames(tools: Tool[]): void {
    const seen = new Set<string>();
    for (const tool of tools) {
      const key = tool.name.toLowerCase();
      if (seen.has(key)) throw new InvalidInputError(`Two attached tools are named "${tool.name}"; tool names must differ within an agent`);
      seen.add(key);
    }
  }

  /** A company agent leaves its company only by an admin of it; a personal agent moves by its owner. */
  async function requireMayMove(actor: Actor, agent: Agent, relation: VisibleRelation): Promise<void> {
    if (agent.companyId === null) {
      if (!agentAllows(relation, 'manage')) throw new ForbiddenError('Only the owner may move this agent into a company');
      return;
    }
    if (!mayMoveOutOfCompany(await effectiveCompanyRole(deps.companies, actor, agent.companyId))) {
      throw new ForbiddenError("Only an admin of the agent's company may move it out of the company");
    }
  }

  async function requireBuilderIn(actor: Actor, companyId: string): Promise<void> {
    const role = await requireCompanyRole(deps.companies, actor, companyId);
    if (!canBuildIn(role)) throw new ForbiddenError('Guests cannot create or move agents into this company');
  }

  async function create(actor: Actor, input: AgentInput): Promise<AgentView> {
    if (input.companyId !== null) await requireBuilderIn(actor, input.companyId);
    const modelName = input.modelName ?? deps.modelGateway.defaultModel();
    checkModel(modelName);
    const tools = await keptTools(actor, { toolIds: input.tools, alreadyAttached: [], agent: { companyId: input.companyId, userId: actor.userId } });
    const agent = await deps.agents.create({
      agentName: input.agentName.trim(),
      description: input.description,
      agentStyle: input.agentStyle,
      onStatus: input.onStatus,
      modelName,
      tools,
      companyId: input.companyId,
      userId: actor.userId,
      shareEditorWith: normalizeEmails(input.shareEditorWith),
      shareVisitorWith: normalizeEmails(input.shareVisitorWith),
    });
    return viewOf(agent, 'owner');
  }

  /** Every agent the caller may see, or those of one company (404 unless the caller belongs to it). */
  async function list(actor: Actor, filter: { companyId?: string | undefined } = {}): Promise<AgentView[]> {
    if (filter.companyId !== undefined) await requireCompanyRole(deps.companies, actor, filter.companyId);
    const roles = await rolesForActor(deps.companies, actor);
    const agents = await deps.agents.listVisibleTo({ userId: actor.userId, email: actor.email, companyIds: [...roles.keys()] });
    const views: AgentView[] = [];
    for (const agent of agents) {
      if (filter.companyId !== undefined && agent.companyId !== filter.companyId) continue;
      const companyRole = agent.companyId === null ? null : (roles.get(agent.companyId) ?? null);
      const relation = agentRelation(agent, { userId: actor.userId, email: actor.email, companyRole });
      if (relation !== 'none') views.push(viewOf(agent, relation));
    }
    return views;
  }

  async function get(actor: Actor, agentId: string): Promise<AgentView & { toolDetails: Tool[] }> {
    const { agent, relation } = await access.loadAgentFor(actor, agentId, 'read_config');
    const byId = new Map((await deps.tools.findByIds(agent.tools)).map((t) => [t.toolId, t]));
    const toolDetails = agent.tools.map((id) => byId.get(id)).filter((t): t is Tool => t !== undefined);
    return { ...viewOf(agent, relation), toolDetails };
  }

  async function info(actor: Actor, agentId: string): Promise<AgentView> {
    const { agent, relation } = await access.loadAgentFor(actor, agentId, 'see');
    return viewOf(agent, relation);
  }

  async function update(actor: Actor, agentId: string, input: AgentUpdate): Promise<AgentView> {
    const { agent, relation } = await access.loadAgentFor(actor, agentId, 'update');
    const patch: AgentPatch = {};
    const shareEditorWith = input.shareEditorWith && normalizeEmails(input.shareEditorWith);
    const shareVisitorWith = input.shareVisitorWith && normalizeEmails(input.shareVisitorWith);
    // sending back unchanged sharing or company (a whole agent object) needs no manage right
    const sharingChanges =
      (shareEditorWith !== undefined && !sameSet(shareEditorWith, agent.shareEditorWith)) ||
      (shareVisitorWith !== undefined && !sameSet(shareVisitorWith, agent.shareVisitorWith));
    const companyChanges = input.companyId !== undefined && input.companyId !== agent.companyId;
    if (sharingChanges && !agentAllows(relation, 'manage')) {
      throw new ForbiddenError('Only the owner or a company admin may change the sharing of this agent');
    }
    if (companyChanges) await requireMayMove(actor, agent, relation);
    if (companyChanges && input.companyId) await requireBuilderIn(actor, input.companyId);
    const companyId = input.companyId === undefined ? agent.companyId : input.companyId;

    if (input.agentName !== undefined) patch.agentName = input.agentName.trim();
    if (input.description !== undefined) patch.description = input.description;
    if (input.agentStyle !== undefined) patch.agentStyle = input.agentStyle;
    if (input.onStatus !== undefined) patch.onStatus = input.onStatus;
    if (input.modelName !== undefined && input.modelName !== agent.modelName) {
      checkModel(input.modelName);
      patch.modelName = input.modelName;
    }
    if (input.tools !== undefined || companyChanges) {
      // crossing a company boundary leaves the source's tools behind, even when the request sends them back
      const tools = await keptTools(actor, { toolIds: input.tools ?? agent.tools, alreadyAttached: agent.tools, agent: { companyId, userId: agent.userId } });
      if (input.tools !== undefined || !sameList(tools, agent.tools)) patch.tools = tools;
    }
    if (companyChanges) patch.companyId = companyId;
    if (sharingChanges) {
      if (shareEditorWith) patch.shareEditorWith = shareEditorWith;
      if (shareVisitorWith) patch.shareVisitorWith = shareVisitorWith;
    }
    const updated = Object.keys(patch).length === 0 ? agent : await deps.agents.update(agentId, patch);
    if (!updated) throw new NotFoundError('Agent not found');
    const after = await access.relationTo(actor, updated);
    // an admin who moves an agent out of their company may no longer see it; answer with what they had
    return viewOf(updated, after === 'none' ? relation : after);
  }

  async function remove(actor: Actor, agentId: string): Promise<void> {
    await access.loadAgentFor(actor, agentId, 'manage');
    if (!(await deps.agents.delete(agentId))) throw new NotFoundError('Agent not found');
  }

  return { create, list, get, info, update, remove, access };
}

export type AgentsService = ReturnType<typeof createAgentsService>;
