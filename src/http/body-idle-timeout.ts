import { Transform } from 'node:stream';
import type { App } from './app-types.js';

/** The error a stalled body ends with; error-response.ts turns it into 408 and closes the connection. */
export class BodyTimeoutError extends Error {
  readonly statusCode = 408;
  readonly code = 'SB_BODY_TIMEOUT';
  constructor(seconds: number) {
    super(`The request body stalled for ${seconds} s; send it at once`);
  }
}

/**
 * Cuts a request whose body stops arriving (e.g. Content-Length: 100 and 12 bytes sent) after `idleMs` without a
 * byte (decision 1002). Only the request body is watched, so SSE responses of any length are untouched; Node's
 * requestTimeout/headersTimeout (server.ts) bound the whole request and the headers.
 */
export function installBodyIdleTimeout(app: App, idleMs: number): void {
  app.addHook('preParsing', async (request, _reply, payload) => {
    const headers = request.raw.headers;
    const announcesBody = Number(headers['content-length'] ?? 0) > 0 || headers['transfer-encoding'] !== undefined;
    if (request.raw.complete || !announcesBody) return payload;
    let timer: NodeJS.Timeout | undefined;
    const watched = new Transform({
      transform(chunk, _encoding, callback) {
        timer?.refresh();
        callback(null, chunk);
      },
      flush(callback) {
        clearTimeout(timer);
        callback();
      },
    });
    timer = setTimeout(() => watched.destroy(new BodyTimeoutError(Math.round(idleMs / 1000))), idleMs);
    timer.unref();
    watched.once('close', () => clearTimeout(timer));
    // routes that never read their body (a GET with one) must not turn the timeout into an unhandled error
    watched.on('error', () => undefined);
    payload.once('error', (error) => watched.destroy(error));
    return payload.pipe(watched);
  });
}
