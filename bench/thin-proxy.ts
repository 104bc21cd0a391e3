import http from 'node:http';
import { createParser } from 'eventsource-parser';
import { agentStream } from './lib/agent-frames.js';
import { reportReady } from './lib/child-ready.js';
import { readBody } from './lib/read-body.js';

/**
 * The thin proxy: the least any agent server must do. Reads the request, calls the upstream (node:http,
 * keep-alive), parses its SSE with eventsource-parser + JSON.parse, re-emits Switchboard's frames. Nothing else.
 */
const upstream = new URL(`${process.env.UPSTREAM_URL}/chat/completions`);
const apiKey = process.env.UPSTREAM_API_KEY ?? '';
const agent = new http.Agent({ keepAlive: true, scheduling: 'lifo', timeout: 4_000 });

interface Body {
  input?: { messages?: string };
  config?: { configurable?: { thread_id?: string } };
  /** Bench only: earlier messages to send along (the TTFT case with a 50-message thread). */
  history?: Array<{ role: string; content: string }>;
}

const reported = new Set<string>();
/** Prints each kind of failure once (the bench shows it when a run has errors). */
function report(problem: string): void {
  if (reported.has(problem)) return;
  reported.add(problem);
  console.error(problem);
}

const server = http.createServer((req, res) => {
  void readBody(req)
    .then((raw) => {
      const body = JSON.parse(raw) as Body;
      const payload = JSON.stringify({
        model: 'gpt-4o-mini',
        messages: [{ role: 'system', content: 'You are a helpful assistant.' }, ...(body.history ?? []), { role: 'user', content: body.input?.messages ?? '' }],
        stream: true,
        stream_options: { include_usage: true },
      });
      const stream = agentStream(res, String(body.config?.configurable?.thread_id ?? '1'));
      let outputTokens = 0;
      let finished = false;
      const upstreamReq = http.request(
        upstream,
        { method: 'POST', agent, headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${apiKey}`, 'content-length': Buffer.byteLength(payload) } },
        (up) => {
          const parser = createParser({
            onEvent(message) {
              if (message.data === '[DONE]') return;
              const chunk = JSON.parse(message.data) as { choices?: Array<{ delta?: { content?: string } }>; usage?: { completion_tokens?: number } };
              const content = chunk.choices?.[0]?.delta?.content;
              if (typeof content === 'string' && content.length > 0) stream.token(content);
              if (chunk.usage) outputTokens = chunk.usage.completion_tokens ?? 0;
            },
          });
          up.setEncoding('utf8');
          up.on('data', (chunk: string) => parser.feed(chunk));
          up.on('end', () => {
            finished = true;
            stream.end(outputTokens);
          });
        },
      );
      upstreamReq.on('error', (error: NodeJS.ErrnoException) => {
        report(`upstream: ${error.code ?? error.message}`);
        res.destroy();
      });
      res.on('close', () => {
        if (!finished) upstreamReq.destroy();
      });
      upstreamReq.end(payload);
    })
    .catch((error: unknown) => {
      report(`request: ${String(error)}`);
      res.destroy();
    });
});
server.keepAliveTimeout = 75_000;
server.listen(0, '127.0.0.1', () => reportReady({ port: (server.address() as { port: number }).port }));
// a normal exit on SIGTERM, so that --cpu-prof writes the proxy's profile too
process.on('SIGTERM', () => process.exit(0));
