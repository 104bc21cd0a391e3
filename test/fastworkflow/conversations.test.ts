import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api.js';
import { startTestServer, type TestServer } from '../support/start-server.js';
import { createUser } from '../run-engine/helpers.js';
import { demoAgentId, initialize, responseOf, streamTurn, threadMessages } from './helpers.js';

function runCurl(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('curl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the fastworkflow session and conversation endpoints (real socket)', () => {
  let server: TestServer;
  let api: ApiClient;
  let agentId: string;

  beforeAll(async () => {
    server = await startTestServer();
    api = apiClient(server.baseUrl, server.adminToken);
    agentId = await demoAgentId(api);
  });
  let restartedDataDir: string | undefined;
  afterAll(async () => {
    await server?.stop();
    // a server started on an existing folder leaves it behind
    if (restartedDataDir) rmSync(restartedDataDir, { recursive: true, force: true });
  });

  it("streams the events to the seed's own curl command (plus the Authorization header)", async () => {
    await initialize(api, { user_id: 'test_user', agent_id: agentId });
    // exactly the seed's command (docs/invoke_agent_stream_implementation.md) plus the Authorization header
    const result = await runCurl([
      '-N',
      '-H',
      'Accept: text/event-stream',
      '-H',
      'Content-Type: application/json',
      '-H',
      `Authorization: Bearer ${server.adminToken}`,
      '-d',
      '{"user_id":"test_user","user_query":"create a todo"}',
      `${server.baseUrl}/invoke_agent_stream`,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.startsWith('retry: ')).toBe(true);
    const output = /\nevent: command_output\ndata: (.+)\n\n$/.exec(result.stdout);
    expect(output).not.toBeNull();
    expect(JSON.parse(output![1]!).command_responses[0].response).toMatch(/^You said: create a todo/);
  });

  it("streams to the docs' short curl too, which sends its JSON as curl's default form content type", async () => {
    await initialize(api, { user_id: 'short_curl', agent_id: agentId });
    // seed-systems A.6: `curl -N -H "Accept: text/event-stream" -d '{…}'` (no Content-Type), plus Authorization
    const result = await runCurl(['-N', '-H', 'Accept: text/event-stream', '-H', `Authorization: Bearer ${server.adminToken}`, '-d', '{"user_id":"short_curl","user_query":"hello"}', `${server.baseUrl}/invoke_agent_stream`]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/\nevent: command_output\ndata: .*You said: hello/);
    const notJson = await runCurl(['-s', '-w', '\n%{http_code}', '-H', `Authorization: Bearer ${server.adminToken}`, '-d', 'user_id=short_curl', `${server.baseUrl}/invoke_agent`]);
    const [body, status] = notJson.stdout.split('\n');
    expect(status).toBe('400');
    expect(JSON.parse(body!).detail).toMatch(/must be JSON/);
  });

  it('makes initialize idempotent: a second call changes nothing', async () => {
    expect((await api.post('/initialize', { user_id: 'idem', agent_id: agentId, show_agent_traces: false })).body).toEqual({ user_id: 'idem' });
    expect((await api.post('/initialize', { user_id: 'idem', agent_id: agentId, show_agent_traces: true })).body).toEqual({ user_id: 'idem' });
    const capture = await streamTurn(server.baseUrl, server.adminToken, { user_id: 'idem', user_query: 'calculator expression=1+1' });
    expect(capture.events.map((e) => e.event)).toEqual(['command_output']);
  });

  it('404s initialize for an agent that does not exist, with a detail', async () => {
    const response = await api.post('/initialize', { user_id: 'x', agent_id: '00000000-0000-4000-8000-000000000000' });
    expect(response.status).toBe(404);
    expect(typeof response.body.detail).toBe('string');
  });

  it('saves a conversation with a unique topic, lists it, starts a new thread and can go back', async () => {
    await initialize(api, { user_id: 'conv', agent_id: agentId });
    expect((await api.post('/new_conversation', { user_id: 'conv' })).body).toEqual({ status: 'ok', message: 'No turns to save' });

    await streamTurn(server.baseUrl, server.adminToken, { user_id: 'conv', user_query: 'plan the team offsite' });
    expect((await api.post('/new_conversation', { user_id: 'conv' })).body).toEqual({ status: 'ok' });
    const fresh = await streamTurn(server.baseUrl, server.adminToken, { user_id: 'conv', user_query: 'plan the team offsite' });
    expect(responseOf(fresh)).toContain('This is the start of our conversation');
    expect((await api.post('/new_conversation', { user_id: 'conv' })).body).toEqual({ status: 'ok' });

    const listed = await api.get('/conversations?user_id=conv');
    expect(listed.status).toBe(200);
    expect(listed.body.map((c: { conversation_id: number; topic: string }) => [c.conversation_id, c.topic])).toEqual([
      [2, 'plan the team offsite 2'],
      [1, 'plan the team offsite'],
    ]);
    const first = listed.body[1];
    expect(Object.keys(first).sort()).toEqual(['conversation_id', 'created_at', 'summary', 'topic', 'updated_at']);
    expect(Number.isInteger(first.created_at) && first.created_at > 1_600_000_000_000).toBe(true);
    expect(first.summary).toContain('plan the team offsite');

    expect((await api.post('/activate_conversation', { user_id: 'conv', conversation_id: 1 })).body).toEqual({ status: 'ok' });
    const resumed = await streamTurn(server.baseUrl, server.adminToken, { user_id: 'conv', user_query: 'and the budget' });
    expect(responseOf(resumed)).toContain('"plan the team offsite"');
    const unknown = await api.post('/activate_conversation', { user_id: 'conv', conversation_id: 99 });
    expect([unknown.status, unknown.body]).toEqual([404, { detail: 'Conversation not found with ID: 99' }]);
  });

  it('404s the conversation list of an unknown session with the seed detail', async () => {
    const response = await api.get('/conversations?user_id=ghost');
    expect([response.status, response.body]).toEqual([404, { detail: 'User session not found: ghost' }]);
  });

  it('takes feedback on the last turn and requires a score or a text', async () => {
    await initialize(api, { user_id: 'fb', agent_id: agentId });
    await streamTurn(server.baseUrl, server.adminToken, { user_id: 'fb', user_query: 'rate me' });
    expect((await api.post('/post_feedback', { user_id: 'fb', binary_or_numeric_score: true })).body).toEqual({ status: 'ok' });
    expect((await api.post('/post_feedback', { user_id: 'fb', nl_feedback: 'nice' })).body).toEqual({ status: 'ok' });
    const empty = await api.post('/post_feedback', { user_id: 'fb' });
    expect([empty.status, empty.body]).toEqual([
      422,
      { detail: [{ type: 'value_error', loc: ['body', 'nl_feedback'], msg: 'Value error, At least one of binary_or_numeric_score or nl_feedback must be provided' }] },
    ]);
    const rows = await server.rawQuery(`select binary_or_numeric_score, nl_feedback from fw_feedback where fw_user_id = 'fb'`);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.nl_feedback).toBe('nice');
  });

  it("scopes user_id to the caller; a platform admin may act for another owner with owner_user_id", async () => {
    const bob = await createUser(api, 'bob-fw@example.com');
    const bobApi = apiClient(server.baseUrl, bob.token);
    // bob may not invoke the admin's demo agent unless it is shared, so give bob his own agent
    const created = await bobApi.post('/agents', { agent_name: 'Bob agent', model_name: 'local/demo' });
    expect(created.status).toBe(201);
    await initialize(bobApi, { user_id: 'test_user', agent_id: created.body.agent_id });

    const bobTurn = await streamTurn(server.baseUrl, bob.token, { user_id: 'test_user', user_query: 'from bob' });
    expect(responseOf(bobTurn)).toMatch(/^You said: from bob/);
    const notAdmin = await bobApi.post('/initialize', { user_id: 'x', agent_id: agentId, owner_user_id: '00000000-0000-4000-8000-000000000000' });
    expect(notAdmin.status).toBe(403);

    const asBob = await streamTurn(server.baseUrl, server.adminToken, { user_id: 'test_user', user_query: 'admin for bob', owner_user_id: bob.userId });
    expect(responseOf(asBob)).toContain('"from bob"');
    const ownList = await api.get('/conversations?user_id=test_user');
    const bobList = await api.get(`/conversations?user_id=test_user&owner_user_id=${bob.userId}`);
    expect(ownList.status).toBe(200);
    expect(bobList.body).toHaveLength(1);
  });

  // last: it restarts the server of this suite on the same data folder
  it('keeps sessions across a restart: a turn works without a new initialize, in the same conversation', async () => {
    await initialize(api, { user_id: 'durable', agent_id: agentId, show_agent_traces: false });
    await streamTurn(server.baseUrl, server.adminToken, { user_id: 'durable', user_query: 'before the restart' });
    const dataDir = server.dataDir;
    await server.stop({ keepData: true });
    server = await startTestServer({ dataDir, env: { ADMIN_TOKEN: server.adminToken, ADMIN_PASSWORD: server.adminPassword } });
    restartedDataDir = dataDir;
    api = apiClient(server.baseUrl, server.adminToken);

    const capture = await streamTurn(server.baseUrl, server.adminToken, { user_id: 'durable', user_query: 'after the restart calculator expression=1+2' });
    expect(capture.events.map((e) => e.event)).toEqual(['command_output']);
    const stored = await threadMessages(api, agentId, 'fw-durable-1');
    expect(stored.filter((m) => m.role === 'user').map((m) => m.content)).toEqual(['before the restart', 'after the restart calculator expression=1+2']);
  });
});
