import { randomUUID } from 'node:crypto';
import { apiClient, type ApiClient } from '../../support/api.js';

export interface Person {
  userId: string;
  email: string;
  token: string;
  api: ApiClient;
}

/** Creates a user through POST /users (as the admin) and returns a client signed in as them. */
export async function createPerson(baseUrl: string, admin: ApiClient, label: string): Promise<Person> {
  const email = `${label}-${randomUUID().slice(0, 8)}@example.com`;
  const response = await admin.post('/users', { email, name: label });
  if (response.status !== 201) throw new Error(`POST /users answered ${response.status}: ${JSON.stringify(response.body)}`);
  const { user, token } = response.body as { user: { user_id: string; email: string }; token: string };
  return { userId: user.user_id, email: user.email, token, api: apiClient(baseUrl, token) };
}

export function expectOk<T = any>(response: { status: number; body: unknown }, status = 200): T {
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as T;
}

/**
 * Makes `person` a member of the company the way users do it: a company admin invites their e-mail
 * (POST /companies/{id}/members answers 202) and they accept it (POST /me/invitations/{id}/accept).
 */
export async function joinCompany(inviter: ApiClient, companyId: string, person: Pick<Person, 'email' | 'api'>, role: string): Promise<void> {
  const invited = expectOk<{ invitation: { invitation_id: string } }>(await inviter.post(`/companies/${companyId}/members`, { email: person.email, role }), 202);
  expectOk(await person.api.post(`/me/invitations/${invited.invitation.invitation_id}/accept`), 200);
}
