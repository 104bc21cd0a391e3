import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../domain/index.js';
import { keepAliveAgent } from './keep-alive-agent.js';
import { postEventStream, type EventStreamSink } from './post-event-stream.js';
import { providerFailures } from './provider-failures.js';

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function listen(handler: http.RequestListener): Promise<URL> {
  server = http.createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/stream`);
}

/** Collects `data` lines; `[END]` is the terminal event. */
function sink(lenient = false): EventStreamSink & { data: string[] } {
  const data: string[] = [];
  return { data, onEvent: (_e, d) => (d === '[END]' ? true : (data.push(d), false)), acceptsEndWithoutTerminal: () => lenient };
}

const post = (url: URL, agent: http.Agent, s: EventStreamSink) =>
  postEventStream({ url, agent, headers: {}, body: '{}', signal: new AbortController().signal, failures: providerFailures('test') }, s);

describe('postEventStream', () => {
  it('sends once more on a fresh connection when a reused idle connection turns out to be closed', async () => {
    const ports: number[] = [];
    const url = await listen((req, res) => {
      ports.push(req.socket.remotePort!);
      if (ports.length === 2) return void req.socket.destroy(); // the server dropped the idle connection
      req.resume();
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: hi\n\ndata: [END]\n\n');
    });
    const agent = keepAliveAgent(url);
    expect(await post(url, agent, sink())).toBe('completed');
    const second = sink();
    expect(await post(url, agent, second)).toBe('completed');
    expect(second.data).toEqual(['hi']);
    expect(ports).toHaveLength(3);
    expect(ports[1]).toBe(ports[0]);
    expect(ports[2]).not.toBe(ports[1]);
  });

  it('accepts a clean end without the terminal event only when the dialect allows it', async () => {
    const url = await listen((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: a\n\ndata: b\n\n');
    });
    const agent = keepAliveAgent(url);
    const lenient = sink(true);
    expect(await post(url, agent, lenient)).toBe('completed');
    expect(lenient.data).toEqual(['a', 'b']);
    await expect(post(url, agent, sink(false))).rejects.toBeInstanceOf(ProviderError);
  });

  it('rejects a JSON reply to a streaming request', async () => {
    const url = await listen((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"choices":[]}');
    });
    await expect(post(url, keepAliveAgent(url), sink())).rejects.toThrow(/answered without streaming/);
  });
});
