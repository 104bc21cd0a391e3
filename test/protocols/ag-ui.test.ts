import { HttpAgent, type AgentSubscriber } from '@ag-ui/client';
import type { BaseEvent } from '@ag-ui/core';
import { createParser } from 'eventsource-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCuttingProxy } from '../clients/cutting-proxy.js';
import { startOpenAiWireServer } from '../fakes/openai-wire-server.js';
import type { FakeWireServer } from '../fakes/fake-stream-server.js';
import { createUser, demoAgentId } from '../run-engine/helpers.js';
import { apiClient, type ApiClient } from '../support/api.js';
import { startTestServer, type TestServer } from '../support/start-server.js';
import { createResumingFetch } from './ag-ui-resuming-fetch.js';

type AnyEvent = BaseEvent & Record<string, any>;

/** Runs one turn through HttpAgent (its event verification on) and returns every event it applied. */
async function runTurn(agent: HttpAgent, text: string, onEvent?: (event: AnyEvent) => void) {
  agent.addMessage({ id: `u-${Math.random().toString(36).slice(2)}`, role: 'user', content: text });
  const events: AnyEvent[] = [];
  const subscriber: AgentSubscriber = {
    onEvent: ({ event }) => {
      events.push(event as AnyEvent);
      onEvent?.(event as AnyEvent);
    },
  };
  const result = await agent.runAgent({}, subscriber);
  return { events, newMessages: result.newMessages };
}

const textOf = (events: AnyEvent[]) => events.filter((e) => e.type === 'TEXT_MESSAGE_CONTENT').map((e) => e.delta).join('');
const typesOf = (events: AnyEvent[]) => events.map((e) => e.type);

describe('AG-UI 1.0 at /ag-ui/agents/{id}, driven by @ag-ui/client HttpAgent', () => {
  let server: TestServer;
  let admin: ApiClient;
  let agentId: string;
  let provider: FakeWireServer;
  /** The answer the server stored for the thread's last turn. */
  const storedAnswer = async (threadId: string) => {
    const messages = (await admin.get(`/agents/${agentId}/threads/${threadId}/messages`)).body as Array<{ role: string; content: string }>;
    return messages.filter((m) => m.role === 'assistant').at(-1)?.content;
  };
  const agentFor = (threadId: string, options: { token?: string; id?: string; fetch?: typeof fetch } = {}) =>
    new HttpAgent({
      url: `${server.baseUrl}/ag-ui/agents/${options.id ?? agentId}`,
      headers: { Authorization: `Bearer ${options.token ?? server.adminToken}` },
      threadId,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });

  beforeAll(async () => {
    provider = await startOpenAiWireServer({ apiKey: 'test-key' });
    server = await startTestServer({ env: { DEMO_TOKEN_DELAY_MS: '4', OPENAI_BASE_URL: provider.url, OPENAI_API_KEY: 'test-key' } });
    admin = apiClient(server.baseUrl, server.adminToken);
    agentId = await demoAgentId(admin);
  });
  afterAll(async () => {
    await server?.stop();
    await provider?.close();
  });

  it('answers a plain turn: RUN_STARTED with the Switchboard run id, one text message, RUN_FINISHED success', async () => {
    const { events, newMessages } = await runTurn(agentFor('agui-plain'), 'Hello from AG-UI');
    expect(typesOf(events)[0]).toBe('RUN_STARTED');
    expect(typesOf(events).at(-1)).toBe('RUN_FINISHED');
    expect(events.at(-1)!.outcome).toEqual({ type: 'success' });
    expect(events.at(-1)!.usage?.[0]).toMatchObject({ outputTokens: expect.any(Number) });
    const runId = events[0]!.runId as string;
    expect(events[0]!.threadId).toBe('agui-plain');
    expect((await admin.get(`/runs/${runId}`)).body).toMatchObject({ status: 'completed', thread_id: 'agui-plain' });
    expect(textOf(events)).toContain('Hello from AG-UI');
    expect(textOf(events)).toBe(await storedAnswer('agui-plain'));
    expect(events.filter((e) => e.type === 'CUSTOM').map((e) => e.value.status)).toContain('Processing your request');
    expect(newMessages).toEqual([expect.objectContaining({ role: 'assistant', content: textOf(events) })]);
  });

  it('shows a server-side tool call as TOOL_CALL_START/ARGS/END and TOOL_CALL_RESULT', async () => {
    const { events, newMessages } = await runTurn(agentFor('agui-tool'), 'calculator expression=2*21');
    const start = events.find((e) => e.type === 'TOOL_CALL_START')!;
    expect(start.toolCallName).toBe('calculator');
    const args = events.filter((e) => e.type === 'TOOL_CALL_ARGS' && e.toolCallId === start.toolCallId).map((e) => e.delta).join('');
    expect(JSON.parse(args)).toEqual({ expression: '2*21' });
    const result = events.find((e) => e.type === 'TOOL_CALL_RESULT')!;
    expect(result.toolCallId).toBe(start.toolCallId);
    expect(result.content).toContain('42');
    expect(textOf(events)).toContain('42');
    expect(newMessages.some((m) => m.role === 'tool' && String(m.content).includes('42'))).toBe(true);
  });

  it('sends each content block of the answer as a CUSTOM switchboard.block event besides the verbatim text', async () => {
    const { events } = await runTurn(agentFor('agui-block'), 'Show me a json example');
    const blocks = events.filter((e) => e.type === 'CUSTOM' && e.name === 'switchboard.block').map((e) => e.value);
    expect(blocks).toEqual([expect.objectContaining({ type: 'json' })]);
    expect(textOf(events)).toContain('!#block#!');
  });

  it('keeps threadId as the thread: the second turn remembers the first', async () => {
    const agent = agentFor('agui-memory');
    await runTurn(agent, 'Remember the word heron');
    const second = await runTurn(agent, 'Which word?');
    expect(textOf(second.events)).toContain('heron');
  });

  it('ends a cancelled run with RUN_FINISHED outcome cancelled', async () => {
    let cancelled = false;
    const { events } = await runTurn(agentFor('agui-cancel'), `Please repeat: ${'a long answer streamed slowly '.repeat(60)}`, (event) => {
      if (event.type === 'TEXT_MESSAGE_CONTENT' && !cancelled) {
        cancelled = true;
        const runId = event.messageId.split('-m')[0];
        void admin.post(`/runs/${runId}/cancel`);
      }
    });
    expect(events.at(-1)).toMatchObject({ type: 'RUN_FINISHED', outcome: { type: 'cancelled' } });
    expect((await admin.get(`/runs/${events[0]!.runId}`)).body.status).toBe('cancelled');
  });

  it('refuses a caller without a valid token (401) and an agent the caller cannot see (404) before any stream', async () => {
    await expect(runTurn(agentFor('agui-401', { token: 'sb_wrong' }), 'hi')).rejects.toMatchObject({ status: 401 });
    const stranger = await createUser(admin, 'agui-stranger@example.com');
    await expect(runTurn(agentFor('agui-404', { token: stranger.token }), 'hi')).rejects.toMatchObject({ status: 404 });
    const bad = await apiClient(server.baseUrl, server.adminToken).post(`/ag-ui/agents/${agentId}`, { threadId: 't', runId: 'r', messages: [] });
    expect(bad.status).toBe(400);
  });

  it('survives connection cuts: the resuming fetch continues from Last-Event-ID, nothing lost or doubled, the run goes on', async () => {
    const proxy = await startCuttingProxy(new URL(server.baseUrl), { maxCuts: 3, minBytes: 200, maxBytes: 2_000 });
    try {
      const resuming = createResumingFetch(proxy.url);
      const agent = new HttpAgent({ url: `${proxy.url}/ag-ui/agents/${agentId}`, headers: { Authorization: `Bearer ${server.adminToken}` }, threadId: 'agui-cut', fetch: resuming.fetch });
      const { events } = await runTurn(agent, `Please repeat: ${'every word must arrive exactly once '.repeat(40)}`);
      expect(proxy.cuts).toBeGreaterThan(0);
      expect(resuming.resumes).toBeGreaterThan(0);
      expect(resuming.resumes).toBeLessThanOrEqual(proxy.cuts);
      expect(typesOf(events).filter((t) => t === 'RUN_STARTED')).toHaveLength(1);
      expect(typesOf(events).at(-1)).toBe('RUN_FINISHED');
      expect(textOf(events)).toBe(await storedAnswer('agui-cut'));
      expect(textOf(events)).toContain('every word must arrive exactly once');
    } finally {
      await proxy.close();
    }
  });

  it('resumes after Last-Event-ID exactly once: the frames after the id, with ids continuing from it', async () => {
    const { events } = await runTurn(agentFor('agui-replay'), 'Hello again');
    const runId = events[0]!.runId as string;
    const readIds = async (lastEventId?: string) => {
      const response = await fetch(`${server.baseUrl}/ag-ui/runs/${runId}/stream`, {
        headers: { Authorization: `Bearer ${server.adminToken}`, ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}) },
      });
      const frames: Array<{ id: string | undefined; type: string }> = [];
      const parser = createParser({ onEvent: (m) => frames.push({ id: m.id, type: (JSON.parse(m.data) as { type: string }).type }) });
      parser.feed(await response.text());
      return frames;
    };
    const whole = await readIds();
    expect(whole.map((f) => f.type)).toEqual(typesOf(events));
    expect(whole.every((f) => f.id !== undefined)).toBe(true);
    for (const id of ['3', '1:0']) {
      const after = await readIds(id);
      expect(after).toEqual(whole.slice(whole.findIndex((f) => f.id === id) + 1));
    }
    const malformed = await fetch(`${server.baseUrl}/ag-ui/runs/${runId}/stream`, { headers: { Authorization: `Bearer ${server.adminToken}`, 'Last-Event-ID': 'abc' } });
    expect(malformed.status).toBe(400);
    expect((await fetch(`${server.baseUrl}/ag-ui/runs/${runId}/stream`, { headers: { Authorization: 'Bearer sb_wrong' } })).status).toBe(401);
  });

  it('lists every agent-protocol route in /openapi.json', async () => {
    const paths = Object.keys(((await (await fetch(`${server.baseUrl}/openapi.json`)).json()) as { paths: Record<string, unknown> }).paths);
    for (const path of ['/ag-ui/agents/{agent_id}', '/ag-ui/runs/{run_id}/stream', '/mcp', '/a2a/agents', '/a2a/agents/{agent_id}', '/a2a/agents/{agent_id}/.well-known/agent-card.json']) {
      expect(paths).toContain(path);
    }
  });

  it('answers through an OpenAI-wire model with the same events', async () => {
    const created = await admin.post('/agents', { agent_name: 'AG-UI OpenAI', description: '', agent_style: '', on_status: true, model_name: 'openai/gpt-4o-mini', tools: [] });
    provider.enqueue({ tokens: ['Hello', ' from', ' the', ' fake'], usage: { inputTokens: 10, outputTokens: 4 } });
    const { events } = await runTurn(agentFor('agui-openai', { id: created.body.agent_id }), 'hi');
    expect(textOf(events)).toBe('Hello from the fake');
    expect(events.at(-1)).toMatchObject({ type: 'RUN_FINISHED', usage: [expect.objectContaining({ inputTokens: 10, outputTokens: 4, totalTokens: 14 })] });
  });
});
