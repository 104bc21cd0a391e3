import { createServer, connect, type Server, type Socket } from 'node:net';

export interface CuttingProxy {
  url: string;
  /** Connections cut so far. */
  readonly cuts: number;
  close(): Promise<void>;
}

export interface CuttingProxyOptions {
  maxCuts: number;
  /** Each connection is cut after a random number of response bytes in [minBytes, maxBytes) past its earliest cut point. */
  minBytes: number;
  maxBytes: number;
}

/**
 * A TCP proxy to the server that cuts connections at random points of the response (mid-header and mid-frame
 * included) until it has cut `maxCuts` times; then it passes everything through. A POST (a new run) is cut only
 * after the frame that names its run (`run_id`): before that a client has nothing to resume.
 */
export async function startCuttingProxy(target: URL, options: CuttingProxyOptions): Promise<CuttingProxy> {
  let cuts = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    const budget = options.minBytes + Math.floor(Math.random() * (options.maxBytes - options.minBytes));
    let isPost: boolean | null = null;
    let forwarded = 0;
    let seen = '';
    let cutAt: number | null = null;
    let cut = false;
    client.on('data', (chunk: Buffer) => {
      isPost ??= chunk.subarray(0, 5).toString('latin1') === 'POST ';
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (cut) return;
      if (cutAt === null) {
        if (!isPost) cutAt = budget;
        else {
          seen += chunk.toString('latin1');
          const named = seen.indexOf('"run_id"');
          const frameEnd = named < 0 ? -1 : seen.indexOf('\n\n', named);
          if (frameEnd >= 0) cutAt = frameEnd + 2 + budget;
        }
      }
      if (cuts < options.maxCuts && cutAt !== null && forwarded + chunk.length > cutAt) {
        cut = true;
        cuts++;
        client.write(chunk.subarray(0, Math.max(0, cutAt - forwarded)), () => {
          client.destroy();
          upstream.destroy();
        });
        return;
      }
      forwarded += chunk.length;
      client.write(chunk);
    });
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', closeBoth).on('error', closeBoth);
    upstream.on('close', closeBoth).on('error', closeBoth);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    get cuts() {
      return cuts;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
