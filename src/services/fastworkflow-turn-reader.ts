import type { RunEvent } from '../domain/index.js';
import { internalFailure, turnTimedOut, type FwFailure } from './fastworkflow-failure.js';

/** seed-systems A.5: the seven fields are always present; the other direction's fields are null. */
export interface FwTrace {
  direction: 'agent_to_workflow' | 'workflow_to_agent';
  raw_command: string | null;
  command_name: string | null;
  parameters: Record<string, unknown> | null;
  response_text: string | null;
  success: boolean | null;
  timestamp_ms: number;
}

export interface FwCommandResponse {
  response: string;
  success: boolean;
  artifacts: Record<string, unknown>;
  next_actions: unknown[];
  recommendations: unknown[];
}

/** seed-systems A.3: `CommandOutput.model_dump()`; there is no top-level `success`. */
export interface FwCommandOutput {
  command_responses: FwCommandResponse[];
  workflow_name: string;
  context: string;
  command_name: string;
  command_parameters: string;
}

export type FwTurnStep = { kind: 'trace'; trace: FwTrace } | { kind: 'output'; output: FwCommandOutput } | { kind: 'failure'; failure: FwFailure };

export interface FwTurnReaderOptions {
  workflowName: string;
  /** The limit the turn ran under, for the timeout detail string. */
  timeoutSeconds: number;
  /** perform_action: the output names the action, and its success is the tool's. */
  action?: FwActionEcho | undefined;
  nowMs?: () => number;
}

/** What a perform_action output repeats of its action (`command_name`, `command_parameters`). */
export interface FwActionEcho {
  commandName: string;
  parameters: Record<string, unknown>;
}

const NO_OUTPUT = 'Command executed successfully but produced no output.';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The seed's `command_name <param>value</param> …` form of a tool call. */
export function rawCommandOf(toolName: string, input: unknown): string {
  if (input === undefined || input === null) return toolName;
  if (!isPlainObject(input)) return `${toolName} ${asText(input)}`;
  const params = Object.entries(input).map(([name, value]) => `<${name}>${asText(value)}</${name}>`);
  return [toolName, ...params].join(' ');
}

function responseTextOf(output: unknown): string {
  if (output === undefined || output === null || output === '') return NO_OUTPUT;
  return asText(output);
}

export function commandOutputOf(workflowName: string, finalAnswer: string, action?: FwActionEcho & { success: boolean }): FwCommandOutput {
  return {
    command_responses: [{ response: finalAnswer, success: action?.success ?? true, artifacts: {}, next_actions: [], recommendations: [] }],
    workflow_name: workflowName,
    context: '',
    command_name: action?.commandName ?? '',
    command_parameters: action ? JSON.stringify(action.parameters) : '',
  };
}

/**
 * Reads one run's events as a fastworkflow turn: tool_status start/end become the trace pair, the final
 * status and `end` become `command_output` or a failure. Tokens and progress statuses are not shown here.
 * Stateful: one reader per turn (it remembers each call's input for the second trace).
 */
export function createFwTurnReader(options: FwTurnReaderOptions): (event: RunEvent) => FwTurnStep | null {
  const nowMs = options.nowMs ?? Date.now;
  const inputs = new Map<string, unknown>();
  let finalAnswer = '';
  let lastToolOk = true;

  return (event) => {
    switch (event.type) {
      case 'token':
      case 'error':
        // the error's code is repeated by `end`'s outcome, which is what decides the detail
        return null;
      case 'status':
        if (event.final_answer !== undefined) finalAnswer = event.final_answer;
        return null;
      case 'tool_status': {
        if (event.is_start) {
          inputs.set(event.call_id, event.input);
          const trace: FwTrace = {
            direction: 'agent_to_workflow',
            raw_command: rawCommandOf(event.tool_name, event.input),
            command_name: null,
            parameters: null,
            response_text: null,
            success: null,
            timestamp_ms: nowMs(),
          };
          return { kind: 'trace', trace };
        }
        const input = inputs.get(event.call_id);
        inputs.delete(event.call_id);
        lastToolOk = event.ok ?? false;
        const trace: FwTrace = {
          direction: 'workflow_to_agent',
          raw_command: null,
          command_name: event.tool_name,
          parameters: isPlainObject(input) ? input : null,
          response_text: responseTextOf(event.output),
          success: event.ok ?? false,
          timestamp_ms: nowMs(),
        };
        return { kind: 'trace', trace };
      }
      case 'end':
        if (event.outcome === 'completed') {
          const action = options.action ? { ...options.action, success: lastToolOk } : undefined;
          return { kind: 'output', output: commandOutputOf(options.workflowName, finalAnswer, action) };
        }
        if (event.outcome === 'timed_out') return { kind: 'failure', failure: turnTimedOut(options.timeoutSeconds) };
        return { kind: 'failure', failure: internalFailure(new Error(`the run ended ${event.outcome}`)) };
      default: {
        const exhaustive: never = event;
        throw new Error(`unknown event ${JSON.stringify(exhaustive)}`);
      }
    }
  };
}
