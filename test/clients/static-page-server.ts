import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css', '.map': 'application/json' };

export interface StaticPageServer {
  origin: string;
  close(): Promise<void>;
}

/** Serves pages from memory or a folder on another loopback port: a different origin from the API. */
export async function startStaticPageServer(source: { pages?: Record<string, string>; root?: string }): Promise<StaticPageServer> {
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const inline = source.pages?.[path];
    if (inline !== undefined) {
      res.writeHead(200, { 'content-type': TYPES[extname(path) || '.html'] ?? 'text/html' }).end(inline);
      return;
    }
    if (source.root) {
      const file = join(source.root, normalize(path === '/' ? '/index.html' : path));
      if (file.startsWith(source.root)) {
        try {
          const body = await readFile(file);
          res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
          return;
        } catch {
          // fall through to 404
        }
      }
    }
    res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
