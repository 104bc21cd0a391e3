import http from 'node:http';
import { agentStream } from './lib/agent-frames.js';
import { reportReady } from './lib/child-ready.js';
import { parseDirective, tokenText } from './lib/directive.js';
import { pacerFor, type Pacer } from './lib/pacer.js';
import { readBody } from './lib/read-body.js';

/** The floor: bare node:http writing Switchboard's frames for a scripted reply, no upstream, no storage. */
const pacers = new Map<number, Pacer>();

const server = http.createServer((req, res) => {
  void (async () => {
    const body = JSON.parse(await readBody(req)) as { input?: { messages?: string }; config?: { configurable?: { thread_id?: string } } };
    const shape = parseDirective(body.input?.messages, { tokens: 100, delayMs: 0 });
    const stream = agentStream(res, String(body.config?.configurable?.thread_id ?? '1'));
    let i = 0;
    const writeToken = () => stream.token(tokenText(i++));
    if (shape.delayMs === 0) {
      while (i < shape.tokens) writeToken();
      stream.end(shape.tokens);
      return;
    }
    if (shape.tokens > 0) writeToken();
    pacerFor(pacers, shape.delayMs).add(() => {
      if (res.destroyed) return false;
      if (i < shape.tokens) writeToken();
      if (i < shape.tokens) return true;
      stream.end(shape.tokens);
      return false;
    });
  })().catch(() => res.destroy());
});
server.keepAliveTimeout = 75_000;
server.listen(0, '127.0.0.1', () => reportReady({ port: (server.address() as { port: number }).port }));
