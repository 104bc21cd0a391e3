import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api.js';
import { expectOk } from './support/people.js';
import { startServer, type HttpTestServer } from './support/server.js';

describe('data on PGlite survives a restart with the same DATA_DIR', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-restart-'));
  const env = { ADMIN_TOKEN: 'sb_restart_admin_token_0123456789abc', ADMIN_PASSWORD: 'restart-password' };
  let server: HttpTestServer | undefined;
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps users, companies, agents, tools and tokens, and does not bootstrap again', async () => {
    server = await startServer({ dataDir, env });
    let admin = apiClient(server.baseUrl, env.ADMIN_TOKEN);
    const person = expectOk<{ user: { user_id: string }; token: string }>(await admin.post('/users', { email: 'kept@example.com', password: 'kept-password' }), 201);
    const company = expectOk<{ company_id: string }>(await admin.post('/companies', { name: 'Kept Inc' }), 201);
    const tool = expectOk<{ tool_id: string }>(
      await admin.post('/tools', { name: 'kept_tool', kind: 'builtin', config: { builtin: 'calculator' }, env: { KEY: 'kept-secret' }, company_id: company.company_id }),
      201,
    );
    const agent = expectOk<{ agent_id: string }>(
      await admin.post('/agents', { agent_name: 'Kept agent', company_id: company.company_id, tools: [tool.tool_id], share_visitor_with: ['kept@example.com'] }),
      201,
    );
    const agentsBefore = expectOk<unknown[]>(await admin.get('/agents'));
    await server.stop({ keepData: true });

    server = await startServer({ dataDir, env });
    admin = apiClient(server.baseUrl, env.ADMIN_TOKEN);
    const users = expectOk<Array<{ email: string; is_admin: boolean }>>(await admin.get('/users'));
    expect(users.filter((u) => u.is_admin)).toHaveLength(1);
    expect(users.map((u) => u.email).sort()).toEqual(['admin@example.com', 'kept@example.com']);
    expect(expectOk<unknown[]>(await admin.get('/agents'))).toEqual(agentsBefore);
    const details = expectOk<{ agent_name: string; tool_details: Array<{ env: Record<string, string> }> }>(await admin.get(`/agents/${agent.agent_id}`));
    expect(details.agent_name).toBe('Kept agent');
    expect(details.tool_details[0]!.env).toEqual({ KEY: '********' });
    const companies = expectOk<Array<{ name: string }>>(await admin.get('/companies'));
    expect(companies.map((c) => c.name).sort()).toEqual(['Demo company', 'Kept Inc']);

    const visitor = apiClient(server.baseUrl, person.token);
    expect(expectOk<{ access_level: string }>(await visitor.get(`/agent-invoke/${agent.agent_id}/info`)).access_level).toBe('visitor');
    const login = await apiClient(server.baseUrl).post('/auth/login', { email: 'kept@example.com', password: 'kept-password' });
    expect(login.status).toBe(200);
  }, 120_000);
});
