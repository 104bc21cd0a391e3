import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchEventSource } from '@microsoft/fetch-event-source';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, invokeBody, type ApiClient } from '../support/api.js';
import { readSse } from '../support/sse-client.js';
import { startTestServer, type TestServer } from '../support/start-server.js';
import { demoAgentId } from './helpers.js';

/**
 * The library is written for browsers: it calls `window.setTimeout` and `document.removeEventListener`.
 * Installed only once the server runs: PGlite takes a `window` for a browser and looks for its files there.
 */
function installBrowserGlobals(): () => void {
  const globals = globalThis as unknown as { window?: unknown; document?: unknown };
  globals.window = { setTimeout, clearTimeout };
  globals.document = Object.assign(new EventTarget(), { hidden: false });
  return () => {
    delete globals.window;
    delete globals.document;
  };
}

interface Turn {
  requests: number;
  events: Array<{ id: string; event: string; data: unknown }>;
  retry: number | undefined;
}

/**
 * One turn as apps write it with @microsoft/fetch-event-source: `JSON.parse(ev.data)` in `onmessage`, the
 * library's own retry on error. Every request the library makes is counted; after 3 it is stopped.
 */
async function fetchEventSourceTurn(url: string, init: { method: string; token: string; body?: unknown; headers?: Record<string, string> }): Promise<Turn> {
  const turn: Turn = { requests: 0, events: [], retry: undefined };
  const stop = new AbortController();
  await fetchEventSource(url, {
    method: init.method,
    headers: { authorization: `Bearer ${init.token}`, 'content-type': 'application/json', ...init.headers },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    signal: stop.signal,
    openWhenHidden: true,
    fetch: (input, requestInit) => {
      if (++turn.requests >= 3) stop.abort();
      return fetch(input, requestInit);
    },
    onmessage(ev) {
      turn.events.push({ id: ev.id, event: ev.event, data: JSON.parse(ev.data) });
      if (ev.retry !== undefined) turn.retry = ev.retry;
    },
    onerror: () => 50, // retry soon: a loop shows up as more than one request
  });
  return turn;
}

describe('@microsoft/fetch-event-source with a JSON.parse handler, on every SSE surface', () => {
  let server: TestServer;
  let admin: ApiClient;
  let agentId: string;
  let slowAgentId: string;
  let toolServer: http.Server;
  let toolCalls = 0;
  let removeBrowserGlobals = () => {};

  beforeAll(async () => {
    toolServer = http.createServer((_req, res) => {
      toolCalls++;
      setTimeout(() => res.end(JSON.stringify({ done: true })), 2_300);
    });
    await new Promise<void>((resolve) => toolServer.listen(0, '127.0.0.1', resolve));
    server = await startTestServer({ env: { HEARTBEAT_SECONDS: '1', DEMO_TOKEN_DELAY_MS: '5' } });
    admin = apiClient(server.baseUrl, server.adminToken);
    agentId = await demoAgentId(admin);
    const url = `http://127.0.0.1:${(toolServer.address() as AddressInfo).port}/slow`;
    const tool = await admin.post('/tools', { name: 'slow', description: 'answers after 2.3 s', kind: 'http', config: { url, method: 'GET', input_schema: { type: 'object', properties: {} }, timeout_ms: 60_000 } });
    const agent = await admin.post('/agents', { agent_name: 'Slow tool', description: '', agent_style: '', on_status: true, model_name: 'local/demo', tools: [tool.body.tool_id] });
    slowAgentId = agent.body.agent_id;
    removeBrowserGlobals = installBrowserGlobals();
  });
  afterAll(async () => {
    removeBrowserGlobals();
    await server?.stop();
    toolServer?.close();
  });

  it('invoke-stream: exactly one POST, every event parsed, retry taken from the first event frame', async () => {
    const turn = await fetchEventSourceTurn(`${server.baseUrl}/agent-invoke/${agentId}/invoke-stream`, { method: 'POST', token: server.adminToken, body: invokeBody('Hello fetch-event-source', { threadId: 'fes' }) });
    expect(turn.requests).toBe(1);
    expect(turn.retry).toBe(3000);
    expect(turn.events.map((e) => e.id)).toEqual(turn.events.map((_, i) => String(i + 1)));
    expect(turn.events[0]).toMatchObject({ event: 'status', data: { status: 'Processing your request' } });
    expect(turn.events.at(-1)).toMatchObject({ event: 'end', data: { outcome: 'completed' } });
  });

  it('invoke-stream through a quiet tool call: heartbeats reach the handler as nothing, the tool runs once', async () => {
    const before = toolCalls;
    const turn = await fetchEventSourceTurn(`${server.baseUrl}/agent-invoke/${slowAgentId}/invoke-stream`, { method: 'POST', token: server.adminToken, body: invokeBody('slow please', { threadId: 'fes-slow' }) });
    expect(turn.requests).toBe(1);
    expect(toolCalls - before).toBe(1);
    expect(turn.events.at(-1)).toMatchObject({ event: 'end', data: { outcome: 'completed' } });
    const raw = await readSse(`${server.baseUrl}/agent-invoke/${slowAgentId}/invoke-stream`, { token: server.adminToken, body: invokeBody('slow please', { threadId: 'fes-slow-raw' }) });
    expect(raw.comments.map((c) => c.trim())).toContain('ping'); // the heartbeats were there
  });

  it('runs/{id}/stream: a resume with Last-Event-ID is one GET with every later event parsed', async () => {
    const first = await readSse(`${server.baseUrl}/agent-invoke/${slowAgentId}/invoke-stream`, { token: server.adminToken, body: invokeBody('slow please', { threadId: 'fes-resume' }), stopAfterEvents: 3 });
    const runId = (first.events[0]!.data as { run_id: string }).run_id;
    const turn = await fetchEventSourceTurn(`${server.baseUrl}/runs/${runId}/stream`, { method: 'GET', token: server.adminToken, headers: { 'last-event-id': '3' } });
    expect(turn.requests).toBe(1);
    expect(turn.events[0]!.id).toBe('4');
    expect(turn.events.at(-1)).toMatchObject({ event: 'end', data: { run_id: runId, outcome: 'completed' } });
  });

  it('fastworkflow invoke_agent_stream: one POST, command_output parsed; an error-only answer parses too', async () => {
    expect((await admin.post('/initialize', { user_id: 'fes-user', agent_id: agentId, show_agent_traces: true })).status).toBe(200);
    const turn = await fetchEventSourceTurn(`${server.baseUrl}/invoke_agent_stream`, { method: 'POST', token: server.adminToken, body: { user_id: 'fes-user', user_query: 'hello workflow' } });
    expect(turn.requests).toBe(1);
    expect(turn.retry).toBe(3000);
    expect(turn.events.at(-1)).toMatchObject({ event: 'command_output' });
    const unknown = await fetchEventSourceTurn(`${server.baseUrl}/invoke_agent_stream`, { method: 'POST', token: server.adminToken, body: { user_id: 'nobody-here', user_query: 'hello' } });
    expect(unknown.requests).toBe(1);
    expect(unknown.events).toEqual([{ id: '', event: 'error', data: { detail: expect.any(String) } }]);
  });
});
