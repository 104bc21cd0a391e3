import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { AddressPolicy } from './address-policy.js';
import { createGuardedLookup, type Resolver } from './guarded-lookup.js';
import { OutboundError, refusedAddress } from './outbound-error.js';

/** RequestInit plus the names of headers filled from secrets: never sent to another origin, even if usually safe. */
export type GuardedRequestInit = RequestInit & { secretHeaders?: readonly string[] };

/** The fetch signature the MCP SDK transports accept. */
export type FetchLike = (url: string | URL, init?: GuardedRequestInit) => Promise<Response>;

export interface GuardedFetch {
  fetch: FetchLike;
  /** Closes pooled keep-alive sockets. */
  close(): void;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
/**
 * Headers kept on a redirect to another origin; any other (Authorization, Cookie, any header filled from a
 * secret) may carry a secret meant for the first host. Userinfo is not carried over either.
 */
const CROSS_ORIGIN_SAFE_HEADERS = new Set(['accept', 'accept-language', 'user-agent', 'content-type']);

interface Hop {
  url: URL;
  method: string;
  headers: Headers;
  body: Buffer | undefined;
  signal: AbortSignal | undefined;
}

function toBuffer(body: RequestInit['body'], headers: Headers): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof URLSearchParams) {
    if (!headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
    return Buffer.from(body.toString(), 'utf8');
  }
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new TypeError('guarded fetch supports string, URLSearchParams and byte bodies only');
}

function decode(response: http.IncomingMessage): Readable {
  const encoding = (response.headers['content-encoding'] ?? '').toLowerCase().trim();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : encoding === 'br' ? createBrotliDecompress() : undefined;
  if (!decoder) return response;
  response.on('error', (error) => decoder.destroy(error));
  return response.pipe(decoder);
}

function toResponse(hop: Hop, incoming: http.IncomingMessage): Response {
  const status = incoming.statusCode ?? 502;
  const headers = new Headers();
  const decoded = decode(incoming);
  for (let i = 0; i + 1 < incoming.rawHeaders.length; i += 2) {
    const name = incoming.rawHeaders[i]!.toLowerCase();
    // The body handed on is already decoded, so its original length and encoding no longer apply.
    if (decoded !== incoming && (name === 'content-encoding' || name === 'content-length')) continue;
    try {
      headers.append(name, incoming.rawHeaders[i + 1]!);
    } catch {
      // A header value undici would not accept; drop it rather than fail the whole response.
    }
  }
  const nullBody = NULL_BODY_STATUSES.has(status) || hop.method === 'HEAD';
  if (nullBody) incoming.on('error', () => undefined).resume();
  const body = nullBody ? null : (Readable.toWeb(decoded) as ReadableStream<Uint8Array>);
  const response = new Response(body, { status: status >= 200 && status <= 599 ? status : 502, statusText: incoming.statusMessage ?? '', headers });
  Object.defineProperty(response, 'url', { value: hop.url.href });
  return response;
}

/**
 * fetch over node:http(s) that refuses addresses the policy rejects: literal IPs before connecting,
 * names inside the socket's lookup (checked address = connected address), again on every redirect.
 * Follows at most `maxRedirects` redirects itself; `redirect: 'manual'` returns the 3xx untouched. A redirect
 * to another origin is followed only as a GET/HEAD without body and without secret-bearing headers.
 */
export function createGuardedFetch(options: { policy: AddressPolicy; maxRedirects?: number; userAgent?: string; resolve?: Resolver }): GuardedFetch {
  const maxRedirects = options.maxRedirects ?? 3;
  const lookup = createGuardedLookup(options.policy, options.resolve);
  const agents = {
    'http:': new http.Agent({ keepAlive: true, lookup }),
    'https:': new https.Agent({ keepAlive: true, lookup }),
  };

  function requestOnce(hop: Hop): Promise<Response> {
    const protocol = hop.url.protocol;
    if (protocol !== 'http:' && protocol !== 'https:') {
      return Promise.reject(new OutboundError(`refused: only http and https URLs can be fetched, got ${protocol}`));
    }
    const host = hop.url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) {
      const reason = options.policy(host);
      if (reason) return Promise.reject(refusedAddress({ host, ip: host, reason }));
    }
    const headers: Record<string, string> = Object.fromEntries(hop.headers);
    headers['accept-encoding'] ??= 'gzip, deflate, br';
    if (options.userAgent) headers['user-agent'] ??= options.userAgent;
    if (hop.body) headers['content-length'] = String(hop.body.length);
    const client = protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const request = client.request(hop.url, { method: hop.method, headers, agent: agents[protocol], lookup, signal: hop.signal });
      request.once('response', (incoming) => {
        try {
          resolve(toResponse(hop, incoming));
        } catch (error) {
          incoming.destroy();
          reject(error);
        }
      });
      // `on`, not `once`: a socket error after the response must not become an uncaught exception.
      request.on('error', reject);
      request.end(hop.body);
    });
  }

  async function guardedFetch(input: string | URL, init: GuardedRequestInit = {}): Promise<Response> {
    const secretHeaders = new Set((init.secretHeaders ?? []).map((name) => name.toLowerCase()));
    const headers = new Headers(init.headers);
    const hop: Hop = {
      url: new URL(String(input)),
      method: (init.method ?? 'GET').toUpperCase(),
      headers,
      body: toBuffer(init.body, headers),
      signal: init.signal ?? undefined,
    };
    for (let redirects = 0; ; redirects += 1) {
      const response = await requestOnce(hop);
      const location = response.headers.get('location');
      if (!REDIRECT_STATUSES.has(response.status) || location === null || init.redirect === 'manual') return response;
      await response.body?.cancel();
      if (init.redirect === 'error') throw new OutboundError(`redirect to ${location} not allowed`);
      if (redirects >= maxRedirects) throw new OutboundError(`refused: more than ${maxRedirects} redirects`);
      const next = new URL(location, hop.url);
      const becomesGet = response.status === 303 || ((response.status === 301 || response.status === 302) && hop.method === 'POST');
      if (becomesGet) {
        hop.method = hop.method === 'HEAD' ? 'HEAD' : 'GET';
        hop.body = undefined;
        hop.headers.delete('content-type');
      }
      if (next.origin !== hop.url.origin) {
        // the method and body were meant for the first host: a POST replayed elsewhere would hand it the body
        if (hop.body !== undefined || (hop.method !== 'GET' && hop.method !== 'HEAD')) {
          throw new OutboundError(`refused: a ${response.status} redirect would send this ${hop.method} request and its body to another origin (${next.origin}); only same-origin redirects keep the method and body`);
        }
        for (const name of [...hop.headers.keys()]) if (!CROSS_ORIGIN_SAFE_HEADERS.has(name) || secretHeaders.has(name)) hop.headers.delete(name);
      }
      hop.url = next;
    }
  }

  return {
    fetch: guardedFetch,
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
