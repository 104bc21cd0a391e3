import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeReply } from '../fakes/fake-reply.js';
import type { FakeWireServer, RecordedRequest } from '../fakes/fake-stream-server.js';
import { startOpenAiWireServer } from '../fakes/openai-wire-server.js';
import { startLocalServer, type LocalServer } from '../fakes/tools/local-http-server.js';
import { apiClient, invokeBody, type ApiClient } from '../support/api.js';
import { readSse, type SseCapture } from '../support/sse-client.js';
import { startTestServer, type TestServer } from '../support/start-server.js';
import { createPerson, type Person } from './support/people.js';

const INTERNAL = 'db.internal.example:5432';

/** The fake model calls both tools once, then answers. */
function scriptedModel(request: RecordedRequest): FakeReply {
  const messages = (request.body?.messages ?? []) as Array<{ role: string }>;
  if (messages.at(-1)?.role === 'tool') return { tokens: ['sorry'] };
  return { toolCalls: [{ id: 'call_down', name: 'down', arguments: {} }, { id: 'call_broken', name: 'broken', arguments: {} }] };
}

describe('tool errors: detail for editors of the agent, a generic sentence for everyone else', () => {
  let server: TestServer;
  let admin: ApiClient;
  let api: LocalServer;
  let provider: FakeWireServer;
  let closedPort: number;
  let visitor: Person;
  let editor: Person;
  let agentId: string;

  beforeAll(async () => {
    api = await startLocalServer((_req, res) => void res.writeHead(500, { 'content-type': 'text/plain' }).end(`cannot reach ${INTERNAL}`));
    const spare = await startLocalServer(() => undefined);
    closedPort = spare.port;
    await spare.close();
    provider = await startOpenAiWireServer({ apiKey: 'test-key', replies: scriptedModel });
    server = await startTestServer({ env: { OPENAI_BASE_URL: provider.url, OPENAI_API_KEY: 'test-key' } });
    admin = apiClient(server.baseUrl, server.adminToken);
    visitor = await createPerson(server.baseUrl, admin, 'visitor');
    editor = await createPerson(server.baseUrl, admin, 'editor');
    const tool = async (name: string, url: string) => {
      const created = await admin.post('/tools', { name, description: name, kind: 'http', config: { url, method: 'GET' } });
      expect(created.status).toBe(201);
      return created.body.tool_id as string;
    };
    const tools = [await tool('down', `http://127.0.0.1:${closedPort}/status`), await tool('broken', `${api.origin}/report`)];
    const agent = await admin.post('/agents', {
      agent_name: 'Ops agent',
      model_name: 'openai/gpt-4o-mini',
      tools,
      share_visitor_with: [visitor.email],
      share_editor_with: [editor.email],
    });
    expect(agent.status).toBe(201);
    agentId = agent.body.agent_id;
  });
  afterAll(async () => {
    await server?.stop();
    await provider?.close();
    await api?.close();
  });

  const run = async (person: Person, threadId: string) => {
    const before = provider.requests.length;
    const stream = await readSse(`${server.baseUrl}/agent-invoke/${agentId}/invoke-stream`, { token: person.token, body: invokeBody('check the systems', { threadId }) });
    expect(stream.status).toBe(200);
    return { stream, toProvider: JSON.stringify(provider.requests.slice(before).map((request) => request.body)) };
  };
  const toolEnds = (stream: SseCapture) =>
    Object.fromEntries(
      stream.events
        .filter((e) => e.event === 'tool_status' && (e.data as { is_start: boolean }).is_start === false)
        .map((e) => [(e.data as { tool_name: string }).tool_name, (e.data as { output: { error: string } }).output]),
    );

  it('keeps the agent configuration from a visitor (GET /agents/{id} is 403)', async () => {
    expect((await visitor.api.get(`/agents/${agentId}`)).status).toBe(403);
  });

  it('tells a visitor, and the model in the visitor run, only "The tool failed" and a category', async () => {
    const { stream, toProvider } = await run(visitor, 'visitor-thread');
    expect(toolEnds(stream)).toEqual({
      down: { error: 'The tool failed (unreachable)', category: 'unreachable' },
      broken: { error: 'The tool failed (bad response)', category: 'bad_response' },
    });
    for (const text of [stream.raw, toProvider, JSON.stringify((await visitor.api.get(`/agents/${agentId}/threads/visitor-thread/messages`)).body)]) {
      expect(text).not.toContain(String(closedPort));
      expect(text).not.toContain(String(api.port));
      expect(text).not.toContain(INTERNAL);
      expect(text).not.toContain('127.0.0.1');
    }
    expect(toProvider).toContain('The tool failed (unreachable)');
  });

  it('shows an editor the host, port and server text', async () => {
    const { stream, toProvider } = await run(editor, 'editor-thread');
    const ends = toolEnds(stream);
    expect(ends.down!.error).toContain(`127.0.0.1:${closedPort}`);
    expect(ends.broken!.error).toBe('HTTP 500 Internal Server Error');
    expect(JSON.stringify(ends.broken)).toContain(INTERNAL);
    expect(toProvider).toContain(INTERNAL);
  });

  it('shows the owner the detail too', async () => {
    const { stream } = await run({ token: server.adminToken } as Person, 'owner-thread');
    expect(toolEnds(stream).down!.error).toContain(`127.0.0.1:${closedPort}`);
  });
});
