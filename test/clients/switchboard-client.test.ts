import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, createSwitchboardClient, type RunStreamItem, type SwitchboardClient } from '../../packages/client/src/index.js';
import { startTestServer, type TestServer } from '../support/start-server.js';
import { eventually } from '../run-engine/helpers.js';

async function collect(stream: AsyncIterable<RunStreamItem>, stopAfter = Infinity): Promise<RunStreamItem[]> {
  const events: RunStreamItem[] = [];
  for await (const event of stream) {
    events.push(event);
    if (events.length >= stopAfter) break;
  }
  return events;
}
const textOf = (events: RunStreamItem[]) => events.map((e) => (e.type === 'token' ? e.token : '')).join('');

describe('@switchboard/client against a live server', () => {
  let server: TestServer;
  let client: SwitchboardClient;
  let agentId: string;
  const longMessage = `Please repeat: ${'a reply long enough to watch '.repeat(60)}`;

  beforeAll(async () => {
    server = await startTestServer({ env: { DEMO_TOKEN_DELAY_MS: '5' } });
    client = createSwitchboardClient({ baseUrl: server.baseUrl });
    await client.signIn(server.adminEmail, server.adminPassword);
    agentId = (await client.agents.list()).find((a) => a.agent_name === 'Demo agent')!.agent_id;
  });
  afterAll(async () => server?.stop());

  it('signs in, makes and uses an API token, and reads agents, tools, models', async () => {
    expect((await client.me()).user.email).toBe(server.adminEmail);
    const created = await client.tokens.create({ name: 'client test' });
    const withToken = createSwitchboardClient({ baseUrl: server.baseUrl, token: created.token });
    expect((await withToken.agents.get(agentId)).agent_name).toBe('Demo agent');
    expect((await withToken.tools.list()).map((t) => t.name)).toContain('calculator');
    expect((await withToken.models()).available_models).toContain('local/demo');
    await client.tokens.revoke(created.api_token.token_id);
    await expect(withToken.me()).rejects.toMatchObject({ status: 401 });
  });

  it('invokes as an async iterable of typed events, stores the thread, and reads the run', async () => {
    const stream = client.invoke(agentId, 'Hello from the typed client', { threadId: 'client-plain' });
    const events = await collect(stream);
    expect(events[0]).toMatchObject({ type: 'status', status: 'Processing your request', seq: 1 });
    expect(events.at(-1)).toMatchObject({ type: 'end', outcome: 'completed' });
    expect(textOf(events)).toContain('Hello from the typed client');
    const runId = await stream.runId;
    expect((await client.runs.get(runId)).status).toBe('completed');
    expect((await client.threads.messages(agentId, 'client-plain')).map((m) => m.role)).toEqual(['user', 'assistant']);
    expect((await client.threads.list(agentId)).map((t) => t.thread_id)).toContain('client-plain');
  });

  it('stops reading on abort without stopping the run, then joins it from where it left off', async () => {
    const controller = new AbortController();
    const stream = client.invoke(agentId, longMessage, { threadId: 'client-abort', signal: controller.signal });
    const seen: RunStreamItem[] = [];
    for await (const event of stream) {
      seen.push(event);
      if (seen.length === 5) controller.abort();
    }
    expect((await stream.result).outcome).toBe('aborted');
    const runId = await stream.runId;
    const rest = await collect(client.join(runId, seen.at(-1)!.seq!));
    const all = [...seen, ...rest];
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    expect(all.at(-1)).toMatchObject({ type: 'end', outcome: 'completed' });
  });

  it('cancels a run: the watcher gets error cancelled then end', async () => {
    const stream = client.invoke(agentId, longMessage, { threadId: 'client-cancel' });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    await stream.cancel();
    const events: RunStreamItem[] = [];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) events.push(next.value);
    expect(events.slice(-2)).toMatchObject([{ type: 'error', code: 'cancelled' }, { type: 'end', outcome: 'cancelled' }]);
  });

  it('rejects with ApiError 409 carrying the running run id when the thread is busy', async () => {
    const first = client.invoke(agentId, longMessage, { threadId: 'client-busy' });
    const runId = await first.runId;
    const error = await collect(client.invoke(agentId, 'me too', { threadId: 'client-busy' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, runId });
    await collect(first);
  });

  it('drives the fastworkflow surface: initialize, a streamed turn, conversations', async () => {
    await client.fastworkflow.initialize({ user_id: 'client-user', agent_id: agentId });
    const events = [];
    for await (const event of client.fastworkflow.invokeAgentStream({ user_id: 'client-user', user_query: 'calculator expression="2+3"' })) events.push(event);
    expect(events.map((e) => e.event)).toEqual(['trace', 'trace', 'command_output']);
    const output = events.at(-1)!;
    expect(output.event === 'command_output' && output.data.command_responses[0]!.response).toContain('5');
    const answer = await client.fastworkflow.invokeAgent({ user_id: 'client-user', user_query: 'Hello again' });
    expect(answer.command_responses[0]!.success).toBe(true);
    await eventually(async () => (await client.fastworkflow.conversations('client-user')).length > 0);
  });
});
