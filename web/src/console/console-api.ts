import type { ApiClient } from '../api-client.js';
import type {
  AgentDetails,
  AgentSummary,
  ApiToken,
  Company,
  CompanyRole,
  CreateTokenResponse,
  CreateUserResponse,
  DiscoveredTool,
  Invitation,
  Member,
  ReceivedInvitation,
  RunInfo,
  RunListResponse,
  ToolDetail,
  ToolTestResult,
  UserAccount,
} from '../api-types.js';

const enc = encodeURIComponent;

/** The agent fields a form sends (POST /agents, PATCH /agents/{id}). */
export interface AgentFields {
  agent_name: string;
  description: string;
  agent_style: string;
  on_status: boolean;
  model_name?: string;
  tools: string[];
  company_id: string | null;
  share_editor_with?: string[];
  share_visitor_with?: string[];
}

/** The tool fields a form sends; `env` values: a string sets, null removes, absent keeps (PATCH). */
export interface ToolFields {
  name: string;
  description: string;
  kind: 'builtin' | 'http' | 'mcp';
  config: Record<string, unknown>;
  env: Record<string, string | null>;
  on_status: boolean;
  company_id: string | null;
}

/** Typed calls for the console's screens, over the page's one API client. */
export function createConsoleApi(api: ApiClient) {
  const { request } = api;
  const arrayOf = async <T>(path: string, key: string): Promise<T[]> => {
    const body = await request<unknown>('GET', path);
    if (Array.isArray(body)) return body as T[];
    const inner = (body as Record<string, unknown> | null)?.[key];
    return Array.isArray(inner) ? (inner as T[]) : [];
  };
  return {
    agents: () => api.agents() as Promise<AgentSummary[]>,
    agent: (id: string) => api.agent(id) as Promise<AgentDetails>,
    agentInfo: api.agentInfo,
    createAgent: (fields: AgentFields) => request<AgentDetails>('POST', '/agents', fields),
    updateAgent: (id: string, fields: Partial<AgentFields>) => request<AgentDetails>('PATCH', `/agents/${enc(id)}`, fields),
    deleteAgent: (id: string) => request<void>('DELETE', `/agents/${enc(id)}`),
    llms: api.llms,

    tools: () => arrayOf<ToolDetail>('/tools', 'tools'),
    tool: (id: string) => request<ToolDetail>('GET', `/tools/${enc(id)}`),
    createTool: (fields: ToolFields) => request<ToolDetail>('POST', '/tools', fields),
    updateTool: (id: string, fields: Partial<ToolFields>) => request<ToolDetail>('PATCH', `/tools/${enc(id)}`, fields),
    deleteTool: (id: string) => request<void>('DELETE', `/tools/${enc(id)}`),
    testTool: (id: string, input: Record<string, unknown>, toolName?: string) =>
      request<ToolTestResult>('POST', `/tools/${enc(id)}/test`, toolName ? { input, tool_name: toolName } : { input }),
    discoverTools: (config: Record<string, unknown>, env: Record<string, string>, toolId?: string) =>
      request<{ tools: DiscoveredTool[] }>('POST', '/tools/discover', toolId ? { config, env, tool_id: toolId } : { config, env }),

    companies: () => arrayOf<Company>('/companies', 'companies'),
    createCompany: (name: string) => request<Company>('POST', '/companies', { name }),
    members: (companyId: string) => arrayOf<Member>(`/companies/${enc(companyId)}/members`, 'members'),
    setMemberRole: (companyId: string, userId: string, role: CompanyRole) => request<Member>('PATCH', `/companies/${enc(companyId)}/members/${enc(userId)}`, { role }),
    removeMember: (companyId: string, userId: string) => request<void>('DELETE', `/companies/${enc(companyId)}/members/${enc(userId)}`),
    invite: (companyId: string, email: string, role: CompanyRole) => request<{ invitation: Invitation }>('POST', `/companies/${enc(companyId)}/members`, { email, role }),
    invitations: (companyId: string) => arrayOf<Invitation>(`/companies/${enc(companyId)}/invitations`, 'invitations'),
    revokeInvitation: (companyId: string, invitationId: string) => request<void>('DELETE', `/companies/${enc(companyId)}/invitations/${enc(invitationId)}`),
    myInvitations: () => arrayOf<ReceivedInvitation>('/me/invitations', 'invitations'),
    acceptInvitation: (id: string) => request<{ company: Company }>('POST', `/me/invitations/${enc(id)}/accept`),
    declineInvitation: (id: string) => request<void>('POST', `/me/invitations/${enc(id)}/decline`),

    runs: (filters: { status?: string; agent_id?: string; before?: string; limit?: number }) => {
      const query = new URLSearchParams(Object.entries(filters).filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== '').map(([k, v]) => [k, String(v)]));
      return request<RunListResponse>('GET', `/runs${query.size ? `?${query}` : ''}`);
    },
    run: api.run,
    cancelRun: api.cancelRun,

    users: () => arrayOf<UserAccount>('/users', 'users'),
    createUser: (body: { email: string; name?: string; password?: string; is_admin: boolean }) => request<CreateUserResponse>('POST', '/users', body),
    updateUser: (id: string, body: { name?: string; is_admin?: boolean; disabled?: boolean }) => request<UserAccount>('PATCH', `/users/${enc(id)}`, body),
    resetPassword: (id: string, password: string) => request<unknown>('POST', `/users/${enc(id)}/password`, { password }),

    me: () => api.me(),
    updateProfile: (name: string) => request<unknown>('PATCH', '/me', { name }),
    changePassword: (current: string, next: string) => request<unknown>('POST', '/me/password', { current_password: current, new_password: next }),
    tokens: () => arrayOf<ApiToken>('/tokens', 'tokens'),
    createToken: (name: string, expiresInDays?: number) => request<CreateTokenResponse>('POST', '/tokens', expiresInDays ? { name, expires_in_days: expiresInDays } : { name }),
    revokeToken: (id: string) => request<void>('DELETE', `/tokens/${enc(id)}`),
  };
}

export type ConsoleApi = ReturnType<typeof createConsoleApi>;
export type { RunInfo };
