import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api.js';
import { createPerson, expectOk, joinCompany, type Person } from './support/people.js';
import { startServer, type HttpTestServer } from './support/server.js';

// Issue 16 item 6 and docs/decisions/0603: members join by invitation; the inviter never learns whether an
// address has an account.
interface InvitationWire {
  invitation_id: string;
  company_id: string;
  email: string;
  role: string;
  status: string;
  created_at: string;
}

describe('joining a company by invitation', () => {
  let server: HttpTestServer;
  let admin: ApiClient;
  let founder: Person;
  let companyAdmin: Person;
  let staff: Person;
  let outsider: Person;
  let companyId: string;

  const invite = async (by: Person, email: string, role = 'staff') => by.api.post(`/companies/${companyId}/members`, { email, role });
  const inviteOk = async (by: Person, email: string, role = 'staff') => expectOk<{ invitation: InvitationWire }>(await invite(by, email, role), 202).invitation;
  const mine = async (who: Person) => expectOk<{ invitations: Array<Record<string, unknown>> }>(await who.api.get('/me/invitations')).invitations;
  const pending = async () => expectOk<{ invitations: InvitationWire[] }>(await founder.api.get(`/companies/${companyId}/invitations`)).invitations;

  beforeAll(async () => {
    server = await startServer();
    admin = apiClient(server.baseUrl, server.adminToken);
    founder = await createPerson(server.baseUrl, admin, 'founder');
    companyAdmin = await createPerson(server.baseUrl, admin, 'company-admin');
    staff = await createPerson(server.baseUrl, admin, 'staff');
    outsider = await createPerson(server.baseUrl, admin, 'outsider');
    companyId = expectOk<{ company_id: string }>(await founder.api.post('/companies', { name: 'Invite Inc' }), 201).company_id;
    await joinCompany(founder.api, companyId, companyAdmin, 'admin');
    await joinCompany(founder.api, companyId, staff, 'staff');
  });

  afterAll(async () => server?.stop());

  it('answers 202 with the same shape whether or not the address has an account', async () => {
    const existing = await createPerson(server.baseUrl, admin, 'existing');
    const withAccount = await invite(companyAdmin, existing.email.toUpperCase(), 'guest');
    const withoutAccount = await invite(companyAdmin, `nobody-${randomUUID().slice(0, 8)}@example.com`, 'guest');
    for (const answer of [withAccount, withoutAccount]) {
      expect(answer.status).toBe(202);
      expect(Object.keys(answer.body)).toEqual(['invitation']);
      expect(Object.keys(answer.body.invitation).sort()).toEqual(['company_id', 'created_at', 'email', 'invitation_id', 'role', 'status']);
      expect(answer.body.invitation).toMatchObject({ company_id: companyId, role: 'guest', status: 'pending' });
    }
    expect(withAccount.body.invitation.email).toBe(existing.email.toLowerCase());
    expect(Object.keys(Object.fromEntries(withAccount.headers))).toEqual(Object.keys(Object.fromEntries(withoutAccount.headers)));
  });

  it('keeps one pending invitation per address (inviting again changes its role) and answers 202 for a member too', async () => {
    const invitee = await createPerson(server.baseUrl, admin, 'twice');
    const first = await inviteOk(founder, invitee.email, 'guest');
    const second = await inviteOk(companyAdmin, invitee.email.toUpperCase(), 'staff');
    expect(second.invitation_id).toBe(first.invitation_id);
    expect((await pending()).filter((i) => i.email === invitee.email)).toEqual([expect.objectContaining({ role: 'staff' })]);

    const member = await inviteOk(founder, staff.email, 'guest');
    expect(member.status).toBe('pending');
    expectOk(await staff.api.post(`/me/invitations/${member.invitation_id}/accept`));
    const members = expectOk<Array<{ email: string; role: string }>>(await founder.api.get(`/companies/${companyId}/members`));
    expect(members.filter((m) => m.email === staff.email)).toEqual([expect.objectContaining({ role: 'staff' })]);
  });

  it('lets only company admins invite, list and revoke invitations', async () => {
    const target = `target-${randomUUID().slice(0, 8)}@example.com`;
    expect((await invite(staff, target)).status).toBe(403);
    expect((await invite(outsider, target)).status).toBe(404);
    expect((await staff.api.get(`/companies/${companyId}/invitations`)).status).toBe(403);
    expect((await outsider.api.get(`/companies/${companyId}/invitations`)).status).toBe(404);
    expect((await invite(companyAdmin, target, 'super_admin')).status).toBe(403);
    const invitation = await inviteOk(companyAdmin, target);
    expect((await staff.api.delete(`/companies/${companyId}/invitations/${invitation.invitation_id}`)).status).toBe(403);
    expect((await outsider.api.delete(`/companies/${companyId}/invitations/${invitation.invitation_id}`)).status).toBe(404);
    expect((await companyAdmin.api.delete(`/companies/${companyId}/invitations/${invitation.invitation_id}`)).status).toBe(204);
    expect((await companyAdmin.api.delete(`/companies/${companyId}/invitations/${invitation.invitation_id}`)).status).toBe(404);
    expect((await pending()).map((i) => i.invitation_id)).not.toContain(invitation.invitation_id);
  });

  it('shows the invitee their pending invitations and joins them with the invited role on accept', async () => {
    const invitee = await createPerson(server.baseUrl, admin, 'invitee');
    const invitation = await inviteOk(founder, invitee.email.toUpperCase(), 'admin');
    expect(await mine(invitee)).toEqual([
      { invitation_id: invitation.invitation_id, company_id: companyId, company_name: 'Invite Inc', role: 'admin', created_at: invitation.created_at },
    ]);
    expect((await invitee.api.get(`/companies/${companyId}/members`)).status).toBe(404);
    const accepted = expectOk<{ company: Record<string, unknown> }>(await invitee.api.post(`/me/invitations/${invitation.invitation_id}/accept`));
    const listed = expectOk<Array<Record<string, unknown>>>(await invitee.api.get('/companies'));
    expect(accepted.company).toEqual(listed.find((c) => c.company_id === companyId));
    expect(accepted.company).toMatchObject({ company_id: companyId, name: 'Invite Inc', role: 'admin' });
    expect(await mine(invitee)).toEqual([]);
    expect((await invitee.api.post(`/me/invitations/${invitation.invitation_id}/accept`)).status).toBe(404);
    expect((await pending()).map((i) => i.invitation_id)).not.toContain(invitation.invitation_id);
  });

  it("answers 404 for someone else's invitation and ends a declined or revoked one", async () => {
    const invitee = await createPerson(server.baseUrl, admin, 'decliner');
    const declined = await inviteOk(founder, invitee.email);
    expect(await mine(outsider)).toEqual([]);
    expect((await outsider.api.post(`/me/invitations/${declined.invitation_id}/accept`)).status).toBe(404);
    expect((await outsider.api.post(`/me/invitations/${declined.invitation_id}/decline`)).status).toBe(404);
    expect((await invitee.api.post(`/me/invitations/${declined.invitation_id}/decline`)).status).toBe(204);
    expect((await invitee.api.post(`/me/invitations/${declined.invitation_id}/accept`)).status).toBe(404);

    const revoked = await inviteOk(founder, invitee.email);
    expect(revoked.invitation_id).not.toBe(declined.invitation_id);
    expect((await founder.api.delete(`/companies/${companyId}/invitations/${revoked.invitation_id}`)).status).toBe(204);
    expect(await mine(invitee)).toEqual([]);
    expect((await invitee.api.post(`/me/invitations/${revoked.invitation_id}/accept`)).status).toBe(404);
    expect((await invitee.api.get(`/companies/${companyId}/members`)).status).toBe(404);
  });

  it('keeps an invitation for an address until someone signs up with it', async () => {
    const email = `later-${randomUUID().slice(0, 8)}@example.com`;
    const invitation = await inviteOk(companyAdmin, email, 'guest');
    const created = expectOk<{ token: string }>(await admin.post('/users', { email: email.toUpperCase(), name: 'Later' }), 201);
    const later = apiClient(server.baseUrl, created.token);
    expect(expectOk<{ invitations: Array<{ invitation_id: string }> }>(await later.get('/me/invitations')).invitations.map((i) => i.invitation_id)).toEqual([invitation.invitation_id]);
    expect(expectOk<{ company: { role: string } }>(await later.post(`/me/invitations/${invitation.invitation_id}/accept`)).company.role).toBe('guest');
  });

  it('documents every invitation route in /openapi.json', async () => {
    const paths = ((await (await fetch(`${server.baseUrl}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> }).paths;
    expect(Object.keys(paths['/companies/{id}/members']!)).toContain('post');
    expect(Object.keys(paths['/companies/{id}/invitations']!)).toEqual(['get']);
    expect(Object.keys(paths['/companies/{id}/invitations/{invitation_id}']!)).toEqual(['delete']);
    expect(Object.keys(paths['/me/invitations']!)).toEqual(['get']);
    expect(paths['/me/invitations/{invitation_id}/accept']).toHaveProperty('post');
    expect(paths['/me/invitations/{invitation_id}/decline']).toHaveProperty('post');
  });

  it('answers bad input with 400 and unknown ids with 404', async () => {
    expect((await founder.api.post(`/companies/${companyId}/members`, { email: 'not-an-address', role: 'staff' })).status).toBe(400);
    expect((await founder.api.post(`/companies/${companyId}/members`, { email: 'a@b.c', role: 'owner' })).status).toBe(400);
    expect((await founder.api.post('/me/invitations/nope/accept')).status).toBe(400);
    expect((await founder.api.delete(`/companies/${companyId}/invitations/nope`)).status).toBe(400);
    expect((await founder.api.post(`/me/invitations/${randomUUID()}/decline`)).status).toBe(404);
    expect((await founder.api.delete(`/companies/${randomUUID()}/invitations/${randomUUID()}`)).status).toBe(404);
    expect((await apiClient(server.baseUrl).get('/me/invitations')).status).toBe(401);
  });

  it('never answered with a 5xx', () => {
    expect(server.logs()).not.toMatch(/"statusCode":5\d\d/);
  });
});
