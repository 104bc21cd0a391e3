import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api.js';
import { startTestServer, type TestServer } from '../support/start-server.js';
import { demoAgentId, threadMessages } from './helpers.js';
import { releaseClient, type ReleaseClient, type ReleaseResponse } from './release-client.js';

const missing = (...loc: Array<string | number>) => ({ type: 'missing', loc: ['body', ...loc], msg: 'Field required' });

function nested(depth: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** Issue 22 items 2-3 and issue 16 items 5 and 7: every validation and error of the release, as it answers them. */
describe('fastworkflow validation and error shapes as the 2.16 release answers them (real socket)', () => {
  let server: TestServer;
  let admin: ApiClient;
  let fw: ReleaseClient;
  let agentId: string;

  beforeAll(async () => {
    // turns take ~1 s (10 words at 100 ms), so a crowd of them overlaps
    // RATE_LIMIT_PER_MINUTE leaves room for every test before the last one, which floods past it
    server = await startTestServer({ env: { DEMO_TOKEN_DELAY_MS: '100', MAX_CONCURRENT_RUNS_PER_USER: '10', RATE_LIMIT_PER_MINUTE: '400' } });
    admin = apiClient(server.baseUrl, server.adminToken);
    fw = releaseClient(server.baseUrl, server.adminToken);
    agentId = await demoAgentId(admin);
    await fw.initialize({ user_id: 'v', agent_id: agentId });
  });
  afterAll(async () => server?.stop());

  it("answers invalid bodies with FastAPI's 422 list of {type, loc, msg}", async () => {
    expect(await fw.request('POST', '/initialize', {})).toMatchObject({ status: 422, body: { detail: [missing('user_id'), missing('agent_id')] } });
    const wrong = await fw.request('POST', '/invoke_agent', { user_id: 5, user_query: 'hi', timeout_seconds: 'soon' });
    expect(wrong.body).toEqual({
      detail: [
        { type: 'string_type', loc: ['body', 'user_id'], msg: 'Input should be a valid string' },
        { type: 'int_parsing', loc: ['body', 'timeout_seconds'], msg: 'Input should be a valid integer, unable to parse string as an integer' },
      ],
    });
    const traces = await fw.initialize({ user_id: 'w', agent_id: agentId, show_agent_traces: 'maybe' });
    expect(traces.body.detail).toEqual([{ type: 'bool_parsing', loc: ['body', 'show_agent_traces'], msg: 'Input should be a valid boolean, unable to interpret input' }]);
    const action = await fw.request('POST', '/perform_action', { user_id: 'v', action: { parameters: {} } });
    expect(action.body.detail).toEqual([missing('action', 'command_name')]);
    const noBody = await fetch(`${server.baseUrl}/new_conversation`, { method: 'POST', headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' } });
    expect([noBody.status, await noBody.json()]).toEqual([422, { detail: [{ type: 'missing', loc: ['body'], msg: 'Field required' }] }]);
    const query = await fw.request('GET', '/conversations');
    expect(query.body).toEqual({ detail: [{ type: 'missing', loc: ['query', 'user_id'], msg: 'Field required' }] });
  });

  it('accepts the strings pydantic coerces: "false", "3", "0.5", "true"', async () => {
    await fw.initialize({ user_id: 'coerced', agent_id: agentId, show_agent_traces: 'false', conversation_id: '1' });
    const turn = await fw.invokeAgent({ user_id: 'coerced', user_query: 'calculator expression=1+2', timeout_seconds: '30' });
    expect(turn.status).toBe(200);
    expect(turn.body.traces).toBeUndefined(); // "false" hid them
    expect((await fw.postFeedback({ user_id: 'coerced', binary_or_numeric_score: '0.5' })).status).toBe(200);
    expect((await fw.postFeedback({ user_id: 'coerced', binary_or_numeric_score: 'true' })).status).toBe(200);
    await fw.newConversation('coerced');
    expect((await fw.activateConversation('coerced', '1')).body).toEqual({ status: 'ok' });
  });

  it('refuses startup_command with startup_action, and env or password files, with 422', async () => {
    const both = await fw.initialize({ user_id: 'both', agent_id: agentId, startup_command: 'hi', startup_action: { command_name: 'calculator' } });
    expect([both.status, both.body]).toEqual([422, { detail: [{ type: 'value_error', loc: ['body', 'startup_action'], msg: 'Value error, Cannot provide both startup_command and startup_action' }] }]);
    const env = await fw.initialize({ user_id: 'env', agent_id: agentId, env_file_path: './.env' });
    expect(env.status).toBe(422);
    expect(env.body.detail).toMatch(/^env_file_path does not exist: \.\/\.env \(Switchboard reads no files of the server/);
    const passwords = await fw.initialize({ user_id: 'env', agent_id: agentId, passwords_file_path: '/run/secrets/pw.env' });
    expect(passwords.body.detail).toMatch(/^passwords_file_path does not exist: \/run\/secrets\/pw\.env/);
    expect((await fw.conversations('env')).status).toBe(404); // no session was created
  });

  it('times out at once for timeout_seconds ≤ 0 without running the turn, as the release does', async () => {
    const streamed = await fw.invokeAgentStream({ user_id: 'v', user_query: 'never run', timeout_seconds: 0 });
    expect([streamed.status, streamed.events]).toEqual([200, [{ event: 'error', data: { detail: 'Command execution timed out after 0 seconds' } }]]);
    const json = await fw.invokeAgent({ user_id: 'v', user_query: 'never run', timeout_seconds: -3 });
    expect([json.status, json.body]).toEqual([504, { detail: 'Command execution timed out after -3 seconds' }]);
    const assistant = await fw.invokeAssistant({ user_id: 'v', user_query: 'never run', timeout_seconds: 0 });
    expect(assistant.status).toBe(504);
    expect(await threadMessages(admin, agentId, 'fw-v-1')).toEqual([]);
  });

  it('uses the exact detail strings of the release for activate and for feedback before any turn', async () => {
    expect(await fw.activateConversation('v', 42)).toMatchObject({ status: 404, body: { detail: 'Conversation not found with ID: 42' } });
    expect(await fw.postFeedback({ user_id: 'v', nl_feedback: 'too early' })).toMatchObject({ status: 422, body: { detail: 'No turns available to give feedback on for user: v' } });
    for (const call of [fw.invokeAssistant({ user_id: 'ghost', user_query: 'x' }), fw.performAction({ user_id: 'ghost', action: { command_name: 'calculator' } })]) {
      expect(await call).toMatchObject({ status: 404, body: { detail: 'User session not found: ghost' } });
    }
  });

  it("answers unknown routes and methods under this surface with FastAPI's 404/405, and leaves the rest of the API's 404 alone", async () => {
    const cases: Array<[string, string, number, string, string | null]> = [
      ['GET', '/initialize', 405, 'Method Not Allowed', 'POST'],
      ['PUT', '/invoke_agent_stream', 405, 'Method Not Allowed', 'POST'],
      ['POST', '/conversations', 405, 'Method Not Allowed', 'GET, HEAD'],
      ['GET', '/admin/dump_all_conversations', 405, 'Method Not Allowed', 'POST'],
      ['GET', '/conversations/7', 404, 'Not Found', null],
      ['POST', '/initialize/', 404, 'Not Found', null],
      ['POST', '/admin/dump_everything', 404, 'Not Found', null],
    ];
    for (const [method, path, status, detail, allow] of cases) {
      const response = await fw.request(method, path, method === 'GET' ? undefined : {});
      expect([method, path, response.status, response.body], `${method} ${path}`).toEqual([method, path, status, { detail }]);
      expect(response.headers.get('allow')).toBe(allow);
    }
    const elsewhere = await admin.get('/no-such-route');
    expect([elsewhere.status, elsewhere.body.error?.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('documents every endpoint of the surface in /openapi.json', async () => {
    const spec = await admin.get('/openapi.json');
    expect(spec.status).toBe(200);
    for (const path of ['/initialize', '/invoke_agent_stream', '/invoke_agent', '/invoke_assistant', '/perform_action', '/new_conversation', '/conversations', '/activate_conversation', '/post_feedback', '/admin/dump_all_conversations']) {
      expect(spec.body.paths[path], path).toBeDefined();
    }
  });

  it('answers JSON nested 4,000 deep and NUL characters with a 422 list, never a 500 (issue 16 item 5)', async () => {
    const deep = nested(4000);
    const requests: Array<[string, Record<string, unknown>]> = [
      ['/initialize', { user_id: 'deep', agent_id: agentId, context: deep }],
      ['/initialize', { user_id: deep, agent_id: agentId }],
      ['/invoke_agent', { user_id: deep, user_query: 'hi' }],
      ['/invoke_agent_stream', { user_id: deep, user_query: 'hi' }],
      ['/invoke_assistant', { user_id: deep, user_query: 'hi' }],
      ['/perform_action', { user_id: 'v', action: { command_name: 'calculator', parameters: { expression: deep } } }],
      ['/new_conversation', { user_id: deep }],
      ['/activate_conversation', { user_id: deep, conversation_id: 1 }],
      ['/post_feedback', { user_id: deep, nl_feedback: 'x' }],
      ['/admin/dump_all_conversations', { output_folder: deep }],
      ['/invoke_agent', { user_id: 'v', user_query: 'nul \u0000 inside' }],
      ['/invoke_agent_stream', { user_id: 'v', user_query: '\u0000' }],
      ['/perform_action', { user_id: 'v', action: { command_name: 'calculator', parameters: { expression: '1\u0000' } } }],
    ];
    for (const [path, body] of requests) {
      const response = await fw.request('POST', path, body);
      expect([path, response.status], response.text.slice(0, 300)).toEqual([path, 422]);
      expect(Array.isArray(response.body.detail), response.text.slice(0, 300)).toBe(true);
      expect(response.body.detail[0]).toMatchObject({ type: 'value_error', loc: expect.arrayContaining(['body']) });
    }
    expect(server.logs()).not.toContain('FST_ERR_FAILED_ERROR_SERIALIZATION');
  });

  it('answers 50 users at once on one token with clean 429s beyond the run cap, before any stream (issue 16 item 7)', async () => {
    const users = Array.from({ length: 50 }, (_, i) => `crowd-${i}`);
    await Promise.all(users.map((user) => fw.initialize({ user_id: user, agent_id: agentId })));
    const results = await Promise.all(
      users.map(async (user) => {
        const response = await fetch(`${server.baseUrl}/invoke_agent_stream`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${server.adminToken}` },
          body: JSON.stringify({ user_id: user, user_query: 'hello there from the crowd of users' }),
        });
        return { status: response.status, retryAfter: response.headers.get('retry-after'), type: response.headers.get('content-type'), text: await response.text() };
      }),
    );
    const streamed = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 429);
    expect(streamed.length + refused.length).toBe(50);
    expect(streamed).toHaveLength(10);
    for (const r of streamed) expect(r.text).toMatch(/event: command_output\ndata: .*You said: hello there/);
    for (const r of refused) {
      expect(r.type).toMatch(/^application\/json/);
      expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(JSON.parse(r.text)).toEqual({ detail: 'Too many turns in progress: You already have 10 runs in progress; try again in 1 s' });
    }
    expect(results.some((r) => r.text.includes('Internal error'))).toBe(false);
    const json = await fw.invokeAgent({ user_id: 'crowd-0', user_query: 'after the crowd' });
    expect(json.status).toBe(200);
  });

  it('answers the request rate limit with 429 {"detail"} and Retry-After, before any stream', async () => {
    let limited: ReleaseResponse | undefined;
    for (let sent = 0; sent < 400 && !limited; sent += 20) {
      const batch = await Promise.all(Array.from({ length: 20 }, () => fw.conversations('v')));
      limited = batch.find((r) => r.status === 429);
    }
    expect(limited, 'no 429 within 400 requests').toBeDefined();
    expect(limited!.body.detail).toMatch(/^Too many requests/);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const streamed = await fetch(`${server.baseUrl}/invoke_agent_stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}` },
      body: JSON.stringify({ user_id: 'v', user_query: 'hi' }),
    });
    expect([streamed.status, streamed.headers.get('content-type')?.startsWith('application/json')]).toEqual([429, true]);
    expect(Object.keys(await streamed.json())).toEqual(['detail']);
  });
});
