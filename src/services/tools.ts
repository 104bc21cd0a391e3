import {
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  TOOL_NAME_PATTERN,
  ConflictError,
  mayMoveOutOfCompany,
  toolAllows,
  type Actor,
  type SealedSecret,
  type Tool,
  type ToolKind,
} from '../domain/index.js';
import type { AgentStore, CompanyStore, SecretBox, ToolConfigValidator, ToolPatch, ToolStore } from '../ports/index.js';
import { callerFactsFor, canBuildIn, effectiveCompanyRole, requireCompanyRole, rolesForActor } from './company-role.js';
import { destinationMoves } from './tool-destination.js';

/** What responses show instead of a secret value; sending it back on PATCH keeps the stored value. */
export const SECRET_MASK = '********';

export interface ToolsServiceDeps {
  tools: ToolStore;
  agents: Pick<AgentStore, 'detachTool'>;
  companies: Pick<CompanyStore, 'roleOf' | 'rolesOf' | 'findById' | 'listAll'>;
  secretBox: Pick<SecretBox, 'seal'>;
  toolConfigValidator: ToolConfigValidator;
}

export interface ToolInput {
  name: string;
  description: string;
  kind: ToolKind;
  config: unknown;
  env: Record<string, string>;
  onStatus: boolean;
  companyId: string | null;
}

export interface ToolUpdate {
  name?: string | undefined;
  description?: string | undefined;
  config?: unknown;
  /** A string sets the secret, `null` deletes it, the mask keeps it. */
  env?: Record<string, string | null> | undefined;
  onStatus?: boolean | undefined;
  companyId?: string | null | undefined;
}

export function createToolsService(deps: ToolsServiceDeps) {
  function checkName(name: string): void {
    if (!TOOL_NAME_PATTERN.test(name)) throw new InvalidInputError('Tool names use letters, digits, _ and - (1 to 64 characters)');
  }

  async function checkNameFree(ownerId: string, name: string, exceptToolId?: string): Promise<void> {
    const owned = await deps.tools.listVisibleTo({ userId: ownerId, companyIds: [] });
    const taken = owned.some((t) => t.userId === ownerId && t.toolId !== exceptToolId && t.name.toLowerCase() === name.toLowerCase());
    if (taken) throw new ConflictError(`A tool named "${name}" already exists for this owner`);
  }

  function sealAll(env: Record<string, string>): Record<string, SealedSecret> {
    const sealed: Record<string, SealedSecret> = {};
    for (const [key, value] of Object.entries(env)) {
      if (value === SECRET_MASK) throw new InvalidInputError(`env.${key}: send the secret value, not the mask`);
      sealed[key] = deps.secretBox.seal(value);
    }
    return sealed;
  }

  async function requireBuilderIn(actor: Actor, companyId: string): Promise<void> {
    const role = await requireCompanyRole(deps.companies, actor, companyId);
    if (!canBuildIn(role)) throw new ForbiddenError('Guests cannot create or move tools into this company');
  }

  /** The tool if the caller may see it (else 404) and do `action` to it (else 403). */
  async function loadToolFor(actor: Actor, toolId: string, action: 'see' | 'update' | 'delete'): Promise<Tool> {
    const tool = await deps.tools.findById(toolId);
    if (!tool) throw new NotFoundError('Tool not found');
    const facts = await callerFactsFor(deps.companies, actor, tool.companyId);
    if (!toolAllows(tool, facts, 'see')) throw new NotFoundError('Tool not found');
    if (!toolAllows(tool, facts, action)) throw new ForbiddenError(action === 'delete' ? 'Only the owner or a company admin may delete this tool' : 'You may not change this tool');
    return tool;
  }

  async function create(actor: Actor, input: ToolInput): Promise<Tool> {
    checkName(input.name);
    if (input.companyId !== null) await requireBuilderIn(actor, input.companyId);
    const config = deps.toolConfigValidator.validate({ kind: input.kind, config: input.config, envKeys: Object.keys(input.env) });
    await checkNameFree(actor.userId, input.name);
    return deps.tools.create({
      name: input.name,
      description: input.description,
      kind: input.kind,
      config,
      env: sealAll(input.env),
      onStatus: input.onStatus,
      companyId: input.companyId,
      userId: actor.userId,
    });
  }

  async function list(actor: Actor, filter: { companyId?: string | undefined } = {}): Promise<Tool[]> {
    if (filter.companyId !== undefined) await requireCompanyRole(deps.companies, actor, filter.companyId);
    const roles = await rolesForActor(deps.companies, actor);
    const tools = await deps.tools.listVisibleTo({ userId: actor.userId, companyIds: [...roles.keys()] });
    return tools.filter((tool) => {
      if (filter.companyId !== undefined && tool.companyId !== filter.companyId) return false;
      const companyRole = tool.companyId === null ? null : (roles.get(tool.companyId) ?? null);
      return toolAllows(tool, { userId: actor.userId, email: actor.email, companyRole }, 'see');
    });
  }

  async function get(actor: Actor, toolId: string): Promise<Tool> {
    return loadToolFor(actor, toolId, 'see');
  }

  /**
   * PATCH env semantics over the stored secrets, without opening any of them. With `clear` the stored
   * secrets are dropped first (decision 0602): only values this request sends survive, masks keep nothing.
   */
  async function mergeEnv(toolId: string, changes: Record<string, string | null>, clear: boolean): Promise<Record<string, SealedSecret>> {
    const env = clear ? {} : { ...(await deps.tools.loadSealedEnv(toolId)) };
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) delete env[key];
      else if (value === SECRET_MASK) {
        if (!clear && !(key in env)) throw new InvalidInputError(`env.${key}: no value is set to keep; send the secret value`);
      } else env[key] = deps.secretBox.seal(value);
    }
    return env;
  }

  /** A company tool leaves its company only by an admin of it (a personal one moves by its owner, who alone may edit it). */
  async function requireMayMove(actor: Actor, tool: Tool): Promise<void> {
    if (tool.companyId === null) return;
    if (!mayMoveOutOfCompany(await effectiveCompanyRole(deps.companies, actor, tool.companyId))) {
      throw new ForbiddenError("Only an admin of the tool's company may move it out of the company");
    }
  }

  async function update(actor: Actor, toolId: string, input: ToolUpdate): Promise<Tool> {
    const tool = await loadToolFor(actor, toolId, 'update');
    const patch: ToolPatch = {};
    const companyChanges = input.companyId !== undefined && input.companyId !== tool.companyId;
    if (companyChanges) {
      await requireMayMove(actor, tool);
      if (input.companyId) await requireBuilderIn(actor, input.companyId);
      patch.companyId = input.companyId ?? null;
    }
    if (input.name !== undefined && input.name !== tool.name) {
      checkName(input.name);
      await checkNameFree(tool.userId, input.name, tool.toolId);
      patch.name = input.name;
    }
    if (input.description !== undefined) patch.description = input.description;
    if (input.onStatus !== undefined) patch.onStatus = input.onStatus;
    // secrets go only where their owner sent them: a new destination or leaving a company drops them
    const changes = input.env ?? {};
    const changedSecrets = Object.entries(changes).filter(([, value]) => value !== SECRET_MASK).map(([name]) => name);
    const moves = destinationMoves(tool.config, input.config ?? tool.config, changedSecrets);
    const clear = (moves || (companyChanges && tool.companyId !== null)) && tool.envKeys.length > 0;
    const env = clear || Object.keys(changes).length > 0 ? await mergeEnv(toolId, changes, clear) : undefined;
    if (input.config !== undefined || env !== undefined) {
      // a template may keep naming a secret that was just cleared: it renders empty until someone sets it again
      const cleared = clear ? tool.envKeys : [];
      const envKeys = [...new Set([...(env ? Object.keys(env) : tool.envKeys), ...cleared])];
      patch.config = deps.toolConfigValidator.validate({ kind: tool.kind, config: input.config ?? tool.config, envKeys });
    }
    if (env) patch.env = env;
    if (Object.keys(patch).length === 0) return tool;
    const updated = await deps.tools.update(toolId, patch);
    if (!updated) throw new NotFoundError('Tool not found');
    // no agent may carry a tool from across the boundary it just crossed
    if (companyChanges) await deps.agents.detachTool(toolId);
    return updated;
  }

  async function remove(actor: Actor, toolId: string): Promise<void> {
    await loadToolFor(actor, toolId, 'delete');
    await deps.agents.detachTool(toolId);
    if (!(await deps.tools.delete(toolId))) throw new NotFoundError('Tool not found');
  }

  return { create, list, get, update, remove };
}

export type ToolsService = ReturnType<typeof createToolsService>;
