import { agentAllows, type ApiToken, type Company, type CompanyRole, type Membership, type Tool, type User } from '../../domain/index.js';
import type { AgentView } from '../../services/agents.js';
import type { AgentDetailsWire, AgentInfoWire, AgentListItemWire, AgentWire } from '../wire/agents.js';
import type { ApiTokenWire, UserWire } from '../wire/auth.js';
import type { CompanyWire, MemberWire } from '../wire/companies.js';
import { SECRET_MASK, type ToolWire } from '../wire/tools.js';

// Domain -> wire, field by field: nothing reaches a response unless it is named here (no hashes, no ciphertext).

export function presentUser(user: User): UserWire {
  return { user_id: user.userId, email: user.email, name: user.name, is_admin: user.isAdmin, created_at: user.createdAt.toISOString() };
}

export function presentApiToken(token: ApiToken): ApiTokenWire {
  return {
    token_id: token.tokenId,
    name: token.name,
    prefix: token.prefix,
    kind: token.kind,
    created_at: token.createdAt.toISOString(),
    last_used_at: token.lastUsedAt?.toISOString() ?? null,
    expires_at: token.expiresAt?.toISOString() ?? null,
  };
}

export function presentCompany(company: Company & { role: CompanyRole | null }): CompanyWire {
  return { company_id: company.companyId, name: company.name, role: company.role, created_at: company.createdAt.toISOString() };
}

export function presentMember(member: Membership): MemberWire {
  return { user_id: member.userId, company_id: member.companyId, email: member.email, name: member.name, role: member.role };
}

/** Secrets are write-only: their names are shown, each value as the mask. */
export function presentTool(tool: Tool): ToolWire {
  return {
    tool_id: tool.toolId,
    name: tool.name,
    description: tool.description,
    kind: tool.kind,
    config: { ...tool.config } as Record<string, unknown>,
    env: Object.fromEntries(tool.envKeys.map((key) => [key, SECRET_MASK])) as Record<string, typeof SECRET_MASK>,
    on_status: tool.onStatus,
    company_id: tool.companyId,
    user_id: tool.userId,
    created_at: tool.createdAt.toISOString(),
    updated_at: tool.updatedAt.toISOString(),
  };
}

export function presentAgentInfo(view: AgentView): AgentInfoWire {
  const { agent } = view;
  return {
    agent_id: agent.agentId,
    agent_name: agent.agentName,
    description: agent.description,
    on_status: agent.onStatus,
    model_name: agent.modelName,
    access_level: view.accessLevel,
  };
}

export function presentAgent(view: AgentView): AgentWire {
  const { agent } = view;
  return {
    ...presentAgentInfo(view),
    agent_style: agent.agentStyle,
    tools: [...agent.tools],
    company_id: agent.companyId,
    user_id: agent.userId,
    share_editor_with: [...agent.shareEditorWith],
    share_visitor_with: [...agent.shareVisitorWith],
    created_at: agent.createdAt.toISOString(),
    updated_at: agent.updatedAt.toISOString(),
  };
}

/** List items carry the configuration only for callers allowed to read it (visitors get the profile). */
export function presentAgentListItem(view: AgentView): AgentListItemWire {
  if (agentAllows(view.relation, 'read_config')) return presentAgent(view);
  const { agent } = view;
  return {
    ...presentAgentInfo(view),
    company_id: agent.companyId,
    user_id: agent.userId,
    created_at: agent.createdAt.toISOString(),
    updated_at: agent.updatedAt.toISOString(),
  };
}

export function presentAgentDetails(view: AgentView & { toolDetails: Tool[] }): AgentDetailsWire {
  return { ...presentAgent(view), tool_details: view.toolDetails.map(presentTool) };
}
