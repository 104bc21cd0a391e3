import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api.js';
import { expectOk, joinCompany } from './support/people.js';
import { startServer, type HttpTestServer } from './support/server.js';

interface Ids {
  agent: string;
  tool: string;
  company: string;
  member: string;
  token: string;
}

interface RouteCase {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: (ids: Ids) => string;
  /** A valid body, for routes that take one. */
  body?: Record<string, unknown>;
  public?: boolean;
  /** The path with a malformed and an unknown uuid, for routes with ids. */
  badIdPath?: (id: string) => string;
  /** Bodies (or query strings) that must be rejected with 400. */
  invalid?: Array<{ why: string; body?: unknown; path?: string }>;
}

const long = (n: number) => 'x'.repeat(n);
const uuids = (n: number) => Array.from({ length: n }, () => randomUUID());
const emails = (n: number) => Array.from({ length: n }, (_, i) => `p${i}@example.com`);

const ROUTES: RouteCase[] = [
  { method: 'GET', path: () => '/health', public: true },
  { method: 'GET', path: () => '/ready', public: true },
  { method: 'GET', path: () => '/get-llms', public: true },
  {
    method: 'POST',
    path: () => '/auth/login',
    public: true,
    body: { email: 'nobody@example.com', password: 'whatever-password' },
    invalid: [
      { why: 'an e-mail over 320 characters', body: { email: `${long(400)}@example.com`, password: 'p' } },
      { why: 'a number as e-mail', body: { email: 5, password: 'p' } },
      { why: 'a password over 1000 characters', body: { email: 'a@b.c', password: long(1001) } },
    ],
  },
  { method: 'POST', path: () => '/auth/logout' },
  { method: 'GET', path: () => '/me' },
  {
    method: 'POST',
    path: () => '/tokens',
    body: { name: 'ci' },
    invalid: [
      { why: 'a name over 200 characters', body: { name: long(201) } },
      { why: 'a string as expires_in_days', body: { name: 'a', expires_in_days: 'ten' } },
      { why: 'zero expires_in_days', body: { name: 'a', expires_in_days: 0 } },
    ],
  },
  { method: 'GET', path: () => '/tokens' },
  { method: 'DELETE', path: (ids) => `/tokens/${ids.token}`, badIdPath: (id) => `/tokens/${id}` },
  {
    method: 'POST',
    path: () => '/users',
    body: { email: `new-${randomUUID()}@example.com` },
    invalid: [
      { why: 'a malformed e-mail', body: { email: 'not an email' } },
      { why: 'a name over 200 characters', body: { email: 'x@y.z', name: long(201) } },
      { why: 'a short password', body: { email: 'x@y.z', password: 'short' } },
      { why: 'a string as is_admin', body: { email: 'x@y.z', is_admin: 'yes' } },
    ],
  },
  { method: 'GET', path: () => '/users' },
  {
    method: 'POST',
    path: () => '/companies',
    body: { name: 'Acme' },
    invalid: [
      { why: 'an empty name', body: { name: '' } },
      { why: 'a name over 200 characters', body: { name: long(201) } },
    ],
  },
  { method: 'GET', path: () => '/companies' },
  { method: 'GET', path: (ids) => `/companies/${ids.company}/members`, badIdPath: (id) => `/companies/${id}/members` },
  {
    method: 'POST',
    path: (ids) => `/companies/${ids.company}/members`,
    body: { email: 'admin@example.com', role: 'staff' },
    badIdPath: (id) => `/companies/${id}/members`,
    invalid: [
      { why: 'an unknown role', body: { email: 'admin@example.com', role: 'boss' } },
      { why: 'an array as e-mail', body: { email: ['a@b.c'], role: 'staff' } },
    ],
  },
  {
    method: 'PATCH',
    path: (ids) => `/companies/${ids.company}/members/${ids.member}`,
    body: { role: 'staff' },
    badIdPath: (id) => `/companies/${id}/members/${id}`,
    invalid: [{ why: 'an unknown role', body: { role: 'owner' } }],
  },
  {
    method: 'DELETE',
    path: (ids) => `/companies/${ids.company}/members/${ids.member}`,
    badIdPath: (id) => `/companies/${id}/members/${id}`,
  },
  {
    method: 'GET',
    path: () => '/agents',
    invalid: [{ why: 'a malformed company_id', path: '/agents?company_id=nope' }],
  },
  {
    method: 'POST',
    path: () => '/agents',
    body: { agent_name: 'Valid' },
    invalid: [
      { why: 'a name over 200 characters', body: { agent_name: long(201) } },
      { why: 'a style over 20000 characters', body: { agent_name: 'a', agent_style: long(20_001) } },
      { why: 'a malformed tool id', body: { agent_name: 'a', tools: ['nope'] } },
      { why: 'more than 100 tools', body: { agent_name: 'a', tools: uuids(101) } },
      { why: 'more than 1000 shared e-mails', body: { agent_name: 'a', share_editor_with: emails(1001) } },
      { why: 'an unknown model', body: { agent_name: 'a', model_name: 'nope/nope' } },
      { why: 'an unknown tool id', body: { agent_name: 'a', tools: [randomUUID()] } },
      { why: 'a string as on_status', body: { agent_name: 'a', on_status: 'on' } },
    ],
  },
  { method: 'GET', path: (ids) => `/agents/${ids.agent}`, badIdPath: (id) => `/agents/${id}` },
  {
    method: 'PATCH',
    path: (ids) => `/agents/${ids.agent}`,
    body: { description: 'ok' },
    badIdPath: (id) => `/agents/${id}`,
    invalid: [
      { why: 'a description over 2000 characters', body: { description: long(2001) } },
      { why: 'a number as agent_name', body: { agent_name: 7 } },
      { why: 'an unknown tool id', body: { tools: [randomUUID()] } },
    ],
  },
  { method: 'DELETE', path: (ids) => `/agents/${ids.agent}`, badIdPath: (id) => `/agents/${id}` },
  { method: 'GET', path: (ids) => `/agent-invoke/${ids.agent}/info`, badIdPath: (id) => `/agent-invoke/${id}/info` },
  { method: 'GET', path: () => '/tools', invalid: [{ why: 'a malformed company_id', path: '/tools?company_id=1' }] },
  {
    method: 'POST',
    path: () => '/tools',
    body: { name: `calc_${randomUUID().slice(0, 6)}`, kind: 'builtin', config: { builtin: 'calculator' } },
    invalid: [
      { why: 'a name with spaces', body: { name: 'bad name', kind: 'builtin', config: { builtin: 'calculator' } } },
      { why: 'an unknown kind', body: { name: 'ok', kind: 'python', config: {} } },
      { why: 'an invalid config', body: { name: 'ok', kind: 'builtin', config: { builtin: 'rm -rf' } } },
      { why: 'a secret over 10000 characters', body: { name: 'ok', kind: 'builtin', config: { builtin: 'calculator' }, env: { K: long(10_001) } } },
      { why: 'an array as config', body: { name: 'ok', kind: 'builtin', config: [] } },
    ],
  },
  { method: 'GET', path: (ids) => `/tools/${ids.tool}`, badIdPath: (id) => `/tools/${id}` },
  {
    method: 'PATCH',
    path: (ids) => `/tools/${ids.tool}`,
    body: { description: 'ok' },
    badIdPath: (id) => `/tools/${id}`,
    invalid: [
      { why: 'a null name', body: { name: null } },
      { why: 'a number as a secret', body: { env: { K: 5 } } },
    ],
  },
  { method: 'DELETE', path: (ids) => `/tools/${ids.tool}`, badIdPath: (id) => `/tools/${id}` },
];

interface Answer {
  status: number;
  body: any;
}

async function send(baseUrl: string, method: string, path: string, options: { token?: string; body?: string; contentType?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  // "never a hang": every answer must come within a few seconds
  const response = await fetch(baseUrl + path, { method, headers, body: options.body, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    // keep text
  }
  return { status: response.status, body };
}

function expectError(answer: Answer, status: number, label: string): void {
  expect(answer.status, `${label}: ${JSON.stringify(answer.body)?.slice(0, 300)}`).toBe(status);
  expect(answer.body, label).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
}

const label = (route: RouteCase) => `${route.method} ${route.path({ agent: '{id}', tool: '{id}', company: '{id}', member: '{user_id}', token: '{id}' })}`;

describe('bad input on every foundation route answers the right 4xx in the error envelope', () => {
  let server: HttpTestServer;
  let ids: Ids;
  let revokedToken: string;

  beforeAll(async () => {
    server = await startServer();
    const admin = apiClient(server.baseUrl, server.adminToken);
    const company = expectOk<{ company_id: string }>(await admin.post('/companies', { name: 'Bad input Inc' }), 201).company_id;
    const created = expectOk<{ user: { user_id: string; email: string }; token: string }>(await admin.post('/users', { email: 'member@example.com' }), 201);
    const member = created.user;
    await joinCompany(admin, company, { email: member.email, api: apiClient(server.baseUrl, created.token) }, 'guest');
    const agent = expectOk<{ agent_id: string }>(await admin.post('/agents', { agent_name: 'Target' }), 201).agent_id;
    const tool = expectOk<{ tool_id: string }>(await admin.post('/tools', { name: 'target', kind: 'builtin', config: { builtin: 'current_time' } }), 201).tool_id;
    const revoked = expectOk<{ token: string; api_token: { token_id: string } }>(await admin.post('/tokens', { name: 'to revoke' }), 201);
    expect((await admin.delete(`/tokens/${revoked.api_token.token_id}`)).status).toBe(204);
    revokedToken = revoked.token;
    const spare = expectOk<{ api_token: { token_id: string } }>(await admin.post('/tokens', { name: 'spare' }), 201);
    ids = { agent, tool, company, member: member.user_id, token: spare.api_token.token_id };
  });

  afterAll(async () => {
    await server?.stop();
  });

  describe.each(ROUTES.filter((r) => !r.public))('$method route', (route) => {
    it(`${label(route)} answers 401 without a token, with a revoked one and with a made-up one`, async () => {
      const body = route.body ? JSON.stringify(route.body) : undefined;
      expectError(await send(server.baseUrl, route.method, route.path(ids), { body }), 401, 'no token');
      expectError(await send(server.baseUrl, route.method, route.path(ids), { body, token: revokedToken }), 401, 'revoked token');
      expectError(await send(server.baseUrl, route.method, route.path(ids), { body, token: 'sb_a_madeup' }), 401, 'made-up token');
    });
  });

  describe.each(ROUTES.filter((r) => r.body))('$method route with a body', (route) => {
    it(`${label(route)} rejects malformed JSON, a non-object, a wrong content type and a body over 1 MiB`, async () => {
      const call = (body: string, contentType?: string) =>
        send(server.baseUrl, route.method, route.path(ids), { token: server.adminToken, body, ...(contentType ? { contentType } : {}) });
      expectError(await call('{"agent_name": '), 400, 'malformed JSON');
      expectError(await call('[1,2,3]'), 400, 'an array body');
      expectError(await call('"text"'), 400, 'a string body');
      expectError(await call('name=x', 'application/x-www-form-urlencoded'), 415, 'form body');
      expectError(await call(JSON.stringify({ ...route.body, padding: long(1024 * 1024 + 10) })), 413, 'oversize body');
    });
  });

  describe.each(ROUTES.filter((r) => r.invalid))('$method route with invalid values', (route) => {
    it.each(route.invalid!)(`${label(route)} rejects $why with 400`, async (bad) => {
      const answer = await send(server.baseUrl, route.method, bad.path ?? route.path(ids), {
        token: server.adminToken,
        ...(bad.body === undefined ? {} : { body: JSON.stringify(bad.body) }),
      });
      expectError(answer, 400, bad.why);
      expect(answer.body.error.code).toBe('BAD_REQUEST');
    });
  });

  describe.each(ROUTES.filter((r) => r.badIdPath))('$method route with ids', (route) => {
    it(`${label(route)} answers 400 for a malformed uuid and 404 for an unknown one`, async () => {
      const body = route.body ? JSON.stringify(route.body) : undefined;
      expectError(await send(server.baseUrl, route.method, route.badIdPath!('not-a-uuid'), { token: server.adminToken, body }), 400, 'malformed uuid');
      expectError(await send(server.baseUrl, route.method, route.badIdPath!(randomUUID()), { token: server.adminToken, body }), 404, 'unknown uuid');
    });
  });

  it('answers an unknown company_id filter with 404', async () => {
    expectError(await send(server.baseUrl, 'GET', `/agents?company_id=${randomUUID()}`, { token: server.adminToken }), 404, 'agents');
    expectError(await send(server.baseUrl, 'GET', `/tools?company_id=${randomUUID()}`, { token: server.adminToken }), 404, 'tools');
  });

  it('answers the public routes without a token', async () => {
    expect((await send(server.baseUrl, 'GET', '/health')).body).toEqual({ status: 'ok' });
    expect((await send(server.baseUrl, 'GET', '/ready')).body).toEqual({ status: 'ready' });
    const llms = await send(server.baseUrl, 'GET', '/get-llms');
    expect(llms.body.available_models).toContain('local/demo');
    expect(llms.body.default_model).toBe('local/demo');
    expectError(await send(server.baseUrl, 'POST', '/auth/login', { body: JSON.stringify({ email: 'admin@example.com', password: 'wrong-password' }) }), 401, 'wrong password');
  });

  it('never answered with a 500 and logged no failure', () => {
    expect(server.logs()).not.toMatch(/"statusCode":5\d\d/);
    expect(server.logs()).not.toContain('request failed');
  });
});
