import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../test/fakes/tools/local-http-server.js';
import { allowAllAddresses } from './address-policy.js';
import { createGuardedFetch } from './guarded-fetch.js';

const SECRET = 'sk-redirect-secret-7f3a';

/** `first` redirects as told; `second` is another origin that records what reached it. */
let first: LocalServer;
let second: LocalServer;
const echo = (req: { method?: string; headers: unknown }, body: string) => JSON.stringify({ method: req.method, headers: req.headers, body });

beforeAll(async () => {
  const handler = (origin: () => string) => (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, body: string) => {
    const url = new URL(req.url!, origin());
    if (url.pathname === '/redirect') {
      res.writeHead(Number(url.searchParams.get('status')), { location: url.searchParams.get('to')! });
      return void res.end();
    }
    res.setHeader('content-type', 'application/json');
    res.end(echo(req, body));
  };
  first = await startLocalServer(handler(() => first.origin));
  second = await startLocalServer(handler(() => second.origin));
});
afterAll(async () => {
  await first.close();
  await second.close();
});

describe('redirects and secrets', () => {
  const { fetch } = createGuardedFetch({ policy: allowAllAddresses });
  const secretRequest = (method: string) => ({
    method,
    headers: { authorization: `Bearer ${SECRET}`, cookie: `session=${SECRET}`, 'x-api-key': SECRET, 'content-type': 'application/json' },
    ...(method === 'GET' || method === 'HEAD' ? {} : { body: JSON.stringify({ key: SECRET }) }),
  });
  const redirect = (status: number, to: string) => `${first.origin}/redirect?status=${status}&to=${encodeURIComponent(to)}`;
  const secondSaw = () => second.requests.map((r) => JSON.stringify(r)).join('\n');

  it.each([307, 308])('refuses a cross-origin %i redirect of a POST, and the other origin never sees the body', async (status) => {
    const before = second.requests.length;
    await expect(fetch(redirect(status, `${second.origin}/echo`), secretRequest('POST'))).rejects.toThrow(
      `refused: a ${status} redirect would send this POST request and its body to another origin (${second.origin})`,
    );
    expect(second.requests).toHaveLength(before);
  });

  it.each(['PUT', 'DELETE'])('refuses a cross-origin 302 redirect of a %s (the method would be kept)', async (method) => {
    const before = second.requests.length;
    await expect(fetch(redirect(302, `${second.origin}/echo`), secretRequest(method))).rejects.toThrow(/to another origin/);
    expect(second.requests).toHaveLength(before);
  });

  it.each([301, 302, 303, 307, 308])('follows a cross-origin %i redirect of a GET without Authorization, Cookie or secret headers', async (status) => {
    const response = await fetch(redirect(status, `${second.origin}/echo`), secretRequest('GET'));
    expect(await response.json()).toMatchObject({ method: 'GET', body: '' });
    expect(secondSaw()).not.toContain(SECRET);
  });

  it('drops a usually safe header (accept) on a cross-origin redirect when a secret filled it', async () => {
    const response = await fetch(redirect(302, `${second.origin}/echo`), { headers: { accept: `application/json; key=${SECRET}` }, secretHeaders: ['Accept'] });
    expect(((await response.json()) as { headers: Record<string, string> }).headers.accept).toBeUndefined();
    expect(secondSaw()).not.toContain(SECRET);
  });

  it('follows a 303 after a POST to another origin as a GET without the body', async () => {
    const response = await fetch(redirect(303, `${second.origin}/echo`), secretRequest('POST'));
    expect(await response.json()).toMatchObject({ method: 'GET', body: '' });
    expect(secondSaw()).not.toContain(SECRET);
  });

  it('does not send the userinfo of the first URL (Basic auth) to another origin', async () => {
    const withUserinfo = new URL(redirect(302, `${second.origin}/echo`));
    withUserinfo.username = 'user';
    withUserinfo.password = SECRET;
    await fetch(withUserinfo);
    expect(first.requests.at(-1)!.headers.authorization).toBe(`Basic ${Buffer.from(`user:${SECRET}`).toString('base64')}`);
    expect(second.requests.at(-1)!.headers.authorization).toBeUndefined();
  });

  it.each([307, 308])('keeps the method, body and headers on a same-origin %i redirect', async (status) => {
    const response = await fetch(redirect(status, '/echo'), secretRequest('POST'));
    const seen = (await response.json()) as { method: string; body: string; headers: Record<string, string> };
    expect(seen.method).toBe('POST');
    expect(JSON.parse(seen.body)).toEqual({ key: SECRET });
    expect(seen.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(seen.headers['x-api-key']).toBe(SECRET);
  });
});
