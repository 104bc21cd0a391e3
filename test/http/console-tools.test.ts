import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api.js';
import { startLocalServer, type LocalServer } from '../fakes/tools/local-http-server.js';
import { startMcpTestServer, type McpTestServer } from '../fakes/tools/mcp-test-server.js';
import { createPerson, expectOk, joinCompany, type Person } from './support/people.js';
import { startServer, type HttpTestServer } from './support/server.js';

const MASK = '********';

describe('the console API (issue 18): tool Test and MCP Discover', () => {
  let server: HttpTestServer;
  let admin: ApiClient;
  let echo: LocalServer;
  let mcp: McpTestServer;
  let owner: Person;
  let stranger: Person;
  const httpSecret = `sk-http-${randomBytes(10).toString('hex')}`;
  const mcpSecret = `sk-mcp-${randomBytes(10).toString('hex')}`;
  const bodies: string[] = [];
  const record = <T extends { body: unknown }>(response: T): T => {
    bodies.push(JSON.stringify(response.body));
    return response;
  };
  let httpToolId: string;
  let mcpToolId: string;

  const mcpConfig = () => ({ url: mcp.url, transport: 'streamable-http', headers: { Authorization: 'Bearer {{env.MCP_TOKEN}}' } });

  beforeAll(async () => {
    [server, echo, mcp] = await Promise.all([
      startServer(),
      // echoes what it received, the secret header included: the runner must scrub it from the result
      startLocalServer((req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ q: new URL(req.url ?? '/', 'http://x').searchParams.get('q'), key_seen: req.headers['x-api-key'] }));
      }),
      startMcpTestServer({ requiredAuthorization: `Bearer ${mcpSecret}` }),
    ]);
    admin = apiClient(server.baseUrl, server.adminToken);
    [owner, stranger] = await Promise.all([createPerson(server.baseUrl, admin, 'toolsmith'), createPerson(server.baseUrl, admin, 'stranger')]);
    httpToolId = expectOk<{ tool_id: string }>(
      await owner.api.post('/tools', {
        name: 'echoer',
        kind: 'http',
        config: {
          url: `${echo.origin}/echo?q={{input.q}}`,
          method: 'GET',
          headers: { 'X-Api-Key': '{{env.API_KEY}}' },
          input_schema: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] },
        },
        env: { API_KEY: httpSecret },
      }),
      201,
    ).tool_id;
    mcpToolId = expectOk<{ tool_id: string }>(await owner.api.post('/tools', { name: 'remote', kind: 'mcp', config: mcpConfig(), env: { MCP_TOKEN: mcpSecret } }), 201).tool_id;
  });
  afterAll(async () => {
    await Promise.all([server?.stop(), echo?.close(), mcp?.close()]);
  });

  it('runs an http tool once with sample input: secrets reach the API but not the answer', async () => {
    const result = expectOk<{ ok: boolean; output: unknown; blocks: string[]; duration_ms: number }>(
      record(await owner.api.post(`/tools/${httpToolId}/test`, { input: { q: 'ping' } })),
    );
    expect(result.ok).toBe(true);
    expect(result.duration_ms).toBeGreaterThanOrEqual(0);
    expect(result.blocks).toEqual([]);
    expect(JSON.stringify(result.output)).toContain('ping');
    expect(JSON.stringify(result.output)).toContain(MASK);
    expect(echo.requests.at(-1)?.headers['x-api-key']).toBe(httpSecret);
  });

  it('runs a builtin tool, and reports a failing call as ok: false', async () => {
    const calc = expectOk<{ tool_id: string }>(await owner.api.post('/tools', { name: 'calc', kind: 'builtin', config: { builtin: 'calculator' } }), 201);
    const good = expectOk<{ ok: boolean; output: unknown }>(await owner.api.post(`/tools/${calc.tool_id}/test`, { input: { expression: '2+3*4' } }));
    expect(good.ok).toBe(true);
    expect(JSON.stringify(good.output)).toContain('14');
    const bad = expectOk<{ ok: boolean; output: unknown }>(await owner.api.post(`/tools/${calc.tool_id}/test`, { input: { expression: '2+' } }));
    expect(bad.ok).toBe(false);
  });

  it('calls one tool of an MCP server, picked by tool_name', async () => {
    const sum = expectOk<{ ok: boolean; output: unknown }>(record(await owner.api.post(`/tools/${mcpToolId}/test`, { input: { a: 2, b: 3 }, tool_name: 'add' })));
    expect(sum.ok).toBe(true);
    expect(JSON.stringify(sum.output)).toContain('5');
    const whoami = expectOk<{ ok: boolean; output: unknown }>(record(await owner.api.post(`/tools/${mcpToolId}/test`, { input: {}, tool_name: 'whoami' })));
    expect(JSON.stringify(whoami.output)).not.toContain(mcpSecret);
    const missing = await owner.api.post(`/tools/${mcpToolId}/test`, { input: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/tool_name/);
    const unknown = await owner.api.post(`/tools/${mcpToolId}/test`, { input: {}, tool_name: 'nope' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('echo');
  });

  it('lets only editors of a tool test it: strangers 404, company guests 403, staff 200', async () => {
    expect((await stranger.api.post(`/tools/${httpToolId}/test`, { input: { q: 'x' } })).status).toBe(404);
    expect((await owner.api.post('/tools/00000000-0000-4000-8000-000000000000/test', { input: {} })).status).toBe(404);
    const company = expectOk<{ company_id: string }>(await owner.api.post('/companies', { name: 'Toolworks' }), 201);
    const shared = expectOk<{ tool_id: string }>(
      await owner.api.post('/tools', { name: 'company-calc', kind: 'builtin', config: { builtin: 'calculator' }, company_id: company.company_id }),
      201,
    );
    const [guest, staff] = await Promise.all([createPerson(server.baseUrl, admin, 'guest'), createPerson(server.baseUrl, admin, 'staff')]);
    await joinCompany(owner.api, company.company_id, guest, 'guest');
    await joinCompany(owner.api, company.company_id, staff, 'staff');
    expect((await guest.api.get(`/tools/${shared.tool_id}`)).status).toBe(200);
    expect((await guest.api.post(`/tools/${shared.tool_id}/test`, { input: { expression: '1+1' } })).status).toBe(403);
    expect(expectOk<{ ok: boolean }>(await staff.api.post(`/tools/${shared.tool_id}/test`, { input: { expression: '1+1' } })).ok).toBe(true);
    expect((await owner.api.post(`/tools/${httpToolId}/test`, { input: 'not an object' })).status).toBe(400);
  });

  it("discovers an MCP server's tools from a draft config and its secrets", async () => {
    const found = expectOk<{ tools: Array<{ name: string; description: string; input_schema: Record<string, unknown> }> }>(
      record(await owner.api.post('/tools/discover', { config: mcpConfig(), env: { MCP_TOKEN: mcpSecret } })),
    );
    const names = found.tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['echo', 'add', 'whoami']));
    expect(found.tools.find((t) => t.name === 'add')).toMatchObject({ description: 'Adds two numbers', input_schema: { type: 'object' } });
    expect(mcp.authorizations.at(-1)).toBe(`Bearer ${mcpSecret}`);
  });

  it("uses a saved tool's secrets for an editor, only while the URL keeps its origin", async () => {
    const withStored = expectOk<{ tools: Array<{ name: string }> }>(record(await owner.api.post('/tools/discover', { config: mcpConfig(), tool_id: mcpToolId })));
    expect(withStored.tools.map((t) => t.name)).toContain('echo');
    expectOk(record(await owner.api.post('/tools/discover', { config: mcpConfig(), env: { MCP_TOKEN: MASK }, tool_id: mcpToolId })));

    // same server, another spelling of its origin: the stored secret must not follow
    const moved = { ...mcpConfig(), url: mcp.url.replace('127.0.0.1', 'localhost') };
    const before = mcp.authorizations.length;
    const refused = record(await owner.api.post('/tools/discover', { config: moved, tool_id: mcpToolId }));
    expect(refused.status).toBe(400);
    const masked = record(await owner.api.post('/tools/discover', { config: moved, env: { MCP_TOKEN: MASK }, tool_id: mcpToolId }));
    expect(masked.status).toBe(400);
    expect(masked.body.error.message).toMatch(/MCP_TOKEN/);
    expect(mcp.authorizations.slice(before)).not.toContain(`Bearer ${mcpSecret}`);

    expect((await stranger.api.post('/tools/discover', { config: mcpConfig(), tool_id: mcpToolId })).status).toBe(404);
    expect((await owner.api.post('/tools/discover', { config: mcpConfig(), tool_id: httpToolId })).status).toBe(400);
  });

  it('answers a clear 4xx for a bad config and 502 for a server that refuses the call', async () => {
    expect((await owner.api.post('/tools/discover', { config: { url: 'not a url', transport: 'streamable-http' } })).status).toBe(400);
    expect((await owner.api.post('/tools/discover', { config: { url: mcp.url, transport: 'carrier-pigeon' } })).status).toBe(400);
    expect((await owner.api.post('/tools/discover', {})).status).toBe(400);
    const unauthorized = record(await owner.api.post('/tools/discover', { config: mcpConfig(), env: { MCP_TOKEN: 'wrong-token-value' } }));
    expect(unauthorized.status).toBe(502);
    expect(unauthorized.body.error.code).toBe('UPSTREAM_ERROR');
  });

  it('never puts a secret value in an answer or a log line', () => {
    const everything = bodies.join('\n') + server.logs();
    expect(everything).not.toContain(httpSecret);
    expect(everything).not.toContain(mcpSecret);
  });
});
