import { createParser } from 'eventsource-parser';

/**
 * A client of fastworkflow 2.16's HTTP API (services/run_fastapi/main.py @ 447db70), written from that
 * release's request models and endpoints the way an integration would: JSON bodies, `{"detail"}` errors,
 * the stream's `trace` / `command_output` / `error` events. The only changes for Switchboard are the
 * base URL, the bearer token and `agent_id` in place of `workflow_path`.
 */
export interface ReleaseResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface StreamedTurn {
  status: number;
  contentType: string | null;
  events: Array<{ event: string; data: any }>;
}

export function releaseClient(baseUrl: string, token: string) {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };

  async function request<T = any>(method: string, path: string, body?: unknown): Promise<ReleaseResponse<T>> {
    const response = await fetch(baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // JSONL or empty: keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  return {
    request,
    initialize: (body: {
      user_id: unknown;
      agent_id: string;
      env_file_path?: string | null;
      passwords_file_path?: string | null;
      context?: unknown;
      startup_command?: string | null;
      startup_action?: Record<string, unknown> | null;
      show_agent_traces?: unknown;
      conversation_id?: unknown;
    }) => request('POST', '/initialize', body),
    invokeAgent: (body: { user_id: string; user_query: string; timeout_seconds?: unknown }) => request('POST', '/invoke_agent', body),
    invokeAssistant: (body: { user_id: string; user_query: string; timeout_seconds?: unknown }) => request('POST', '/invoke_assistant', body),
    performAction: (body: { user_id: string; action: Record<string, unknown>; timeout_seconds?: unknown }) => request('POST', '/perform_action', body),
    newConversation: (userId: string) => request('POST', '/new_conversation', { user_id: userId }),
    conversations: (userId: string) => request('GET', `/conversations?user_id=${encodeURIComponent(userId)}`),
    activateConversation: (userId: string, conversationId: unknown) => request('POST', '/activate_conversation', { user_id: userId, conversation_id: conversationId }),
    postFeedback: (body: { user_id: string; binary_or_numeric_score?: unknown; nl_feedback?: string | null }) => request('POST', '/post_feedback', body),
    dumpAllConversations: (outputFolder: string) => request('POST', '/admin/dump_all_conversations', { output_folder: outputFolder }),

    /** POST /invoke_agent_stream read with a real SSE parser (eventsource-parser). */
    async invokeAgentStream(body: { user_id: string; user_query: string; timeout_seconds?: unknown }): Promise<StreamedTurn> {
      const response = await fetch(`${baseUrl}/invoke_agent_stream`, {
        method: 'POST',
        headers: { ...headers, accept: 'text/event-stream' },
        body: JSON.stringify(body),
      });
      const events: StreamedTurn['events'] = [];
      const parser = createParser({ onEvent: (message) => events.push({ event: message.event ?? 'message', data: JSON.parse(message.data) }) });
      parser.feed(await response.text());
      return { status: response.status, contentType: response.headers.get('content-type'), events };
    },
  };
}

export type ReleaseClient = ReturnType<typeof releaseClient>;
