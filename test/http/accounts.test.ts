import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api.js';
import { createPerson, expectOk, joinCompany } from './support/people.js';
import { startServer, type HttpTestServer } from './support/server.js';

describe('accounts over HTTP: login, tokens, users and companies', () => {
  let server: HttpTestServer;
  let admin: ApiClient;
  beforeAll(async () => {
    server = await startServer();
    admin = apiClient(server.baseUrl, server.adminToken);
  });
  afterAll(async () => server?.stop());

  it('logs in with e-mail and password, answers /me, and logs out that session only', async () => {
    const anonymous = apiClient(server.baseUrl);
    const login = expectOk<{ token: string; user: Record<string, unknown> }>(
      await anonymous.post('/auth/login', { email: server.adminEmail.toUpperCase(), password: server.adminPassword }),
    );
    expect(Object.keys(login.user).sort()).toEqual(['created_at', 'email', 'is_admin', 'name', 'user_id']);
    const session = apiClient(server.baseUrl, login.token);
    const me = expectOk<{ user: { email: string; is_admin: boolean }; companies: Array<{ name: string; role: string }> }>(await session.get('/me'));
    expect(me.user).toMatchObject({ email: server.adminEmail, is_admin: true });
    expect(me.companies).toEqual([expect.objectContaining({ name: 'Demo company', role: 'super_admin' })]);
    expect((await session.post('/auth/logout')).status).toBe(204);
    expect((await session.get('/me')).status).toBe(401);
    expect((await admin.get('/me')).status).toBe(200);
  });

  it('issues, lists and revokes API tokens, showing the value only once', async () => {
    const created = expectOk<{ token: string; api_token: { token_id: string; prefix: string; expires_at: string | null } }>(
      await admin.post('/tokens', { name: 'ci', expires_in_days: 30 }),
      201,
    );
    expect(created.token.startsWith(created.api_token.prefix)).toBe(true);
    expect(Date.parse(created.api_token.expires_at!)).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const ci = apiClient(server.baseUrl, created.token);
    expect((await ci.get('/me')).status).toBe(200);
    const listed = expectOk<Array<Record<string, unknown>>>(await admin.get('/tokens'));
    expect(listed.map((t) => t.token_id)).toContain(created.api_token.token_id);
    expect(JSON.stringify(listed)).not.toContain(created.token);
    expect((await admin.delete(`/tokens/${created.api_token.token_id}`)).status).toBe(204);
    expect((await ci.get('/me')).status).toBe(401);
    expect(expectOk<Array<{ token_id: string }>>(await admin.get('/tokens')).map((t) => t.token_id)).not.toContain(created.api_token.token_id);
  });

  it('lets only platform admins create and list users, and refuses a duplicate e-mail', async () => {
    const person = await createPerson(server.baseUrl, admin, 'plain');
    expect((await person.api.post('/users', { email: 'x@example.com' })).status).toBe(403);
    expect((await person.api.get('/users')).status).toBe(403);
    const duplicate = await admin.post('/users', { email: person.email.toUpperCase() });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('CONFLICT');
    const users = expectOk<Array<Record<string, unknown>>>(await admin.get('/users'));
    expect(users.map((u) => u.email)).toContain(person.email);
    expect(JSON.stringify(users)).not.toMatch(/scrypt|password/i);
    const withPassword = await admin.post('/users', { email: 'pw@example.com', password: 'long-enough-password' });
    expect(withPassword.status).toBe(201);
    expect((await apiClient(server.baseUrl).post('/auth/login', { email: 'pw@example.com', password: 'long-enough-password' })).status).toBe(200);
  });

  it('runs a company: create, add, change and remove members with the right statuses', async () => {
    const founder = await createPerson(server.baseUrl, admin, 'founder');
    const member = await createPerson(server.baseUrl, admin, 'member');
    const company = expectOk<{ company_id: string; role: string }>(await founder.api.post('/companies', { name: 'Acme' }), 201);
    expect(company.role).toBe('super_admin');
    await joinCompany(founder.api, company.company_id, member, 'guest');
    expect(expectOk<Array<{ user_id: string; role: string }>>(await founder.api.get(`/companies/${company.company_id}/members`))).toContainEqual(
      expect.objectContaining({ user_id: member.userId, role: 'guest' }),
    );
    expect((await member.api.post(`/companies/${company.company_id}/members`, { email: founder.email, role: 'admin' })).status).toBe(403);
    expect(expectOk(await founder.api.patch(`/companies/${company.company_id}/members/${member.userId}`, { role: 'admin' }))).toMatchObject({ role: 'admin' });
    expect((await member.api.patch(`/companies/${company.company_id}/members/${founder.userId}`, { role: 'staff' })).status).toBe(403);
    expect((await founder.api.delete(`/companies/${company.company_id}/members/${founder.userId}`)).status).toBe(409);
    const members = expectOk<Array<{ email: string; role: string }>>(await member.api.get(`/companies/${company.company_id}/members`));
    expect(members.map((m) => m.role).sort()).toEqual(['admin', 'super_admin']);
    expect((await founder.api.delete(`/companies/${company.company_id}/members/${member.userId}`)).status).toBe(204);
    expect((await member.api.get(`/companies/${company.company_id}/members`)).status).toBe(404);
    expect(expectOk<Array<{ company_id: string }>>(await member.api.get('/companies'))).toEqual([]);
    expect(expectOk<Array<{ company_id: string }>>(await admin.get('/companies')).map((c) => c.company_id)).toContain(company.company_id);
  });

  it('documents every foundation route in /openapi.json', async () => {
    const spec = await fetch(`${server.baseUrl}/openapi.json`);
    expect(spec.status).toBe(200);
    const paths = Object.keys(((await spec.json()) as { paths: Record<string, unknown> }).paths);
    for (const path of ['/agents', '/agents/{id}', '/tools/{id}', '/companies/{id}/members/{user_id}', '/get-llms', '/auth/login']) {
      expect(paths).toContain(path);
    }
  });
});
