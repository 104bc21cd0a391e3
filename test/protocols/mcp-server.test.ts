import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeWireServer } from '../fakes/fake-stream-server.js';
import { startOpenAiWireServer } from '../fakes/openai-wire-server.js';
import { demoAgentId, eventually } from '../run-engine/helpers.js';
import { apiClient, type ApiClient } from '../support/api.js';
import { startTestServer, type TestServer } from '../support/start-server.js';

type TextContent = { type: 'text'; text: string };
const textOf = (result: Record<string, unknown>) => ((result.content ?? []) as TextContent[]).filter((c) => c.type === 'text').map((c) => c.text).join('\n');

describe('the MCP server at /mcp, driven by the SDK Client over StreamableHTTPClientTransport', () => {
  let server: TestServer;
  let admin: ApiClient;
  let agentId: string;
  let provider: FakeWireServer;
  let client: Client;

  async function connect(baseUrl: string, token: string): Promise<Client> {
    const mcp = new Client({ name: 'switchboard-test', version: '1.0.0' });
    await mcp.connect(new StreamableHTTPClientTransport(new URL(`${baseUrl}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
    return mcp;
  }

  beforeAll(async () => {
    provider = await startOpenAiWireServer({ apiKey: 'test-key' });
    server = await startTestServer({ env: { DEMO_TOKEN_DELAY_MS: '4', OPENAI_BASE_URL: provider.url, OPENAI_API_KEY: 'test-key' } });
    admin = apiClient(server.baseUrl, server.adminToken);
    agentId = await demoAgentId(admin);
    client = await connect(server.baseUrl, server.adminToken);
  });
  afterAll(async () => {
    await client?.close();
    await server?.stop();
    await provider?.close();
  });

  it('lists every agent the caller may run as a tool taking {message, thread_id?}', async () => {
    const { tools } = await client.listTools();
    const demo = tools.find((t) => t.name === 'demo_agent');
    expect(demo).toMatchObject({ title: 'Demo agent', inputSchema: { type: 'object', required: ['message'] } });
    expect(Object.keys(demo!.inputSchema.properties ?? {})).toEqual(['message', 'thread_id']);
    expect(tools.every((t) => /^[a-z0-9_-]+$/.test(t.name))).toBe(true);
  });

  it('runs the agent for a call and answers its final answer as text', async () => {
    const result = await client.callTool({ name: 'demo_agent', arguments: { message: 'Hello over MCP' } });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain('You said: Hello over MCP');
    const runId = (result._meta as Record<string, string>)['switchboard/run_id']!;
    expect((await admin.get(`/runs/${runId}`)).body).toMatchObject({ status: 'completed', surface: 'mcp' });
  });

  it('runs the agent’s own tools inside a call (calculator 2*21)', async () => {
    const result = await client.callTool({ name: 'demo_agent', arguments: { message: 'calculator expression=2*21' } });
    expect(textOf(result)).toContain('42');
  });

  it('remembers the first turn on the second when both pass the same thread_id', async () => {
    await client.callTool({ name: 'demo_agent', arguments: { message: 'Remember the word heron', thread_id: 'mcp-memory' } });
    const second = await client.callTool({ name: 'demo_agent', arguments: { message: 'Which word?', thread_id: 'mcp-memory' } });
    expect(textOf(second)).toContain('heron');
  });

  it('sends progress notifications (status lines, then batched tokens) when the call carries a progress token', async () => {
    const seen: Progress[] = [];
    await client.callTool({ name: 'demo_agent', arguments: { message: `Please repeat: ${'tokens arrive in batches '.repeat(30)}` } }, undefined, { onprogress: (p) => void seen.push(p) });
    expect(seen.map((p) => p.message)).toContain('Processing your request');
    expect(seen.some((p) => p.message?.includes('tokens arrive in batches'))).toBe(true);
    const progress = seen.map((p) => p.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(new Set(progress).size).toBe(progress.length);
  });

  it('cancels the run when the client cancels the call (notifications/cancelled)', async () => {
    const abort = new AbortController();
    const call = client.callTool({ name: 'demo_agent', arguments: { message: `Please repeat: ${'a slow answer '.repeat(200)}`, thread_id: 'mcp-cancel' } }, undefined, {
      signal: abort.signal,
      onprogress: (p) => {
        if (p.message !== 'Processing your request') abort.abort('user stopped');
      },
    });
    await expect(call).rejects.toThrow();
    const run = await eventually(async () => {
      const runs = (await admin.get(`/runs?agent_id=${agentId}`)).body.runs as Array<{ run_id: string; thread_id: string; status: string }>;
      return runs.find((r) => r.thread_id === 'mcp-cancel' && r.status !== 'running');
    });
    expect(run.status).toBe('cancelled');
  });

  it('refuses a bad token with 401 and calls of tools the caller does not have with InvalidParams', async () => {
    await expect(connect(server.baseUrl, 'sb_wrong')).rejects.toMatchObject({ code: 401 });
    await expect(client.callTool({ name: 'no_such_agent', arguments: { message: 'hi' } })).rejects.toMatchObject({ code: -32602 });
    await expect(client.callTool({ name: 'demo_agent', arguments: {} })).rejects.toMatchObject({ code: -32602 });
    expect((await fetch(`${server.baseUrl}/mcp`, { headers: { Authorization: `Bearer ${server.adminToken}` } })).status).toBe(405);
    const refused = await fetch(`${server.baseUrl}/mcp`, { method: 'POST', headers: { Authorization: 'Bearer sb_wrong', 'content-type': 'application/json' }, body: '{}' });
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer /);
    const garbage = await fetch(`${server.baseUrl}/mcp`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: '{"not":"json-rpc"}',
    });
    expect(garbage.status).toBe(400);
    expect(((await garbage.json()) as { error: { code: number } }).error.code).toBeLessThan(0);
  });

  it('answers through an OpenAI-wire model', async () => {
    await admin.post('/agents', { agent_name: 'MCP OpenAI agent!', description: 'Answers via the fake', agent_style: '', on_status: true, model_name: 'openai/gpt-4o-mini', tools: [] });
    provider.enqueue({ tokens: ['Hello', ' from', ' the', ' fake'] });
    const { tools } = await client.listTools();
    expect(tools.find((t) => t.name === 'mcp_openai_agent')).toMatchObject({ description: 'Answers via the fake' });
    expect(textOf(await client.callTool({ name: 'mcp_openai_agent', arguments: { message: 'hi' } }))).toBe('Hello from the fake');
  });

  it('lets one Switchboard use another Switchboard’s agents through the mcp tool kind', async () => {
    const other = await startTestServer();
    try {
      const tool = await admin.post('/tools', {
        name: 'other',
        description: 'Agents of another Switchboard',
        kind: 'mcp',
        config: { url: `${other.baseUrl}/mcp`, transport: 'streamable-http', headers: { authorization: 'Bearer {{env.TOKEN}}' } },
        env: { TOKEN: other.adminToken },
      });
      expect(tool.body).toMatchObject({ tool_id: expect.any(String) });
      const agent = await admin.post('/agents', { agent_name: 'Relay', description: '', agent_style: '', on_status: true, model_name: 'local/demo', tools: [tool.body.tool_id] });
      expect(agent.body).toMatchObject({ agent_id: expect.any(String) });
      const reply = await admin.post(`/agent-invoke/${agent.body.agent_id}/invoke`, {
        input: { messages: 'other__demo_agent message="hello from the first server"', context: '' },
        config: { configurable: { thread_id: 'relay' } },
        metadata: { reset_memory: false, load_from_json: false, agent_style: '' },
      });
      expect(reply.status).toBe(200);
      expect(reply.body.tool_calls).toEqual([expect.objectContaining({ tool_name: 'other__demo_agent', ok: true })]);
      expect(JSON.stringify(reply.body.tool_calls[0].output)).toContain('You said: hello from the first server');
      expect(JSON.stringify(reply.body)).not.toContain(other.adminToken);
    } finally {
      await other.stop();
    }
  });
});
