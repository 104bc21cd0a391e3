import { createParser } from 'eventsource-parser';

export interface SseEvent {
  id: string | undefined;
  event: string;
  data: unknown;
}

export interface SseCapture {
  status: number;
  headers: Headers;
  events: SseEvent[];
  comments: string[];
  retry: number | undefined;
  /** Raw bytes as received, for tests that check framing. */
  raw: string;
}

export interface ReadSseOptions {
  method?: 'GET' | 'POST';
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Stop reading (and cut the connection) after this many events. */
  stopAfterEvents?: number;
  /** Called for every event as it arrives. */
  onEvent?: (event: SseEvent, capture: SseCapture) => void;
  signal?: AbortSignal;
}

/** A real SSE client over fetch: parses frames with eventsource-parser, can cut the connection part-way. */
export async function readSse(url: string, options: ReadSseOptions = {}): Promise<SseCapture> {
  const controller = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  const response = await fetch(url, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers: {
      accept: 'text/event-stream',
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal,
  });
  const capture: SseCapture = { status: response.status, headers: response.headers, events: [], comments: [], retry: undefined, raw: '' };
  if (!response.body) return capture;
  if (!(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    capture.raw = await response.text();
    return capture;
  }
  let stop = false;
  const parser = createParser({
    onEvent(message) {
      if (stop) return;
      let data: unknown = message.data;
      try {
        data = JSON.parse(message.data);
      } catch {
        // keep the raw string
      }
      const event: SseEvent = { id: message.id, event: message.event ?? 'message', data };
      capture.events.push(event);
      options.onEvent?.(event, capture);
      if (options.stopAfterEvents !== undefined && capture.events.length >= options.stopAfterEvents) stop = true;
    },
    onComment(comment) {
      capture.comments.push(comment);
    },
    onRetry(retry) {
      capture.retry = retry;
    },
  });
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  try {
    while (!stop) {
      const { done, value } = await reader.read();
      if (done) break;
      const text = decoder.decode(value, { stream: true });
      capture.raw += text;
      parser.feed(text);
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  } finally {
    if (stop) controller.abort();
    await reader.cancel().catch(() => undefined);
  }
  return capture;
}

/** Joins the `token` events of a capture. */
export function tokensOf(capture: Pick<SseCapture, 'events'>): string {
  return capture.events
    .filter((e) => e.event === 'token')
    .map((e) => (e.data as { token: string }).token)
    .join('');
}
