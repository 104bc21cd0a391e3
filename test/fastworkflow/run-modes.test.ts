import { describe, expect, it } from 'vitest';
import type { ModelToolCall, RunEvent, Tool } from '../../src/domain/index.js';
import type { RunMode } from '../../src/services/invoke-command.js';
import { createRunExecutor, type RunExecutorDeps } from '../../src/services/run-executor.js';

const tool = { toolId: 't1', name: 'calc', kind: 'builtin', config: { builtin: 'calculator' }, envKeys: [], onStatus: true, companyId: null, userId: 'u', description: '' } as unknown as Tool;
const usage = { input_tokens: 1, output_tokens: 1, total_tokens: 2 };

/** The run executor with a scripted model and tool runner: which model calls and tool calls each mode makes. */
function harness(modelTurns: Array<{ text: string; toolCalls: ModelToolCall[] }>) {
  const modelCalls: unknown[] = [];
  const toolCalls: Array<{ name: string; arguments: Record<string, unknown> }> = [];
  const events: RunEvent[] = [];
  const deps: RunExecutorDeps = {
    modelGateway: {
      async stream(request, handlers) {
        const turn = modelTurns[modelCalls.length] ?? { text: 'done', toolCalls: [] };
        modelCalls.push(request);
        if (turn.text) handlers.onText(turn.text);
        return { ...turn, usage, finishReason: turn.toolCalls.length ? 'tool_calls' : 'stop' };
      },
    },
    toolRunner: {
      describe: async () => [{ name: 'calc', description: '', parameters: { type: 'object' } }],
      async execute(input) {
        toolCalls.push({ name: input.modelToolName, arguments: input.arguments });
        return { ok: true, output: { result: 42 }, contentForModel: `result of ${JSON.stringify(input.arguments)}`, blocks: [] };
      },
    },
    agentLogs: { append: async () => [] },
    runs: { finish: async () => undefined },
    clock: { now: () => new Date() },
    logError: () => undefined,
    metrics: { firstToken: () => undefined, toolCall: () => undefined, providerError: () => undefined },
    maxSteps: 8,
  };
  const executor = createRunExecutor(deps);
  const run = (mode: RunMode) =>
    executor.execute({
      runId: 'r1',
      threadKey: { agentId: 'a', userId: 'u', threadId: 't' },
      model: 'local/demo',
      messages: [{ role: 'user', content: 'hi' }],
      tools: [tool],
      mode,
      writer: { runId: 'r1', append: (event: RunEvent) => events.push(event), close: async () => undefined },
      signal: new AbortController().signal,
      abortCause: () => null,
      startedAtMs: Date.now(),
    });
  return { run, modelCalls, toolCalls, events };
}

const call = (id: string, expression: string): ModelToolCall => ({ id, name: 'calc', arguments: { expression } });

describe('run modes of the one run executor (decision 0802)', () => {
  it('agent mode loops: tool calls, then another model call', async () => {
    const h = harness([{ text: '', toolCalls: [call('c1', '1'), call('c2', '2')] }, { text: 'the answer', toolCalls: [] }]);
    const result = await h.run({ kind: 'agent' });
    expect([h.modelCalls.length, h.toolCalls.length, result.finalAnswer]).toEqual([2, 2, 'the answer']);
  });

  it('single_step asks the model once and runs only its first tool call, whose result is the answer', async () => {
    const h = harness([{ text: '', toolCalls: [call('c1', '1'), call('c2', '2')] }]);
    const result = await h.run({ kind: 'single_step' });
    expect([h.modelCalls.length, h.toolCalls]).toEqual([1, [{ name: 'calc', arguments: { expression: '1' } }]]);
    expect([result.status, result.finalAnswer]).toEqual(['completed', 'result of {"expression":"1"}']);
    expect(h.events.filter((e) => e.type === 'tool_status')).toHaveLength(2);
  });

  it('single_step answers with the model text when it calls no tool', async () => {
    const h = harness([{ text: 'plain words', toolCalls: [] }]);
    expect((await h.run({ kind: 'single_step' })).finalAnswer).toBe('plain words');
    expect(h.toolCalls).toEqual([]);
  });

  it('direct_tool runs the named tool with the given arguments and never asks the model', async () => {
    const h = harness([]);
    const result = await h.run({ kind: 'direct_tool', toolName: 'calc', arguments: { expression: '6*7' } });
    expect([h.modelCalls.length, h.toolCalls]).toEqual([0, [{ name: 'calc', arguments: { expression: '6*7' } }]]);
    expect([result.status, result.finalAnswer]).toEqual(['completed', 'result of {"expression":"6*7"}']);
    expect(h.events.at(-1)).toEqual({ type: 'end', run_id: 'r1', outcome: 'completed' });
  });

  it('direct_tool reports a tool the agent does not have as a failed call, not a model call', async () => {
    const h = harness([]);
    const result = await h.run({ kind: 'direct_tool', toolName: 'nope', arguments: {} });
    expect([h.modelCalls.length, h.toolCalls.length, result.toolCalls[0]?.ok]).toEqual([0, 0, false]);
  });
});
