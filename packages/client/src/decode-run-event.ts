import type { RunStreamEvent } from './wire-types.js';

/** Events of the agent-invoke stream (SPEC §6), typed from the server's wire schema. */
export type StreamEvent = RunStreamEvent;

const ERROR_CODES = new Set([
  'timeout',
  'cancelled',
  'provider_error',
  'provider_auth',
  'provider_rate_limited',
  'provider_unavailable',
  'provider_bad_response',
  'provider_timeout',
  'tool_error',
  'internal',
  'interrupted',
]);
const OUTCOMES = new Set(['completed', 'cancelled', 'failed', 'timed_out', 'interrupted']);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const usageOf = (value: unknown) =>
  isRecord(value) ? { input_tokens: Number(value.input_tokens ?? 0), output_tokens: Number(value.output_tokens ?? 0), total_tokens: Number(value.total_tokens ?? 0) } : undefined;

/** Turn one SSE event into a typed event, or null for names and payloads a client does not know. */
export function decodeRunEvent(name: string | undefined, data: string): StreamEvent | null {
  let payload: unknown;
  try {
    payload = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isRecord(payload)) return null;
  switch (name) {
    case 'status': {
      const status = str(payload.status);
      if (status === undefined) return null;
      return {
        type: 'status',
        status,
        run_id: str(payload.run_id),
        thread_id: str(payload.thread_id),
        model: str(payload.model),
        final_answer: str(payload.final_answer),
        usage: usageOf(payload.usage),
      };
    }
    case 'token': {
      const token = str(payload.token);
      return token === undefined ? null : { type: 'token', token };
    }
    case 'tool_status':
      return {
        type: 'tool_status',
        tool_name: str(payload.tool_name) ?? 'tool',
        call_id: str(payload.call_id) ?? str(payload.tool_name) ?? 'call',
        status: str(payload.status) ?? '',
        // Seed servers send 1/0; ours sends booleans.
        is_start: Boolean(payload.is_start),
        input: payload.input,
        output: payload.output,
        ok: typeof payload.ok === 'boolean' ? payload.ok : undefined,
      };
    case 'error': {
      const code = str(payload.code) ?? 'internal';
      const providerStatus = typeof payload.provider_status === 'number' ? payload.provider_status : undefined;
      return {
        type: 'error',
        code: (ERROR_CODES.has(code) ? code : 'internal') as Extract<StreamEvent, { type: 'error' }>['code'],
        detail: str(payload.detail) ?? str(payload.message) ?? 'The run failed.',
        ...(providerStatus === undefined ? {} : { provider_status: providerStatus }),
      };
    }
    case 'end': {
      const outcome = str(payload.outcome) ?? 'completed';
      return { type: 'end', run_id: str(payload.run_id) ?? '', outcome: (OUTCOMES.has(outcome) ? outcome : 'failed') as Extract<StreamEvent, { type: 'end' }>['outcome'] };
    }
    default:
      return null;
  }
}
