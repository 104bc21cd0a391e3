import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../fakes/tools/local-http-server.js';
import { createPerson } from '../http/support/people.js';
import { apiClient, type ApiClient } from '../support/api.js';
import { startTestServer, type TestServer } from '../support/start-server.js';
import { demoAgentId, threadMessages } from './helpers.js';
import { releaseClient, type ReleaseClient } from './release-client.js';

const SECRET = 'sk-fw-action-9c4e1b7a2d5f';

/** Issue 22: a client written from fastworkflow 2.16's API drives every endpoint; only base URL, token and agent_id differ. */
describe('a fastworkflow 2.16 client against Switchboard (real socket)', () => {
  let server: TestServer;
  let admin: ApiClient;
  let fw: ReleaseClient;
  let agentId: string;
  let weatherApi: LocalServer;
  let exportDir: string;

  beforeAll(async () => {
    weatherApi = await startLocalServer((req, res) => {
      if (req.headers['x-api-key'] !== SECRET) return void res.writeHead(401).end('{"error":"bad key"}');
      // a careless API that echoes the key back
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ city: new URL(req.url ?? '/', 'http://x').searchParams.get('city'), forecast: 'sunny', you_sent: req.headers['x-api-key'] }));
    });
    exportDir = mkdtempSync(join(tmpdir(), 'fw-export-'));
    server = await startTestServer({ env: { FASTWORKFLOW_EXPORT_DIR: exportDir } });
    admin = apiClient(server.baseUrl, server.adminToken);
    fw = releaseClient(server.baseUrl, server.adminToken);
    agentId = await demoAgentId(admin);
  });
  afterAll(async () => {
    await server?.stop();
    await weatherApi?.close();
    if (exportDir) rmSync(exportDir, { recursive: true, force: true });
  });

  it('runs a session through every turn and conversation endpoint of the release', async () => {
    expect(await fw.initialize({ user_id: 'alice', agent_id: agentId, context: { team: 'blue' }, show_agent_traces: true })).toMatchObject({ status: 200, body: { user_id: 'alice' } });

    const streamed = await fw.invokeAgentStream({ user_id: 'alice', user_query: 'calculator expression=2+3' });
    expect([streamed.status, streamed.contentType]).toEqual([200, 'text/event-stream; charset=utf-8']);
    expect(streamed.events.map((e) => e.event)).toEqual(['trace', 'trace', 'command_output']);

    const json = await fw.invokeAgent({ user_id: 'alice', user_query: 'calculator expression=6*7', timeout_seconds: 30 });
    expect(json.status).toBe(200);
    expect(json.body.command_responses[0].response).toContain('42');
    expect(json.body.traces).toHaveLength(2);

    const action = await fw.performAction({ user_id: 'alice', action: { command_name: 'calculator', parameters: { expression: '7*6' } } });
    expect(action.status).toBe(200);
    expect(action.body).toMatchObject({ workflow_name: 'Demo agent', command_name: 'calculator', command_parameters: '{"expression":"7*6"}' });
    expect(action.body.command_responses).toEqual([{ response: expect.stringContaining('42'), success: true, artifacts: {}, next_actions: [], recommendations: [] }]);
    expect(action.body.traces.map((t: { direction: string; raw_command: string | null }) => [t.direction, t.raw_command])).toEqual([
      ['agent_to_workflow', 'calculator <expression>7*6</expression>'],
      ['workflow_to_agent', null],
    ]);

    expect((await fw.postFeedback({ user_id: 'alice', binary_or_numeric_score: 'true', nl_feedback: 'right answer' })).body).toEqual({ status: 'ok' });
    expect((await fw.newConversation('alice')).body).toEqual({ status: 'ok' });
    const listed = await fw.conversations('alice');
    expect(listed.body.map((c: { conversation_id: number }) => c.conversation_id)).toEqual([1]);
    expect((await fw.activateConversation('alice', '1')).body).toEqual({ status: 'ok' });

    // the action is a turn of the conversation like any other, stored with its tool call
    const stored = await threadMessages(admin, agentId, 'fw-alice-1');
    expect(stored.map((m) => m.role)).toEqual(['user', 'tool', 'assistant', 'user', 'tool', 'assistant', 'user', 'tool', 'assistant']);
    expect(stored[6]!.content).toBe('calculator <expression>7*6</expression>');
  });

  it('runs /invoke_assistant as one model call with at most one tool call, whose result is the answer', async () => {
    await fw.initialize({ user_id: 'assistant', agent_id: agentId });
    const withTool = await fw.invokeAssistant({ user_id: 'assistant', user_query: '/calculator expression=2+3' });
    expect(withTool.status).toBe(200);
    expect(withTool.body.traces).toHaveLength(2);
    const answer: string = withTool.body.command_responses[0].response;
    // the demo model would phrase a second call as "The calculator tool returned: …": there is none
    expect(answer).not.toMatch(/tool returned/);
    expect(answer).toBe('5');
    const stored = await threadMessages(admin, agentId, 'fw-assistant-1');
    expect(stored.map((m) => [m.role, m.role === 'assistant' ? m.content : ''])).toEqual([['user', ''], ['tool', ''], ['assistant', answer]]);

    const plain = await fw.invokeAssistant({ user_id: 'assistant', user_query: 'hello there' });
    expect(plain.body.command_responses[0].response).toMatch(/^You said: hello there/);
    expect(plain.body.traces).toEqual([]);
  });

  it("runs startup_command, or startup_action, as a new session's first turn", async () => {
    await fw.initialize({ user_id: 'starter', agent_id: agentId, startup_command: 'calculator expression=1+1' });
    expect((await threadMessages(admin, agentId, 'fw-starter-1')).map((m) => m.role)).toEqual(['user', 'tool', 'assistant']);
    await fw.initialize({ user_id: 'actor', agent_id: agentId, startup_action: { command_name: 'calculator', parameters: { expression: '3*3' } } });
    const stored = await threadMessages(admin, agentId, 'fw-actor-1');
    expect(stored.map((m) => m.role)).toEqual(['user', 'tool', 'assistant']);
    expect(stored[2]!.content).toContain('9');
    // a startup_action without command_name is ignored, as the release does
    expect((await fw.initialize({ user_id: 'no-action', agent_id: agentId, startup_action: { foo: 'bar' } })).status).toBe(200);
    expect(await threadMessages(admin, agentId, 'fw-no-action-1')).toEqual([]);
  });

  it('performs an action with a secret-bearing tool; the secret is in no answer, trace, row or log', async () => {
    const tool = await admin.post('/tools', {
      name: 'weather',
      description: 'Weather for a city',
      kind: 'http',
      config: { url: `${weatherApi.origin}/forecast?city={{input.city}}`, method: 'GET', headers: { 'x-api-key': '{{env.API_KEY}}' }, input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
      env: { API_KEY: SECRET },
    });
    expect(tool.status).toBe(201);
    const agent = await admin.post('/agents', { agent_name: 'Weather desk', description: '', agent_style: '', on_status: true, model_name: 'local/demo', tools: [tool.body.tool_id] });
    expect(agent.status).toBe(201);
    await fw.initialize({ user_id: 'forecaster', agent_id: agent.body.agent_id });

    const action = await fw.performAction({ user_id: 'forecaster', action: { command_name: 'weather', command: 'weather in Paris', parameters: { city: 'Paris' }, workflow_id: null } });
    expect(action.status).toBe(200);
    expect(weatherApi.requests.at(-1)!.headers['x-api-key']).toBe(SECRET); // the API really got it
    expect(action.body.command_responses[0]).toMatchObject({ success: true });
    expect(action.body.command_responses[0].response).toContain('sunny');
    expect(action.body.command_responses[0].response).toContain('********');
    expect(action.text).not.toContain(SECRET);

    const assistant = await fw.invokeAssistant({ user_id: 'forecaster', user_query: 'weather city=Rome' });
    expect(assistant.body.command_responses[0].response).toContain('sunny');
    expect(assistant.text).not.toContain(SECRET);

    const unknown = await fw.performAction({ user_id: 'forecaster', action: { command_name: 'calculator', parameters: { expression: '1+1' } } });
    expect([unknown.status, unknown.body]).toEqual([422, { detail: 'Invalid action format: the agent has no tool named "calculator" (its tools: weather)' }]);

    expect(server.logs()).not.toContain(SECRET);
    for (const table of ['agent_logs', 'runs', 'fw_sessions', 'fw_conversations']) {
      expect(JSON.stringify(await server.rawQuery(`select * from ${table}`))).not.toContain(SECRET);
    }
    expect((await fw.dumpAllConversations('.')).text).not.toContain(SECRET);
  });

  it('dumps every conversation as a JSONL download for a platform admin, written only inside FASTWORKFLOW_EXPORT_DIR', async () => {
    await fw.initialize({ user_id: 'dumped', agent_id: agentId });
    await fw.invokeAgent({ user_id: 'dumped', user_query: 'remember the blue folder' });
    await fw.postFeedback({ user_id: 'dumped', binary_or_numeric_score: 0.5 });

    const dump = await fw.dumpAllConversations('exports/today');
    expect(dump.status).toBe(200);
    expect(dump.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(dump.headers.get('content-disposition')).toMatch(/^attachment; filename="all_conversations_\d+\.jsonl"$/);
    const path = dump.headers.get('x-file-path')!;
    expect(path.startsWith(join(exportDir, 'exports', 'today', 'all_conversations_'))).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(dump.text);

    const rows = dump.text.trim().split('\n').map((line) => JSON.parse(line));
    const row = rows.find((r) => r.user_id === 'dumped')!;
    expect(Object.keys(row).sort()).toEqual(['agent_id', 'conversation_id', 'created_at', 'owner_user_id', 'summary', 'topic', 'turns', 'updated_at', 'user_id']);
    expect(row.turns).toHaveLength(1);
    expect(JSON.parse(row.turns[0].conversation_traces)).toMatchObject({ user_query: 'remember the blue folder' });
    expect(row.turns[0].feedback).toMatchObject({ binary_or_numeric_score: 0.5, nl_feedback: null });
    expect(rows.some((r) => r.user_id === 'alice' && r.conversation_id === 1)).toBe(true);
  });

  it('never writes the dump outside the export directory, and refuses it to anyone but a platform admin', async () => {
    for (const folder of ['../escape', '/etc', '/tmp']) {
      const refused = await fw.dumpAllConversations(folder);
      expect(refused.status).toBe(422);
      expect(refused.body.detail).toMatch(/^output_folder must be inside the export directory/);
    }
    const elsewhere = mkdtempSync(join(tmpdir(), 'fw-elsewhere-'));
    try {
      symlinkSync(elsewhere, join(exportDir, 'link'));
      expect((await fw.dumpAllConversations('link/inside')).status).toBe(422);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }

    const bob = await createPerson(server.baseUrl, admin, 'bob');
    const refused = await releaseClient(server.baseUrl, bob.token).dumpAllConversations('bob');
    expect([refused.status, refused.body]).toEqual([403, { detail: 'Only platform admins may dump all conversations' }]);
    expect(existsSync(join(exportDir, 'bob'))).toBe(false);
  });
});
