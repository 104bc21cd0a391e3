import { apiClient, invokeBody } from '../../support/api.js';

/** One operation of /openapi.json. */
export interface Operation {
  method: string;
  path: string;
  query: string[];
  body: Record<string, any> | undefined;
  /** 5xx statuses the operation documents on purpose (e.g. fastworkflow's 504 turn timeout); never 500. */
  documented5xx: number[];
}

/** Operations that end the caller's own session or credentials run last, so they cannot blind the others. */
export const SELF_DESTRUCTIVE = ['/auth/logout', '/me/password'];

export function operationsOf(spec: any): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries<any>(spec.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const query = (op.parameters ?? []).filter((p: any) => p.in === 'query').map((p: any) => p.name as string);
      const documented5xx = Object.keys(op.responses ?? {}).map(Number).filter((status) => status > 500);
      operations.push({ method: method.toUpperCase(), path, query, body: op.requestBody?.content?.['application/json']?.schema, documented5xx });
    }
  }
  // deletions next to last, so the objects they remove serve every other operation first
  const rank = (op: Operation) => (SELF_DESTRUCTIVE.includes(op.path) ? 2 : op.method === 'DELETE' ? 1 : 0);
  return operations.sort((a, b) => rank(a) - rank(b));
}

/** The fastworkflow user the fuzzer opens a session for, so its turns reach the run engine. */
export const FW_USER = 'fuzz-fw-user';

/** Ids by field name (agent_id, tool_id …) found in the answers of every parameterless GET, after seeding some objects. */
export async function harvestIds(baseUrl: string, adminToken: string, operations: Operation[]): Promise<Map<string, string[]>> {
  const admin = apiClient(baseUrl, adminToken);
  const agents = (await admin.get('/agents')).body as Array<{ agent_id: string; agent_name: string }>;
  const demo = agents.find((a) => a.agent_name === 'Demo agent')?.agent_id;
  await admin.post('/tools', { name: 'fuzz-tool', kind: 'http', config: { url: 'http://127.0.0.1:9/x', method: 'GET' } });
  await admin.post('/companies', { name: 'fuzz company' });
  if (demo) await admin.post(`/agent-invoke/${demo}/invoke`, invokeBody('hello', { threadId: 'fuzz-thread' }));
  if (demo) await admin.post('/initialize', { user_id: FW_USER, agent_id: demo });
  const ids = new Map<string, string[]>();
  const add = (key: string, value: string) => ids.set(key, [...new Set([...(ids.get(key) ?? []), value])]);
  const walk = (node: unknown) => {
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (/_id$/.test(key) && typeof value === 'string') add(key, value);
      walk(value);
    }
  };
  for (const op of operations.filter((o) => o.method === 'GET' && !o.path.includes('{') && o.path !== '/metrics')) walk((await admin.get(op.path)).body);
  if (demo) add('thread_id', 'fuzz-thread');
  // paths that revoke, disable or delete get throwaway objects, never the identities the fuzzer signs in with
  const token = (await admin.post('/tokens', { name: 'fuzz-throwaway' })).body as { token_id?: string; api_token?: { token_id: string } };
  const victim = (await admin.post('/users', { email: 'fuzz-victim@example.com', name: 'victim' })).body as { user: { user_id: string } };
  ids.set('token_id', [token.api_token?.token_id ?? token.token_id ?? '00000000-0000-0000-0000-000000000000']);
  ids.set('user_id', [victim.user.user_id]);
  return ids;
}

const KIND_OF_SEGMENT: Record<string, string> = { agents: 'agent_id', tools: 'tool_id', companies: 'company_id', tokens: 'token_id', users: 'user_id', runs: 'run_id', invitations: 'invitation_id', members: 'user_id' };

/** The real ids a path parameter may take: `{agent_id}` by its name, `/tools/{id}` by the segment before it. */
export function idsForParam(path: string, param: string, ids: Map<string, string[]>): string[] {
  if (param !== 'id') return ids.get(param) ?? [];
  const segments = path.split('/');
  const before = segments[segments.indexOf(`{${param}}`) - 1] ?? '';
  return ids.get(KIND_OF_SEGMENT[before] ?? '') ?? [];
}
