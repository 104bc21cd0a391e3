import { createParser, type EventSourceMessage } from 'eventsource-parser';

export interface ResumingFetch {
  fetch: typeof fetch;
  /** Resumes made so far (one per cut). */
  readonly resumes: number;
}

const TERMINAL_TYPES = new Set(['RUN_FINISHED', 'RUN_ERROR']);

/**
 * What the README tells an AG-UI client to do to never lose a run: keep the last `id:` seen and, when the stream
 * breaks before RUN_FINISHED/RUN_ERROR, GET /ag-ui/runs/{x-run-id}/stream with Last-Event-ID. Given to
 * `HttpAgent` as its `fetch`, the agent sees one unbroken stream (its event verification fails on a lost or
 * doubled frame).
 */
export function createResumingFetch(baseUrl: string): ResumingFetch {
  let resumes = 0;
  /** The resume request itself may be cut before its headers: try again a few times. */
  const resume = async (runId: string, headers: Headers, signal: AbortSignal | null | undefined): Promise<Response> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fetch(`${baseUrl}/ag-ui/runs/${runId}/stream`, { headers, signal: signal ?? null });
      } catch (error) {
        if (attempt >= 5 || signal?.aborted) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  };
  const resumingFetch: typeof fetch = async (input, init) => {
    const first = await fetch(input, init);
    const runId = first.headers.get('x-run-id');
    if (!first.ok || !first.body || !runId) return first;
    const headers = new Headers(init?.headers);
    headers.delete('content-type');
    const encoder = new TextEncoder();
    let lastId = '';
    let ended = false;

    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        follow(controller).catch((error: unknown) => controller.error(error));
      },
    });

    async function follow(controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> {
      let source: ReadableStream<Uint8Array> = first.body!;
      for (;;) {
        const parser = createParser({
          onEvent(message: EventSourceMessage) {
            if (TERMINAL_TYPES.has((JSON.parse(message.data) as { type: string }).type)) ended = true;
            if (message.id !== undefined) lastId = message.id;
            controller.enqueue(encoder.encode(`data: ${message.data}\n\n`));
          },
        });
        const decoder = new TextDecoder();
        try {
          for await (const chunk of source as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
        } catch {
          // the connection broke: resume below
        }
        if (ended) return controller.close();
        if (init?.signal?.aborted) return controller.error(init.signal.reason);
        if (lastId !== '') headers.set('last-event-id', lastId);
        resumes++;
        const resumed = await resume(runId!, headers, init?.signal);
        if (!resumed.ok || !resumed.body) return controller.error(new Error(`resume failed: HTTP ${resumed.status}`));
        source = resumed.body;
      }
    }
    return new Response(body, { status: first.status, headers: first.headers });
  };
  return {
    fetch: resumingFetch,
    get resumes() {
      return resumes;
    },
  };
}
