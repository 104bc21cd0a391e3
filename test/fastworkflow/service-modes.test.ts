import { describe, expect, it } from 'vitest';
import { RateLimitedError, ServiceUnavailableError } from '../../src/domain/index.js';
import { FwFailure } from '../../src/services/fastworkflow-failure.js';
import { collectFwTurn } from '../../src/services/fastworkflow-turn.js';
import { AGENT_ID, admin, alice, serviceWithFakes } from './fakes.js';

const init = { fwUserId: 'u1', agentId: AGENT_ID, context: '', showAgentTraces: true };

async function failureOf(promise: Promise<unknown>): Promise<FwFailure> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof FwFailure)) throw new Error(`expected an FwFailure, got ${String(error)}`);
  return error;
}

async function lines(generator: AsyncGenerator<string>): Promise<Array<Record<string, unknown>>> {
  const rows: Array<Record<string, unknown>> = [];
  for await (const line of generator) rows.push(JSON.parse(line));
  return rows;
}

describe('the fastworkflow service: assistant, actions, startup, limits and the dump', () => {
  it('runs /invoke_assistant as a single-step run of the same engine', async () => {
    const { service, engine } = serviceWithFakes();
    await service.initialize(alice, init);
    await collectFwTurn(await service.startTurn(alice, { fwUserId: 'u1', userQuery: '/calculator 2+3', timeoutSeconds: 60, mode: 'assistant' }));
    expect(engine.started[0]!.command).toMatchObject({ message: 'calculator 2+3', mode: { kind: 'single_step' }, lockKey: `fw:${alice.userId}:u1` });
  });

  it('runs an action as a direct tool call (no model) whose output names the action and carries the tool\'s success', async () => {
    const { service, engine } = serviceWithFakes({
      script: () => [
        { type: 'tool_status', tool_name: 'calculator', call_id: 'c1', status: 'start', is_start: true, input: { expression: '1/0' } },
        { type: 'tool_status', tool_name: 'calculator', call_id: 'c1', status: 'end', is_start: false, output: { error: 'division by zero' }, ok: false },
        { type: 'status', status: 'Agent Execution End', final_answer: '{"error":"division by zero"}' },
        { type: 'end', run_id: 'run-1', outcome: 'completed' },
      ],
    });
    await service.initialize(alice, init);
    const turn = await service.startAction(alice, { fwUserId: 'u1', action: { commandName: 'calculator', parameters: { expression: '1/0' } }, timeoutSeconds: 0 });
    expect(engine.started[0]!.command).toMatchObject({
      message: 'calculator <expression>1/0</expression>',
      mode: { kind: 'direct_tool', toolName: 'calculator', arguments: { expression: '1/0' } },
      timeoutSeconds: 300,
    });
    const { output, traces } = await collectFwTurn(turn);
    expect(traces.map((t) => t.direction)).toEqual(['agent_to_workflow', 'workflow_to_agent']);
    expect(output).toMatchObject({ command_name: 'calculator', command_parameters: '{"expression":"1/0"}', command_responses: [{ success: false }] });
  });

  it('refuses an action naming no tool of the agent with 422 and starts nothing', async () => {
    const { service, engine } = serviceWithFakes();
    await service.initialize(alice, init);
    const failure = await failureOf(service.startAction(alice, { fwUserId: 'u1', action: { commandName: 'rm_rf', parameters: {} }, timeoutSeconds: 60 }));
    expect([failure.status, failure.detail]).toEqual([422, 'Invalid action format: the agent has no tool named "rm_rf" (its tools: calculator)']);
    expect(engine.started).toEqual([]);
  });

  it('times a turn with timeout_seconds ≤ 0 out at once without running it, after the session and busy checks', async () => {
    const { service, engine } = serviceWithFakes();
    expect((await failureOf(service.startTurn(alice, { fwUserId: 'u1', userQuery: 'hi', timeoutSeconds: 0 }))).status).toBe(404);
    await service.initialize(alice, init);
    const failure = await failureOf(service.startTurn(alice, { fwUserId: 'u1', userQuery: 'hi', timeoutSeconds: -5 }));
    expect([failure.status, failure.detail]).toEqual([504, 'Command execution timed out after -5 seconds']);
    expect(engine.started).toEqual([]);
    engine.holdRuns();
    await service.startTurn(alice, { fwUserId: 'u1', userQuery: 'slow', timeoutSeconds: 60 });
    expect((await failureOf(service.startTurn(alice, { fwUserId: 'u1', userQuery: 'hi', timeoutSeconds: 0 }))).status).toBe(409);
    engine.releaseRuns();
  });

  it('turns the per-user run cap into 429 and a draining server into 503, each with Retry-After', async () => {
    const { service, engine } = serviceWithFakes();
    await service.initialize(alice, init);
    engine.failNextStartsWith(new RateLimitedError('You already have 10 runs in progress', 1));
    const capped = await failureOf(service.startTurn(alice, { fwUserId: 'u1', userQuery: 'hi', timeoutSeconds: 60 }));
    expect([capped.status, capped.detail, capped.retryAfterSeconds]).toEqual([429, 'Too many turns in progress: You already have 10 runs in progress; try again in 1 s', 1]);
    engine.failNextStartsWith(new ServiceUnavailableError('The server is shutting down; try again in a moment'));
    const draining = await failureOf(service.startTurn(alice, { fwUserId: 'u1', userQuery: 'hi', timeoutSeconds: 60 }));
    expect([draining.status, draining.retryAfterSeconds]).toEqual([503, 5]);
  });

  it('refuses env_file_path and passwords_file_path with 422, creating no session', async () => {
    const { service, store } = serviceWithFakes();
    const env = await failureOf(service.initialize(alice, { ...init, envFilePath: '/etc/passwd' }));
    expect(env.status).toBe(422);
    expect(env.detail).toMatch(/^env_file_path does not exist: \/etc\/passwd \(Switchboard reads no files of the server/);
    const passwords = await failureOf(service.initialize(alice, { ...init, passwordsFilePath: 'secrets.env' }));
    expect(passwords.detail).toMatch(/^passwords_file_path does not exist: secrets.env/);
    expect(await store.getSession(alice.userId, 'u1')).toBeNull();
    expect(await service.initialize(alice, { ...init, envFilePath: null, passwordsFilePath: '' })).toEqual({ userId: 'u1' });
  });

  it('runs startup_command as the first turn of a new session only', async () => {
    const { service, engine } = serviceWithFakes();
    await service.initialize(alice, { ...init, startupCommand: '/hello there' });
    expect(engine.started.map((s) => [s.command.message, s.command.mode])).toEqual([['hello there', { kind: 'agent' }]]);
    expect(engine.history({ agentId: AGENT_ID, userId: alice.userId, threadId: 'fw-u1-1' }).map((m) => m.role)).toEqual(['user', 'assistant']);
    await service.initialize(alice, { ...init, startupCommand: 'again' });
    expect(engine.started).toHaveLength(1);
  });

  it('runs startup_action as a direct tool call, and refuses one naming no tool before creating the session', async () => {
    const { service, engine, store } = serviceWithFakes();
    const failure = await failureOf(service.initialize(alice, { ...init, startupAction: { commandName: 'nope', parameters: {} } }));
    expect(failure.status).toBe(422);
    expect(await store.getSession(alice.userId, 'u1')).toBeNull();
    await service.initialize(alice, { ...init, startupAction: { commandName: 'calculator', parameters: { expression: '2+3' } } });
    expect(engine.started[0]!.command.mode).toEqual({ kind: 'direct_tool', toolName: 'calculator', arguments: { expression: '2+3' } });
  });

  it('dumps every conversation of every owner for a platform admin, with turns and feedback; others are refused', async () => {
    const { service } = serviceWithFakes();
    await service.initialize(alice, init);
    await collectFwTurn(await service.startTurn(alice, { fwUserId: 'u1', userQuery: 'first question', timeoutSeconds: 60 }));
    await service.postFeedback(alice, { fwUserId: 'u1', score: true, nlFeedback: 'good' });
    await service.newConversation(alice, { fwUserId: 'u1' });
    await service.initialize(admin, { ...init, fwUserId: 'ops' });
    await collectFwTurn(await service.startTurn(admin, { fwUserId: 'ops', userQuery: 'status', timeoutSeconds: 60 }));

    expect(() => service.dumpAll(alice)).toThrow(FwFailure);
    const rows = await lines(service.dumpAll(admin));
    expect(rows.map((r) => [r.user_id, r.owner_user_id, r.conversation_id])).toEqual([
      ['u1', alice.userId, 1],
      ['ops', admin.userId, 1],
    ]);
    expect(rows[0]).toMatchObject({ agent_id: AGENT_ID, topic: 'first question' });
    const turn = (rows[0]!.turns as Array<Record<string, unknown>>)[0]!;
    expect(turn.feedback).toMatchObject({ binary_or_numeric_score: true, nl_feedback: 'good' });
    expect(JSON.parse(turn.conversation_traces as string)).toEqual({
      user_query: 'first question',
      agent_workflow_interactions: [],
      final_agent_response: 'You said: first question',
    });
    expect(turn['conversation summary']).toContain('User asked: first question');
  });
});
