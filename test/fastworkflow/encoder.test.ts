import { describe, expect, it } from 'vitest';
import type { RunEvent, SequencedEvent } from '../../src/domain/index.js';
import { createFastworkflowFrameEncoder, fastworkflowErrorFrame } from '../../src/http/sse/fastworkflow-encoder.js';

const TRACE_KEYS = ['direction', 'raw_command', 'command_name', 'parameters', 'response_text', 'success', 'timestamp_ms'];

function encodeAll(events: RunEvent[], options: { showAgentTraces?: boolean; timeoutSeconds?: number } = {}): string[] {
  let clock = 1_700_000_000_000;
  const encode = createFastworkflowFrameEncoder(
    { fwUserId: 'alice', workflowName: 'Demo agent', showAgentTraces: options.showAgentTraces ?? true, timeoutSeconds: options.timeoutSeconds ?? 60 },
    () => clock++,
  );
  return events.map((event, index): SequencedEvent => ({ seq: index + 1, event })).flatMap((entry) => encode(entry) ?? []);
}

function parse(frame: string): { id: string | undefined; event: string; data: any } {
  const lines = frame.trimEnd().split('\n');
  const field = (name: string) => lines.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
  return { id: field('id'), event: field('event')!, data: JSON.parse(field('data')!) };
}

const toolTurn: RunEvent[] = [
  { type: 'status', status: 'Processing your request', run_id: 'r1', thread_id: 't', model: 'local/demo' },
  { type: 'status', status: 'Thinking...' },
  { type: 'status', status: 'Calling tool: calculator' },
  { type: 'tool_status', tool_name: 'calculator', call_id: 'c1', status: 'Start using tool: calculator', is_start: true, input: { expression: '2+3' } },
  { type: 'tool_status', tool_name: 'calculator', call_id: 'c1', status: 'Finish using tool: calculator', is_start: false, output: { result: 5 }, ok: true },
  { type: 'status', status: 'Responding...' },
  { type: 'token', token: 'The answer ' },
  { type: 'token', token: 'is 5' },
  { type: 'status', status: 'Agent Execution End', final_answer: 'The answer is 5', usage: { input_tokens: 1, output_tokens: 2, total_tokens: 3 } },
  { type: 'end', run_id: 'r1', outcome: 'completed' },
];

describe('the fastworkflow frame encoder', () => {
  it('turns one tool call into the trace pair with exactly the seven fields, then command_output', () => {
    const frames = encodeAll(toolTurn).map(parse);
    expect(frames.map((f) => f.event)).toEqual(['trace', 'trace', 'command_output']);
    const [call, result, output] = frames;
    expect(Object.keys(call!.data)).toEqual(TRACE_KEYS);
    expect(Object.keys(result!.data)).toEqual(TRACE_KEYS);
    expect(call!.data).toEqual({
      direction: 'agent_to_workflow',
      raw_command: 'calculator <expression>2+3</expression>',
      command_name: null,
      parameters: null,
      response_text: null,
      success: null,
      timestamp_ms: 1_700_000_000_000,
    });
    expect(result!.data).toEqual({
      direction: 'workflow_to_agent',
      raw_command: null,
      command_name: 'calculator',
      parameters: { expression: '2+3' },
      response_text: '{"result":5}',
      success: true,
      timestamp_ms: 1_700_000_000_001,
    });
    expect(output!.data).toEqual({
      command_responses: [{ response: 'The answer is 5', success: true, artifacts: {}, next_actions: [], recommendations: [] }],
      workflow_name: 'Demo agent',
      context: '',
      command_name: '',
      command_parameters: '',
    });
    expect(output!.data).not.toHaveProperty('success');
  });

  it('keeps id: = the run sequence number on every frame', () => {
    expect(encodeAll(toolTurn).map((f) => parse(f).id)).toEqual(['4', '5', '10']);
  });

  it('shows no trace when the session hides them, and never tokens or statuses', () => {
    const frames = encodeAll(toolTurn, { showAgentTraces: false }).map(parse);
    expect(frames.map((f) => f.event)).toEqual(['command_output']);
  });

  it('reports a failed tool call with success false and a text response', () => {
    const frames = encodeAll([
      { type: 'tool_status', tool_name: 'fetch_url', call_id: 'c', status: 's', is_start: true, input: { url: 'http://x', n: 2 } },
      { type: 'tool_status', tool_name: 'fetch_url', call_id: 'c', status: 's', is_start: false, output: 'refused', ok: false },
    ]).map(parse);
    expect(frames[0]!.data.raw_command).toBe('fetch_url <url>http://x</url> <n>2</n>');
    expect(frames[1]!.data).toMatchObject({ response_text: 'refused', success: false, parameters: { url: 'http://x', n: 2 } });
  });

  it('says so when a tool produced no output', () => {
    const frames = encodeAll([
      { type: 'tool_status', tool_name: 't', call_id: 'c', status: 's', is_start: true, input: {} },
      { type: 'tool_status', tool_name: 't', call_id: 'c', status: 's', is_start: false, output: null, ok: true },
    ]).map(parse);
    expect(frames[0]!.data.raw_command).toBe('t');
    expect(frames[1]!.data.response_text).toBe('Command executed successfully but produced no output.');
  });

  it('ends a timed-out run with the seed timeout detail and its limit', () => {
    const frames = encodeAll(
      [
        { type: 'token', token: 'partial' },
        { type: 'error', code: 'timeout', detail: 'The run exceeded its time limit' },
        { type: 'end', run_id: 'r', outcome: 'timed_out' },
      ],
      { timeoutSeconds: 7 },
    ).map(parse);
    expect(frames).toEqual([{ id: '3', event: 'error', data: { detail: 'Command execution timed out after 7 seconds' } }]);
  });

  it.each(['cancelled', 'failed', 'interrupted'] as const)('ends a %s run with the internal error detail', (outcome) => {
    const frames = encodeAll([
      { type: 'error', code: 'provider_error', detail: 'the provider said no' },
      { type: 'end', run_id: 'r', outcome },
    ]).map(parse);
    expect(frames).toEqual([{ id: '2', event: 'error', data: { detail: 'Internal error in invoke_agent_stream() for user_id: alice' } }]);
  });

  it('writes an error frame without id for a turn that never started', () => {
    expect(fastworkflowErrorFrame('User session not found: bob')).toBe('event: error\ndata: {"detail":"User session not found: bob"}\n\n');
  });
});
