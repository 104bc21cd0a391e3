/** Counts what a load-test client needs from an agent-invoke SSE stream, cheaply (no JSON.parse per token). */
export class SseReader {
  tokens = 0;
  lastId = 0;
  gap = false;
  ended = false;
  outcome: string | null = null;
  error: string | null = null;
  firstTokenAt = 0;
  private rest = '';

  constructor(
    /** Shared counter: every token event increments `tokens`. */
    private readonly sink: { tokens: number },
    private readonly onFirstToken?: () => void,
  ) {}

  feed(chunk: string): void {
    const text = this.rest.length > 0 ? this.rest + chunk : chunk;
    let start = 0;
    for (;;) {
      const end = text.indexOf('\n\n', start);
      if (end < 0) break;
      this.frame(text, start, end);
      start = end + 2;
    }
    this.rest = start === 0 ? text : text.slice(start);
  }

  private frame(text: string, start: number, frameEnd: number): void {
    // lines before `id:` in a frame: `retry:` opens the first one, a `: ping` comment line may precede any
    while (!text.startsWith('id: ', start)) {
      const lineEnd = text.indexOf('\n', start);
      if (lineEnd < 0 || lineEnd >= frameEnd) return; // no id: not an event of ours
      start = lineEnd + 1;
    }
    const end = frameEnd;
    const idEnd = text.indexOf('\n', start);
    const id = Number(text.slice(start + 4, idEnd));
    if (id !== this.lastId + 1) this.gap = true;
    this.lastId = id;
    const eventStart = idEnd + 8; // "\nevent: "
    if (text.startsWith('token', eventStart)) {
      this.tokens++;
      this.sink.tokens++;
      if (this.tokens === 1) {
        this.firstTokenAt = performance.now();
        this.onFirstToken?.();
      }
    } else if (text.startsWith('end', eventStart)) {
      this.ended = true;
      const data = text.slice(text.indexOf('data: ', eventStart) + 6, end);
      this.outcome = (JSON.parse(data) as { outcome: string }).outcome;
    } else if (text.startsWith('error', eventStart)) {
      this.error = text.slice(text.indexOf('data: ', eventStart) + 6, end);
    }
  }

  /** What went wrong with a stream that has finished, or null. */
  problem(): string | null {
    if (this.error) return `error event ${this.error}`;
    if (this.gap) return 'event ids with a gap';
    if (!this.ended) return 'closed before the end event';
    if (this.outcome !== 'completed') return `outcome ${this.outcome}`;
    return null;
  }
}

const CONTENT = '"delta":{"content":"';

/** Finds the first text delta in an OpenAI Chat Completions stream (for calling the fake directly). */
export class OpenAiReader {
  firstTokenAt = 0;
  done = false;
  private tail = '';

  feed(chunk: string): void {
    const text = this.tail + chunk;
    if (this.firstTokenAt === 0) {
      const at = text.indexOf(CONTENT);
      if (at >= 0 && at + CONTENT.length < text.length && text[at + CONTENT.length] !== '"') this.firstTokenAt = performance.now();
    }
    if (text.includes('data: [DONE]')) this.done = true;
    this.tail = text.slice(-64);
  }
}
