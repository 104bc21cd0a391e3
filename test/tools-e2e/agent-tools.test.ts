import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../fakes/tools/local-http-server.js';
import { startMcpTestServer, TINY_PNG_BASE64, type McpTestServer } from '../fakes/tools/mcp-test-server.js';
import { apiClient, invokeBody, type ApiClient } from '../support/api.js';
import { readSse, tokensOf } from '../support/sse-client.js';
import { startTestServer, type TestServer } from '../support/start-server.js';
import { demoAgentId } from '../run-engine/helpers.js';

const SECRET = 'sk-live-7f3a9c2e4b1d8a6f';
const MCP_SECRET = 'mcp-secret-5e8d1c7b9a2f';

async function createAgentWith(admin: ApiClient, name: string, toolIds: string[]): Promise<string> {
  const agent = await admin.post('/agents', { agent_name: name, description: '', agent_style: '', on_status: true, model_name: 'local/demo', tools: toolIds });
  expect(agent.status).toBe(201);
  return agent.body.agent_id;
}

describe('agents using http and MCP tools end to end, secrets kept secret', () => {
  let server: TestServer;
  let admin: ApiClient;
  let api: LocalServer;
  let mcp: McpTestServer;

  beforeAll(async () => {
    api = await startLocalServer((req, res) => {
      if (req.headers['x-api-key'] !== SECRET) return void res.writeHead(401).end('{"error":"bad key"}');
      // a careless API that echoes the key back, in the body and a header
      res.writeHead(200, { 'content-type': 'application/json', 'x-echo': SECRET });
      res.end(JSON.stringify({ city: new URL(req.url ?? '/', 'http://x').searchParams.get('city'), forecast: 'sunny', you_sent: req.headers['x-api-key'] }));
    });
    mcp = await startMcpTestServer({ requiredAuthorization: `Bearer ${MCP_SECRET}`, stateful: true });
    server = await startTestServer();
    admin = apiClient(server.baseUrl, server.adminToken);
  });
  afterAll(async () => {
    await server?.stop();
    await api?.close();
    await mcp?.close();
  });

  it('calls an http API with the secret in a header; the secret appears in no event, response, log or stored row', async () => {
    const tool = await admin.post('/tools', {
      name: 'weather',
      description: 'Weather for a city',
      kind: 'http',
      config: { url: `${api.origin}/forecast?city={{input.city}}`, method: 'GET', headers: { 'x-api-key': '{{env.API_KEY}}' }, input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
      env: { API_KEY: SECRET },
    });
    expect(tool.status).toBe(201);
    expect(JSON.stringify(tool.body)).not.toContain(SECRET);
    const agentId = await createAgentWith(admin, 'Weather agent', [tool.body.tool_id]);

    const capture = await readSse(`${server.baseUrl}/agent-invoke/${agentId}/invoke-stream`, { token: server.adminToken, body: invokeBody('weather city=Paris', { threadId: 'w' }) });
    const end = capture.events.filter((e) => e.event === 'tool_status').at(-1)!.data as { ok: boolean; output: unknown };
    expect(end.ok).toBe(true);
    expect(JSON.stringify(end.output)).toContain('sunny');
    expect(JSON.stringify(end.output)).toContain('********');
    expect(api.requests.at(-1)!.headers['x-api-key']).toBe(SECRET); // the API really got it

    expect(capture.raw).not.toContain(SECRET);
    const responses = [
      await admin.get(`/agents/${agentId}/threads/w/messages`),
      await admin.get(`/tools/${tool.body.tool_id}`),
      await admin.get(`/agents/${agentId}`),
      await admin.post(`/agent-invoke/${agentId}/invoke`, invokeBody('weather city=Rome', { threadId: 'w2' })),
    ];
    for (const response of responses) {
      expect(response.status).toBe(200);
      expect(JSON.stringify(response.body)).not.toContain(SECRET);
    }
    expect(server.logs()).not.toContain(SECRET);
    for (const table of ['agent_logs', 'tools', 'runs']) {
      const rows = await server.rawQuery(`select * from ${table}`);
      expect(JSON.stringify(rows)).not.toContain(SECRET);
    }
  });

  it('lists and calls MCP tools as <tool>__<mcp tool>, with the header secret never leaving the server', async () => {
    const tool = await admin.post('/tools', {
      name: 'remote',
      description: 'A test MCP server',
      kind: 'mcp',
      config: { url: mcp.url, transport: 'streamable-http', headers: { authorization: 'Bearer {{env.TOKEN}}' } },
      env: { TOKEN: MCP_SECRET },
    });
    expect(tool.status).toBe(201);
    const agentId = await createAgentWith(admin, 'MCP agent', [tool.body.tool_id]);
    const capture = await readSse(`${server.baseUrl}/agent-invoke/${agentId}/invoke-stream`, { token: server.adminToken, body: invokeBody('remote__whoami please', { threadId: 'm' }) });
    const tools = capture.events.filter((e) => e.event === 'tool_status').map((e) => e.data as Record<string, unknown>);
    expect(tools.map((t) => [t.tool_name, t.is_start])).toEqual([['remote__whoami', true], ['remote__whoami', false]]);
    expect(tools[1]).toMatchObject({ ok: true });
    expect(JSON.stringify(tools[1]!.output)).toContain('you sent Bearer ********');
    expect(mcp.authorizations).toContain(`Bearer ${MCP_SECRET}`);
    expect(capture.raw).not.toContain(MCP_SECRET);
    expect(JSON.stringify((await admin.get(`/agents/${agentId}/threads/m/messages`)).body)).not.toContain(MCP_SECRET);
    expect(server.logs()).not.toContain(MCP_SECRET);
  });

  it('streams an image block from a tool result whole, right after the tool end event, and keeps it in the answer', async () => {
    const tools = (await admin.get('/tools')).body as Array<{ name: string; tool_id: string }>;
    const remote = tools.find((t) => t.name === 'remote')!;
    const agentId = await createAgentWith(admin, 'Picture agent', [remote.tool_id]);
    const capture = await readSse(`${server.baseUrl}/agent-invoke/${agentId}/invoke-stream`, { token: server.adminToken, body: invokeBody('remote__picture', { threadId: 'pic' }) });
    const endIndex = capture.events.findIndex((e) => e.event === 'tool_status' && !(e.data as { is_start: boolean }).is_start);
    const next = capture.events[endIndex + 1]!;
    expect(next.event).toBe('token');
    const token = (next.data as { token: string }).token;
    expect(token.startsWith('!#block#!') && token.endsWith('!#/block#!')).toBe(true);
    const block = JSON.parse(token.slice('!#block#!'.length, -'!#/block#!'.length));
    expect(block).toMatchObject({ type: 'image', content: { src: `data:image/png;base64,${TINY_PNG_BASE64}` } });
    const stored = (await admin.get(`/agents/${agentId}/threads/pic/messages`)).body.at(-1);
    expect(stored.content).toContain(token);
    expect(tokensOf(capture)).toContain(token);
  });

  it('reports an MCP server that stops mid-call as ok:false (at the latest at the tool timeout); the run goes on and completes', async () => {
    // known limit: the MCP SDK does not fail a request whose stream dies, so the tool's own timeout ends it
    const own = await startMcpTestServer({ stateful: true });
    const quick = await startTestServer({ env: { TOOL_TIMEOUT_MS: '2000' } });
    try {
      const client = apiClient(quick.baseUrl, quick.adminToken);
      const tool = await client.post('/tools', { name: 'flaky', description: 'stops', kind: 'mcp', config: { url: own.url, transport: 'streamable-http' } });
      const agentId = await createAgentWith(client, 'Flaky agent', [tool.body.tool_id]);
      let stopped = false;
      const capture = await readSse(`${quick.baseUrl}/agent-invoke/${agentId}/invoke-stream`, {
        token: quick.adminToken,
        body: invokeBody('flaky__hang', { threadId: 'down' }),
        onEvent: (event) => {
          if (event.event === 'tool_status' && (event.data as { is_start: boolean }).is_start && !stopped) {
            stopped = true;
            void own.close();
          }
        },
      });
      const end = capture.events.filter((e) => e.event === 'tool_status').at(-1)!.data as { ok: boolean };
      expect(stopped).toBe(true);
      expect(end.ok).toBe(false);
      expect(capture.events.at(-1)!.data).toMatchObject({ outcome: 'completed' });
      expect(tokensOf(capture).length).toBeGreaterThan(0);
    } finally {
      await quick.stop();
    }
  }, 60_000);
});

describe('outbound safety (SSRF) through an agent', () => {
  for (const allow of [false, true]) {
    it(`${allow ? 'allows' : 'refuses'} fetch_url to a loopback address when ALLOW_PRIVATE_TOOL_URLS=${allow}`, async () => {
      const page = await startLocalServer((_req, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('private page'));
      const server = await startTestServer({ env: { ALLOW_PRIVATE_TOOL_URLS: String(allow) } });
      try {
        const admin = apiClient(server.baseUrl, server.adminToken);
        const agentId = await demoAgentId(admin);
        const capture = await readSse(`${server.baseUrl}/agent-invoke/${agentId}/invoke-stream`, { token: server.adminToken, body: invokeBody(`fetch_url url=${page.origin}/x`) });
        const end = capture.events.filter((e) => e.event === 'tool_status').at(-1)!.data as { ok: boolean; output: unknown };
        expect(end.ok).toBe(allow);
        if (allow) expect(JSON.stringify(end.output)).toContain('private page');
        else expect(JSON.stringify(end.output)).toMatch(/refused.*loopback/i);
        expect(page.requests.length).toBe(allow ? 1 : 0);
        expect(capture.events.at(-1)!.data).toMatchObject({ outcome: 'completed' });
      } finally {
        await server.stop();
        await page.close();
      }
    }, 60_000);
  }
});
