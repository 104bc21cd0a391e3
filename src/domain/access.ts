import type { Agent } from './agent.js';
import type { CompanyRole } from './company.js';
import type { Tool } from './tool.js';

/**
 * How a caller relates to an agent, from strongest to weakest. This is the column of SPEC §4's table
 * that applies to the caller; `none` means the agent must look as if it does not exist (404).
 */
export type AgentRelation =
  | 'owner'
  | 'company_admin'
  | 'company_staff'
  | 'company_guest'
  | 'editor'
  | 'visitor'
  | 'none';

export type AgentAction = 'see' | 'read_config' | 'invoke' | 'update' | 'manage';

/** The public `access_level` of `GET /agent-invoke/{id}/info`. */
export type AccessLevel = 'owner' | 'company' | 'editor' | 'visitor';

export interface CallerFacts {
  userId: string;
  email: string;
  /** The caller's role in the agent's company, if the agent has one and the caller is a member. */
  companyRole: CompanyRole | null;
}

const ALLOWED: Record<AgentAction, ReadonlySet<AgentRelation>> = {
  see: new Set(['owner', 'company_admin', 'company_staff', 'company_guest', 'editor', 'visitor']),
  read_config: new Set(['owner', 'company_admin', 'company_staff', 'company_guest', 'editor']),
  invoke: new Set(['owner', 'company_admin', 'company_staff', 'company_guest', 'editor', 'visitor']),
  update: new Set(['owner', 'company_admin', 'company_staff', 'editor']),
  manage: new Set(['owner', 'company_admin']),
};

function listHasEmail(list: readonly string[], email: string): boolean {
  const wanted = email.toLowerCase();
  return list.some((e) => e.toLowerCase() === wanted);
}

/**
 * Company objects belong to the company: their creator is their owner only while a member of it
 * (docs/decisions/0602), so removal from the company ends every right at once.
 */
function ownsObject(object: { userId: string; companyId: string | null }, caller: CallerFacts): boolean {
  return object.userId === caller.userId && (object.companyId === null || caller.companyRole !== null);
}

/** The strongest relation the caller has to the agent. */
export function agentRelation(agent: Pick<Agent, 'userId' | 'companyId' | 'shareEditorWith' | 'shareVisitorWith'>, caller: CallerFacts): AgentRelation {
  if (ownsObject(agent, caller)) return 'owner';
  switch (caller.companyRole) {
    case 'super_admin':
    case 'admin':
      return 'company_admin';
    case 'staff':
      return 'company_staff';
    case 'guest':
      return 'company_guest';
    case null:
      break;
    default: {
      const exhaustive: never = caller.companyRole;
      throw new Error(`unknown role ${String(exhaustive)}`);
    }
  }
  if (listHasEmail(agent.shareEditorWith, caller.email)) return 'editor';
  if (listHasEmail(agent.shareVisitorWith, caller.email)) return 'visitor';
  return 'none';
}

export function agentAllows(relation: AgentRelation, action: AgentAction): boolean {
  return ALLOWED[action].has(relation);
}

export function accessLevelOf(relation: Exclude<AgentRelation, 'none'>): AccessLevel {
  switch (relation) {
    case 'owner':
      return 'owner';
    case 'company_admin':
    case 'company_staff':
    case 'company_guest':
      return 'company';
    case 'editor':
      return 'editor';
    case 'visitor':
      return 'visitor';
    default: {
      const exhaustive: never = relation;
      throw new Error(`unknown relation ${String(exhaustive)}`);
    }
  }
}

/** Tools follow the owner/company rules of agents (no e-mail sharing). */
export type ToolAction = 'see' | 'update' | 'delete';

export function toolAllows(tool: Pick<Tool, 'userId' | 'companyId'>, caller: CallerFacts, action: ToolAction): boolean {
  if (ownsObject(tool, caller)) return true;
  if (tool.companyId === null || caller.companyRole === null) return false;
  switch (action) {
    case 'see':
      return true;
    case 'update':
      return caller.companyRole !== 'guest';
    case 'delete':
      return caller.companyRole === 'super_admin' || caller.companyRole === 'admin';
    default: {
      const exhaustive: never = action;
      throw new Error(`unknown action ${String(exhaustive)}`);
    }
  }
}

/**
 * The tools an agent may carry: those of its own company, or for a personal agent its owner's personal
 * tools. A company's tool (and the secrets its admins set) never serves an agent outside that company.
 */
export function toolFitsAgent(tool: Pick<Tool, 'userId' | 'companyId'>, agent: Pick<Agent, 'userId' | 'companyId'>): boolean {
  return agent.companyId === null ? tool.companyId === null && tool.userId === agent.userId : tool.companyId === agent.companyId;
}

/** Moving an agent or tool out of a company (to another company or to personal) needs an admin of that company. */
export function mayMoveOutOfCompany(role: CompanyRole | null): boolean {
  return role === 'super_admin' || role === 'admin';
}
