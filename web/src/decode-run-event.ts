/** Events of the agent-invoke stream as the page sees them (SPEC §6). */
export type StreamEvent =
  | { type: 'status'; status: string; run_id?: string; thread_id?: string; model?: string; final_answer?: string; usage?: Record<string, number> }
  | { type: 'token'; token: string }
  | { type: 'tool_status'; tool_name: string; call_id: string; status: string; is_start: boolean; input?: unknown; output?: unknown; ok?: boolean }
  | { type: 'error'; code: string; detail: string }
  | { type: 'end'; run_id: string; outcome: string };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Turn one SSE event into a typed event, or null for names and payloads the page does not know. */
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
        usage: isRecord(payload.usage) ? (payload.usage as Record<string, number>) : undefined,
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
    case 'error':
      return { type: 'error', code: str(payload.code) ?? 'internal', detail: str(payload.detail) ?? str(payload.message) ?? 'The run failed.' };
    case 'end':
      return { type: 'end', run_id: str(payload.run_id) ?? '', outcome: str(payload.outcome) ?? 'completed' };
    default:
      return null;
  }
}
