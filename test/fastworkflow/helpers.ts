import { createParser } from 'eventsource-parser';
import type { ApiClient } from '../support/api.js';
import { readSse, type SseCapture } from '../support/sse-client.js';

export const TRACE_KEYS = ['direction', 'raw_command', 'command_name', 'parameters', 'response_text', 'success', 'timestamp_ms'];
export const OUTPUT_KEYS = ['command_responses', 'workflow_name', 'context', 'command_name', 'command_parameters'];

export async function demoAgentId(api: ApiClient): Promise<string> {
  const agents = await api.get('/agents');
  const demo = (agents.body as Array<{ agent_id: string; agent_name: string }>).find((a) => a.agent_name === 'Demo agent');
  if (!demo) throw new Error(`no demo agent in ${JSON.stringify(agents.body)}`);
  return demo.agent_id;
}

export async function initialize(api: ApiClient, body: Record<string, unknown>): Promise<void> {
  const response = await api.post('/initialize', body);
  if (response.status !== 200) throw new Error(`initialize failed: ${response.status} ${JSON.stringify(response.body)}`);
}

export function streamTurn(baseUrl: string, token: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<SseCapture> {
  return readSse(`${baseUrl}/invoke_agent_stream`, { token, body, signal });
}

type Events = { events: Array<{ event: string; data: unknown }> };

export const eventNames = (capture: Events) => capture.events.map((e) => e.event);

/** The final answer of a completed stream. */
export function responseOf(capture: Events): string {
  const output = capture.events.find((e) => e.event === 'command_output');
  if (!output) throw new Error(`no command_output in ${JSON.stringify(capture.events)}`);
  return (output.data as { command_responses: Array<{ response: string }> }).command_responses[0]!.response;
}

export async function threadMessages(api: ApiClient, agentId: string, threadId: string): Promise<Array<{ role: string; content: string; outcome: string | null; run_id: string | null }>> {
  const response = await api.get(`/agents/${agentId}/threads/${encodeURIComponent(threadId)}/messages`);
  if (response.status !== 200) throw new Error(`messages failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Opens a stream and resolves once its headers arrived (the turn then holds the user's lock). */
export async function openStream(baseUrl: string, token: string, body: Record<string, unknown>, signal?: AbortSignal) {
  const response = await fetch(`${baseUrl}/invoke_agent_stream`, {
    method: 'POST',
    headers: { accept: 'text/event-stream', 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
    signal,
  });
  return {
    status: response.status,
    /** Reads the rest of the stream and parses its events. */
    async events(): Promise<Array<{ event: string; data: unknown }>> {
      const text = await response.text();
      const events: Array<{ event: string; data: unknown }> = [];
      const parser = createParser({ onEvent: (m) => events.push({ event: m.event ?? 'message', data: JSON.parse(m.data) }) });
      parser.feed(text);
      return events;
    },
  };
}
