import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api.js';
import { serviceAvailable, testDatabaseUrl } from '../support/requirements.js';
import { createFreshDatabase } from './support/fresh-database.js';
import { createPerson, expectOk, joinCompany, type Person } from './support/people.js';
import { startServer, type HttpTestServer } from './support/server.js';

// SPEC §4, column by column. 'yes' = allowed; 403/404 = the status the caller must get.
const COLUMNS = ['owner', 'super_admin', 'admin', 'staff', 'guest', 'editor', 'visitor', 'anyone_else'] as const;
type Column = (typeof COLUMNS)[number];
type Outcome = 'yes' | 403 | 404;
type Row = 'see' | 'read_config' | 'update' | 'manage';

const TABLE: Record<Row, Record<Column, Outcome>> = {
  see: { owner: 'yes', super_admin: 'yes', admin: 'yes', staff: 'yes', guest: 'yes', editor: 'yes', visitor: 'yes', anyone_else: 404 },
  read_config: { owner: 'yes', super_admin: 'yes', admin: 'yes', staff: 'yes', guest: 'yes', editor: 'yes', visitor: 403, anyone_else: 404 },
  update: { owner: 'yes', super_admin: 'yes', admin: 'yes', staff: 'yes', guest: 403, editor: 'yes', visitor: 403, anyone_else: 404 },
  manage: { owner: 'yes', super_admin: 'yes', admin: 'yes', staff: 403, guest: 403, editor: 403, visitor: 403, anyone_else: 404 },
};
const ACCESS_LEVEL: Record<Column, string | null> = {
  owner: 'owner',
  super_admin: 'company',
  admin: 'company',
  staff: 'company',
  guest: 'company',
  editor: 'editor',
  visitor: 'visitor',
  anyone_else: null,
};

// Company boundaries (docs/decisions/0602): only an admin of the company moves its objects out; only editors
// pick another model for a run. A column the object is hidden from gets 404.
type BoundaryRow = 'move_agent_out' | 'move_tool_out' | 'override_model';
const BOUNDARY: Record<BoundaryRow, Record<Column, Outcome>> = {
  move_agent_out: { owner: 403, super_admin: 'yes', admin: 'yes', staff: 403, guest: 403, editor: 403, visitor: 403, anyone_else: 404 },
  move_tool_out: { owner: 403, super_admin: 'yes', admin: 'yes', staff: 403, guest: 403, editor: 404, visitor: 404, anyone_else: 404 },
  override_model: { owner: 'yes', super_admin: 'yes', admin: 'yes', staff: 'yes', guest: 403, editor: 'yes', visitor: 403, anyone_else: 404 },
};
const AGENT_MODEL = 'openai/gpt-4o-mini';

const describeOf = (outcome: Outcome) => (outcome === 'yes' ? 'may' : `gets ${outcome} when trying to`);

function defineMatrix(backend: string, database: () => Promise<{ url?: string; drop(): Promise<void> }>): void {
  describe(`SPEC §4 access to an agent over HTTP (${backend})`, () => {
    let server: HttpTestServer;
    let dropDatabase: () => Promise<void> = async () => undefined;
    const people = {} as Record<Column, Person>;
    let companyId: string;
    let sharedAgentId: string;

    async function createAgent(): Promise<string> {
      const created = await people.owner.api.post('/agents', {
        agent_name: 'Matrix agent',
        description: 'under test',
        agent_style: 'Be brief.',
        company_id: companyId,
        share_editor_with: [people.editor.email],
        share_visitor_with: [people.visitor.email.toUpperCase()],
      });
      return expectOk<{ agent_id: string }>(created, 201).agent_id;
    }

    beforeAll(async () => {
      const db = await database();
      dropDatabase = db.drop;
      // a second model the agents can default to; nothing listens there, the demo model answers overrides
      const env = { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' };
      server = await startServer(db.url ? { databaseUrl: db.url, env } : { env });
      const admin = apiClient(server.baseUrl, server.adminToken);
      for (const column of COLUMNS) people[column] = await createPerson(server.baseUrl, admin, column.replace('_', '-'));
      companyId = expectOk<{ company_id: string }>(await people.super_admin.api.post('/companies', { name: 'Matrix Inc' }), 201).company_id;
      const roles: Array<[Column, string]> = [['owner', 'staff'], ['admin', 'admin'], ['staff', 'staff'], ['guest', 'guest']];
      for (const [column, role] of roles) {
        await joinCompany(people.super_admin.api, companyId, people[column], role);
      }
      // "anyone else" belongs to another company
      expectOk(await people.anyone_else.api.post('/companies', { name: 'Other Ltd' }), 201);
      sharedAgentId = await createAgent();
    });

    afterAll(async () => {
      await server?.stop();
      await dropDatabase();
    });

    describe('see it in GET /agents and GET /agent-invoke/{id}/info', () => {
      it.each(COLUMNS)('%s', async (column) => {
        const outcome = TABLE.see[column];
        const list = expectOk<Array<{ agent_id: string; access_level: string }>>(await people[column].api.get('/agents'));
        const item = list.find((a) => a.agent_id === sharedAgentId);
        const info = await people[column].api.get(`/agent-invoke/${sharedAgentId}/info`);
        if (outcome === 'yes') {
          expect(item?.access_level, `${column} ${describeOf(outcome)} see it`).toBe(ACCESS_LEVEL[column]);
          expect(info.status).toBe(200);
          expect(info.body).toEqual({
            agent_id: sharedAgentId,
            agent_name: 'Matrix agent',
            description: expect.any(String),
            on_status: true,
            model_name: 'local/demo',
            access_level: ACCESS_LEVEL[column],
          });
        } else {
          expect(item).toBeUndefined();
          expect(info.status).toBe(outcome);
          expect(info.body.error.code).toBe('NOT_FOUND');
        }
      });
    });

    describe('read the full config with GET /agents/{id}', () => {
      it.each(COLUMNS)('%s', async (column) => {
        const outcome = TABLE.read_config[column];
        const response = await people[column].api.get(`/agents/${sharedAgentId}`);
        if (outcome === 'yes') {
          expect(response.status).toBe(200);
          expect(response.body.agent_style).toBe('Be brief.');
          expect(response.body.tool_details).toEqual([]);
        } else {
          expect(response.status).toBe(outcome);
          expect(response.body.error.code).toBe(outcome === 403 ? 'FORBIDDEN' : 'NOT_FOUND');
        }
      });
    });

    describe('update it with PATCH /agents/{id}', () => {
      it.each(COLUMNS)('%s', async (column) => {
        const outcome = TABLE.update[column];
        const description = `edited by ${column}`;
        const response = await people[column].api.patch(`/agents/${sharedAgentId}`, { description });
        const after = expectOk<{ description: string }>(await people.owner.api.get(`/agents/${sharedAgentId}`));
        if (outcome === 'yes') {
          expect(response.status).toBe(200);
          expect(after.description).toBe(description);
        } else {
          expect(response.status).toBe(outcome);
          expect(after.description).not.toBe(description);
        }
      });
    });

    describe('change its sharing with PATCH /agents/{id}', () => {
      it.each(COLUMNS)('%s', async (column) => {
        const outcome = TABLE.manage[column];
        const agentId = await createAgent();
        const wanted = [people.visitor.email, 'new-visitor@example.com'];
        const response = await people[column].api.patch(`/agents/${agentId}`, { share_visitor_with: wanted });
        const after = expectOk<{ share_visitor_with: string[] }>(await people.owner.api.get(`/agents/${agentId}`));
        if (outcome === 'yes') {
          expect(response.status).toBe(200);
          expect(after.share_visitor_with.sort()).toEqual([...wanted].sort());
        } else {
          expect(response.status).toBe(outcome);
          expect(after.share_visitor_with).toEqual([people.visitor.email]);
        }
      });
    });

    describe('delete it with DELETE /agents/{id}', () => {
      it.each(COLUMNS)('%s', async (column) => {
        const outcome = TABLE.manage[column];
        const agentId = await createAgent();
        const response = await people[column].api.delete(`/agents/${agentId}`);
        const after = await people.owner.api.get(`/agents/${agentId}`);
        if (outcome === 'yes') {
          expect(response.status).toBe(204);
          expect(after.status).toBe(404);
        } else {
          expect(response.status).toBe(outcome);
          expect(after.status).toBe(200);
        }
      });
    });

    describe('move it out of the company with PATCH /agents/{id} {"company_id": null}', () => {
      it.each(COLUMNS)('%s', async (column) => {
        const outcome = BOUNDARY.move_agent_out[column];
        const agentId = await createAgent();
        const response = await people[column].api.patch(`/agents/${agentId}`, { company_id: null });
        const after = expectOk<{ company_id: string | null }>(await people.owner.api.get(`/agents/${agentId}`));
        if (outcome === 'yes') {
          expect(response.status).toBe(200);
          expect(after.company_id).toBeNull();
        } else {
          expect(response.status).toBe(outcome);
          expect(after.company_id).toBe(companyId);
        }
      });
    });

    describe('move a company tool out with PATCH /tools/{id} {"company_id": null} (the owner column created it)', () => {
      it.each(COLUMNS)('%s', async (column) => {
        const outcome = BOUNDARY.move_tool_out[column];
        const created = await people.owner.api.post('/tools', { name: `tool_${column}`, kind: 'builtin', config: { builtin: 'calculator' }, env: { KEY: 'company-secret' }, company_id: companyId });
        const toolId = expectOk<{ tool_id: string }>(created, 201).tool_id;
        const response = await people[column].api.patch(`/tools/${toolId}`, { company_id: null });
        const after = expectOk<{ company_id: string | null; env: Record<string, string> }>(await people[outcome === 'yes' ? 'owner' : 'super_admin'].api.get(`/tools/${toolId}`));
        if (outcome === 'yes') {
          expect(response.status).toBe(200);
          expect(after).toMatchObject({ company_id: null });
          expect(after.env).toEqual({});
        } else {
          expect(response.status).toBe(outcome);
          expect(after).toMatchObject({ company_id: companyId, env: { KEY: '********' } });
        }
      });
    });

    describe('run it on another model with metadata.model_name', () => {
      it.each(COLUMNS)('%s', async (column) => {
        const outcome = BOUNDARY.override_model[column];
        const agentId = await createAgent();
        expectOk(await people.owner.api.patch(`/agents/${agentId}`, { model_name: AGENT_MODEL }));
        const body = { input: { messages: 'hi', context: '' }, config: { configurable: { thread_id: column } }, metadata: { model_name: 'local/demo' } };
        const response = await people[column].api.post(`/agent-invoke/${agentId}/invoke`, body);
        if (outcome === 'yes') {
          expect(response.status).toBe(200);
          expect(response.body.final_answer).toEqual(expect.any(String));
        } else {
          expect(response.status).toBe(outcome);
          if (outcome === 403) expect(response.body.error.message).toMatch(/model/);
        }
      });
    });

    it('ends every right of an owner removed from the company', async () => {
      const leaver = await createPerson(server.baseUrl, apiClient(server.baseUrl, server.adminToken), 'leaver');
      await joinCompany(people.super_admin.api, companyId, leaver, 'staff');
      const agentId = expectOk<{ agent_id: string }>(await leaver.api.post('/agents', { agent_name: 'Leaving', company_id: companyId }), 201).agent_id;
      expect((await people.super_admin.api.delete(`/companies/${companyId}/members/${leaver.userId}`)).status).toBe(204);
      expect((await leaver.api.get(`/agent-invoke/${agentId}/info`)).status).toBe(404);
      expect((await leaver.api.get(`/agents/${agentId}`)).status).toBe(404);
      expect((await leaver.api.patch(`/agents/${agentId}`, { description: 'mine' })).status).toBe(404);
      expect((await leaver.api.patch(`/agents/${agentId}`, { share_visitor_with: [leaver.email] })).status).toBe(404);
      expect((await leaver.api.delete(`/agents/${agentId}`)).status).toBe(404);
      expect((await people.guest.api.get(`/agents/${agentId}`)).status).toBe(200);
    });

    it('lists a company with ?company_id= only for its members', async () => {
      const members = expectOk<Array<{ agent_id: string }>>(await people.guest.api.get(`/agents?company_id=${companyId}`));
      expect(members.map((a) => a.agent_id)).toContain(sharedAgentId);
      const outsider = await people.anyone_else.api.get(`/agents?company_id=${companyId}`);
      expect(outsider.status).toBe(404);
      const editor = await people.editor.api.get(`/agents?company_id=${companyId}`);
      expect(editor.status).toBe(404);
    });

    it('shows a visitor the profile in GET /agents but not the style, tools or sharing', async () => {
      const list = expectOk<Array<Record<string, unknown>>>(await people.visitor.api.get('/agents'));
      const item = list.find((a) => a.agent_id === sharedAgentId)!;
      expect(item).toMatchObject({ agent_name: 'Matrix agent', access_level: 'visitor' });
      expect(item).not.toHaveProperty('agent_style');
      expect(item).not.toHaveProperty('tools');
      expect(item).not.toHaveProperty('share_editor_with');
    });

    it('keeps an agent without a company private to its owner and the people it is shared with', async () => {
      const created = await people.owner.api.post('/agents', { agent_name: 'Personal', share_visitor_with: [people.visitor.email] });
      const agentId = expectOk<{ agent_id: string }>(created, 201).agent_id;
      expect((await people.super_admin.api.get(`/agent-invoke/${agentId}/info`)).status).toBe(404);
      expect((await people.staff.api.get(`/agents/${agentId}`)).status).toBe(404);
      expect((await people.visitor.api.get(`/agent-invoke/${agentId}/info`)).body.access_level).toBe('visitor');
    });

    it('lets only super_admin, admin and staff create agents in the company', async () => {
      for (const column of ['super_admin', 'admin', 'staff'] as const) {
        expect((await people[column].api.post('/agents', { agent_name: 'x', company_id: companyId })).status).toBe(201);
      }
      expect((await people.guest.api.post('/agents', { agent_name: 'x', company_id: companyId })).status).toBe(403);
      expect((await people.editor.api.post('/agents', { agent_name: 'x', company_id: companyId })).status).toBe(404);
      expect((await people.anyone_else.api.post('/agents', { agent_name: 'x', company_id: companyId })).status).toBe(404);
    });
  });
}

defineMatrix('PGlite', async () => ({ drop: async () => undefined }));

const postgres = serviceAvailable('PostgreSQL access matrix', testDatabaseUrl !== undefined, 'set TEST_DATABASE_URL to run it on PostgreSQL');
if (postgres) defineMatrix('PostgreSQL', () => createFreshDatabase(testDatabaseUrl!));
