import { createParser } from 'eventsource-parser';
import { apiErrorFrom } from './api-error.js';
import type { HttpJson, HttpJsonOptions } from './http-json.js';
import type { FwActivateBody, FwCommandOutput, FwConversation, FwFeedbackBody, FwInitializeBody, FwInvokeBody, FwInvokeResponse, FwTrace } from './wire-types.js';

/** One event of `/invoke_agent_stream` (seed 000): traces, the command output, or a final error. */
export type FwStreamEvent = { event: 'trace'; data: FwTrace } | { event: 'command_output'; data: FwCommandOutput } | { event: 'error'; data: { detail: string } };

/** The fastworkflow surface (seed 000): sessions per end user, one turn at a time. */
export function createFastworkflowClient(http: HttpJson, options: HttpJsonOptions) {
  async function* invokeAgentStream(body: FwInvokeBody, signal?: AbortSignal): AsyncGenerator<FwStreamEvent> {
    const token = options.getToken();
    const response = await options.fetchImpl(new URL('/invoke_agent_stream', options.baseUrl), {
      method: 'POST',
      headers: { Accept: 'text/event-stream', 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
      signal,
    });
    if (!response.ok || !response.body) throw await apiErrorFrom(response);
    const pending: FwStreamEvent[] = [];
    const parser = createParser({
      onEvent: (message) => {
        if (message.event === 'trace' || message.event === 'command_output' || message.event === 'error') pending.push({ event: message.event, data: JSON.parse(message.data) } as FwStreamEvent);
      },
    });
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.feed(decoder.decode(value, { stream: true }));
        while (pending.length > 0) yield pending.shift()!;
      }
    } finally {
      void reader.cancel().catch(() => undefined);
    }
  }

  return {
    initialize: (body: FwInitializeBody) => http.post<{ user_id: string }>('/initialize', body),
    invokeAgent: (body: FwInvokeBody, signal?: AbortSignal) => http.post<FwInvokeResponse>('/invoke_agent', body, signal),
    invokeAgentStream,
    newConversation: (userId: string) => http.post<{ status: 'ok'; message?: string }>('/new_conversation', { user_id: userId }),
    conversations: (userId: string) => http.get<FwConversation[]>('/conversations', { user_id: userId }),
    activateConversation: (body: FwActivateBody) => http.post<{ status: 'ok'; message?: string }>('/activate_conversation', body),
    postFeedback: (body: FwFeedbackBody) => http.post<{ status: 'ok'; message?: string }>('/post_feedback', body),
  };
}
