import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../test/fakes/tools/local-http-server.js';
import { allowAllAddresses, blockNonPublicAddresses, type AddressPolicy } from './address-policy.js';
import { createGuardedFetch } from './guarded-fetch.js';

/** 127.0.0.1 stands in for the public internet, so redirects from it to private places can be tested. */
const loopbackIsPublic: AddressPolicy = (ip) => (ip === '127.0.0.1' ? null : blockNonPublicAddresses(ip));

let server: LocalServer;
beforeAll(async () => {
  server = await startLocalServer((req, res, body) => {
    const url = new URL(req.url!, 'http://x');
    if (url.pathname === '/hello') return void res.end('hello');
    if (url.pathname === '/redirect') {
      res.writeHead(Number(url.searchParams.get('status') ?? 302), { location: url.searchParams.get('to')! });
      return void res.end();
    }
    if (url.pathname === '/chain') {
      const n = Number(url.searchParams.get('n'));
      res.writeHead(302, { location: n > 0 ? `/chain?n=${n - 1}` : '/hello' });
      return void res.end();
    }
    if (url.pathname === '/echo') {
      res.setHeader('content-type', 'application/json');
      return void res.end(JSON.stringify({ method: req.method, headers: req.headers, body }));
    }
    if (url.pathname === '/gzip') {
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'text/plain' });
      return void res.end(gzipSync('compressed text'));
    }
    if (url.pathname === '/hang') return; // never answers
    res.statusCode = 404;
    res.end('not found');
  });
});
afterAll(() => server.close());

describe('createGuardedFetch with the default policy', () => {
  const { fetch } = createGuardedFetch({ policy: blockNonPublicAddresses });

  it.each([
    ['http://127.0.0.1/', 'refused: 127.0.0.1 is a loopback address; set ALLOW_PRIVATE_TOOL_URLS=true to allow private addresses'],
    ['http://[::1]/', 'refused: ::1 is a loopback address'],
    ['http://10.0.0.1/', 'refused: 10.0.0.1 is a private address'],
    ['http://169.254.169.254/latest/meta-data/', 'refused: 169.254.169.254 is a link-local address'],
    ['http://[::ffff:127.0.0.1]/', 'refused: ::ffff:7f00:1 is a loopback address'],
    ['http://2130706433/', 'refused: 127.0.0.1 is a loopback address'],
  ])('refuses %s before connecting', async (url, message) => {
    await expect(fetch(url)).rejects.toThrow(message);
  });

  it('refuses a host name that resolves to loopback after resolving it', async () => {
    await expect(fetch(`http://localhost:${server.port}/hello`)).rejects.toThrow(/^refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
    expect(server.requests.some((r) => r.url === '/hello' && r.headers.host === `localhost:${server.port}`)).toBe(false);
  });

  it('refuses schemes other than http and https', async () => {
    await expect(fetch('file:///etc/passwd')).rejects.toThrow(/only http and https/);
  });
});

describe('createGuardedFetch redirects', () => {
  const { fetch } = createGuardedFetch({ policy: loopbackIsPublic, resolve: (_host, cb) => cb(null, [{ address: '10.1.2.3', family: 4 }]) });
  const redirectTo = (to: string, status = 302) => `${server.origin}/redirect?status=${status}&to=${encodeURIComponent(to)}`;

  it.each([
    ['http://127.0.0.2/', 'refused: 127.0.0.2 is a loopback address'],
    ['http://[::1]:80/', 'refused: ::1 is a loopback address'],
    ['http://10.0.0.1/', 'refused: 10.0.0.1 is a private address'],
    ['http://169.254.169.254/', 'refused: 169.254.169.254 is a link-local address'],
    ['http://internal.example/', 'refused: internal.example resolves to 10.1.2.3, a private address'],
  ])('checks the target of every redirect (%s)', async (to, message) => {
    await expect(fetch(redirectTo(to))).rejects.toThrow(message);
  });

  it('follows three redirects and refuses a fourth', async () => {
    expect(await (await fetch(`${server.origin}/chain?n=2`)).text()).toBe('hello');
    await expect(fetch(`${server.origin}/chain?n=3`)).rejects.toThrow('refused: more than 3 redirects');
  });

  it('returns the redirect itself when asked to handle redirects manually', async () => {
    const response = await fetch(redirectTo('/hello'), { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/hello');
  });

  it('turns a POST into a GET on 303 and keeps it on 307', async () => {
    const seeOther = await fetch(redirectTo('/echo', 303), { method: 'POST', body: 'x', headers: { 'content-type': 'text/plain' } });
    expect(await seeOther.json()).toMatchObject({ method: 'GET', body: '' });
    const temporary = await fetch(redirectTo('/echo', 307), { method: 'POST', body: 'x' });
    expect(await temporary.json()).toMatchObject({ method: 'POST', body: 'x' });
  });
});

describe('createGuardedFetch with private addresses allowed', () => {
  const { fetch } = createGuardedFetch({ policy: allowAllAddresses, userAgent: 'Switchboard-test' });

  it('reaches local servers by address and by name', async () => {
    expect(await (await fetch(`${server.origin}/hello`)).text()).toBe('hello');
    expect(await (await fetch(`http://localhost:${server.port}/hello`)).text()).toBe('hello');
  });

  it('drops headers that may carry secrets when a redirect leaves the origin', async () => {
    const response = await fetch(`${server.origin}/redirect?to=${encodeURIComponent(`http://localhost:${server.port}/echo`)}`, {
      headers: { authorization: 'Bearer secret-token', 'x-api-key': 'k-123', accept: 'application/json' },
    });
    const { headers } = (await response.json()) as { headers: Record<string, string> };
    expect(headers.authorization).toBeUndefined();
    expect(headers['x-api-key']).toBeUndefined();
    expect(headers.accept).toBe('application/json');
    expect(headers['user-agent']).toBe('Switchboard-test');
  });

  it('decodes compressed bodies', async () => {
    const response = await fetch(`${server.origin}/gzip`);
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(await response.text()).toBe('compressed text');
  });

  it('stops a request that never answers when its signal aborts', async () => {
    const started = Date.now();
    await expect(fetch(`${server.origin}/hang`, { signal: AbortSignal.timeout(150) })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
