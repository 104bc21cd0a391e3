/**
 * Everything that happens in a run, in order. The event log stores these with a sequence number; each
 * SSE surface (agent-invoke, fastworkflow) encodes them its own way. Field names follow seed 004.
 */
export type RunOutcome = 'completed' | 'cancelled' | 'failed' | 'timed_out';
export type RunStatus = 'running' | RunOutcome | 'interrupted';
/** `provider_*`: a model provider failed; the specific codes say how (issue 21, decision 1300). */
export type ProviderErrorCode =
  | 'provider_error'
  | 'provider_auth'
  | 'provider_rate_limited'
  | 'provider_unavailable'
  | 'provider_bad_response'
  | 'provider_timeout';
export const PROVIDER_ERROR_CODES: readonly ProviderErrorCode[] = [
  'provider_error',
  'provider_auth',
  'provider_rate_limited',
  'provider_unavailable',
  'provider_bad_response',
  'provider_timeout',
];
export type RunErrorCode = 'timeout' | 'cancelled' | ProviderErrorCode | 'tool_error' | 'internal' | 'interrupted';

export interface Usage {
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
}

export interface StatusEvent {
  type: 'status';
  status: string;
  run_id?: string;
  thread_id?: string;
  model?: string;
  final_answer?: string;
  usage?: Usage;
}
export interface TokenEvent {
  type: 'token';
  token: string;
}
export interface ToolStatusEvent {
  type: 'tool_status';
  tool_name: string;
  call_id: string;
  status: string;
  is_start: boolean;
  input?: unknown;
  output?: unknown;
  ok?: boolean;
}
export interface ErrorEvent {
  type: 'error';
  code: RunErrorCode;
  detail: string;
  /** The model provider's HTTP status, when a provider failed with one. */
  provider_status?: number;
}
export interface EndEvent {
  type: 'end';
  run_id: string;
  outcome: RunOutcome | 'interrupted';
}

export type RunEvent = StatusEvent | TokenEvent | ToolStatusEvent | ErrorEvent | EndEvent;
export type RunEventType = RunEvent['type'];

/** An event as the log holds it: `seq` starts at 1 and has no gaps within a run. */
export interface SequencedEvent {
  seq: number;
  event: RunEvent;
}

export const STATUS_PROCESSING = 'Processing your request';
export const STATUS_THINKING = 'Thinking...';
export const STATUS_RESPONDING = 'Responding...';
export const STATUS_END = 'Agent Execution End';
export const statusCallingTool = (name: string): string => `Calling tool: ${name}`;

export function isTerminal(event: RunEvent): event is EndEvent {
  return event.type === 'end';
}
