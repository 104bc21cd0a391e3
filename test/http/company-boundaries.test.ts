import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, invokeBody, type ApiClient } from '../support/api.js';
import { createPerson, expectOk, joinCompany, type Person } from './support/people.js';
import { startServer, type HttpTestServer } from './support/server.js';

// Issue 16 item 2 and docs/decisions/0602: company objects belong to the company; crossing its boundary
// needs an admin of the source company and leaves the company's tools and secrets behind.
const MASK = '********';
const OTHER_MODEL = 'openai/gpt-4o-mini';

describe('a company tool never leaves its company', () => {
  let server: HttpTestServer;
  let admin: ApiClient;
  const people = {} as Record<'superAdmin' | 'companyAdmin' | 'staff' | 'guest' | 'outsider', Person>;
  let acme: string;
  let beta: string;
  const secret = `sk-company-${randomBytes(12).toString('hex')}`;

  const httpTool = (name: string, companyId: string | null, url = 'https://api.example.com/v1/weather') => ({
    name,
    kind: 'http',
    config: { url, method: 'GET', headers: { authorization: 'Bearer {{env.API_KEY}}' }, input_schema: { type: 'object' } },
    env: { API_KEY: secret },
    company_id: companyId,
  });
  const createTool = async (who: Person, body: Record<string, unknown>) => expectOk<{ tool_id: string }>(await who.api.post('/tools', body), 201).tool_id;
  const createAgent = async (who: Person, body: Record<string, unknown>) =>
    expectOk<{ agent_id: string; tools: string[] }>(await who.api.post('/agents', { agent_name: 'Boundary agent', ...body }), 201).agent_id;
  const label = () => randomBytes(4).toString('hex');

  beforeAll(async () => {
    server = await startServer({ env: { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' } });
    admin = apiClient(server.baseUrl, server.adminToken);
    for (const key of ['superAdmin', 'companyAdmin', 'staff', 'guest', 'outsider'] as const) people[key] = await createPerson(server.baseUrl, admin, key.toLowerCase());
    acme = expectOk<{ company_id: string }>(await people.superAdmin.api.post('/companies', { name: 'Acme' }), 201).company_id;
    beta = expectOk<{ company_id: string }>(await people.superAdmin.api.post('/companies', { name: 'Beta' }), 201).company_id;
    await joinCompany(people.superAdmin.api, acme, people.companyAdmin, 'admin');
    await joinCompany(people.superAdmin.api, acme, people.staff, 'staff');
    await joinCompany(people.superAdmin.api, acme, people.guest, 'guest');
    await joinCompany(people.superAdmin.api, beta, people.staff, 'staff');
  });

  afterAll(async () => server?.stop());

  describe('moving an agent across the company boundary', () => {
    it('refuses a staff owner who moves their company agent out, keeping agent and tools where they were', async () => {
      const toolId = await createTool(people.staff, httpTool(`t_${label()}`, acme));
      const agentId = await createAgent(people.staff, { company_id: acme, tools: [toolId] });
      const moved = await people.staff.api.patch(`/agents/${agentId}`, { company_id: null });
      expect(moved.status).toBe(403);
      expect(moved.body.error.message).toMatch(/admin/i);
      expect((await people.staff.api.patch(`/agents/${agentId}`, { company_id: beta })).status).toBe(403);
      expect(expectOk(await people.staff.api.get(`/agents/${agentId}`))).toMatchObject({ company_id: acme, tools: [toolId] });
    });

    it("lets a company admin move an agent out, dropping the company's tools, so a later share reaches none of them", async () => {
      const toolId = await createTool(people.staff, httpTool(`t_${label()}`, acme));
      const agentId = await createAgent(people.staff, { company_id: acme, tools: [toolId] });
      const moved = expectOk<{ company_id: string | null; tools: string[] }>(await people.companyAdmin.api.patch(`/agents/${agentId}`, { company_id: null }));
      expect(moved).toMatchObject({ company_id: null, tools: [] });
      // the owner may still share the now personal agent, but it carries nothing of the company
      expectOk(await people.staff.api.patch(`/agents/${agentId}`, { share_editor_with: [people.outsider.email] }));
      expect(expectOk(await people.outsider.api.get(`/agents/${agentId}`))).toMatchObject({ tools: [], tool_details: [] });
      const sneaked = await people.outsider.api.patch(`/agents/${agentId}`, { tools: [toolId] });
      expect(sneaked.status).toBe(400);
    });

    it("drops the source company's tools when an agent moves to another company, and sending them back does not re-attach them", async () => {
      const toolId = await createTool(people.superAdmin, httpTool(`t_${label()}`, acme));
      const agentId = await createAgent(people.superAdmin, { company_id: acme, tools: [toolId] });
      const moved = expectOk<{ tools: string[] }>(await people.superAdmin.api.patch(`/agents/${agentId}`, { company_id: beta, tools: [toolId] }));
      expect(moved).toMatchObject({ company_id: beta, tools: [] });
    });

    it('drops personal tools when a personal agent moves into a company (a company agent has only company tools)', async () => {
      const personal = await createTool(people.staff, httpTool(`p_${label()}`, null));
      const agentId = await createAgent(people.staff, { tools: [personal] });
      expect(expectOk(await people.staff.api.patch(`/agents/${agentId}`, { company_id: acme }))).toMatchObject({ company_id: acme, tools: [] });
      const refused = await people.staff.api.post('/agents', { agent_name: 'x', company_id: acme, tools: [personal] });
      expect(refused.status).toBe(400);
      expect(refused.body.error.details?.tool_id ?? refused.body.error.message).toContain(personal);
    });
  });

  describe('removal from the company ends every right at once', () => {
    it('answers 404 to a removed member on the agents and tools they created there', async () => {
      const leaver = await createPerson(server.baseUrl, admin, 'leaver');
      await joinCompany(people.superAdmin.api, acme, leaver, 'staff');
      const toolId = await createTool(leaver, httpTool(`t_${label()}`, acme));
      const agentId = await createAgent(leaver, { company_id: acme, tools: [toolId] });
      expect((await people.superAdmin.api.delete(`/companies/${acme}/members/${leaver.userId}`)).status).toBe(204);

      expect((await leaver.api.get(`/agents/${agentId}`)).status).toBe(404);
      expect((await leaver.api.get(`/agent-invoke/${agentId}/info`)).status).toBe(404);
      expect((await leaver.api.patch(`/agents/${agentId}`, { company_id: null })).status).toBe(404);
      expect((await leaver.api.delete(`/agents/${agentId}`)).status).toBe(404);
      expect((await leaver.api.post(`/agent-invoke/${agentId}/invoke`, invokeBody('hi'))).status).toBe(404);
      expect((await leaver.api.get(`/tools/${toolId}`)).status).toBe(404);
      expect((await leaver.api.patch(`/tools/${toolId}`, { company_id: null })).status).toBe(404);
      expect((await leaver.api.patch(`/tools/${toolId}`, { config: httpTool('x', null, 'https://leaver.example.net/').config })).status).toBe(404);
      expect(expectOk<Array<{ agent_id: string }>>(await leaver.api.get('/agents')).map((a) => a.agent_id)).not.toContain(agentId);
      expect(expectOk<Array<{ tool_id: string }>>(await leaver.api.get('/tools')).map((t) => t.tool_id)).not.toContain(toolId);
      // the company keeps them
      expect(expectOk(await people.companyAdmin.api.get(`/agents/${agentId}`))).toMatchObject({ tools: [toolId] });
    });
  });

  describe('moving a tool across the company boundary', () => {
    it('refuses the creator (staff) who moves a company tool to personal, keeping its secret in the company', async () => {
      const toolId = await createTool(people.staff, httpTool(`t_${label()}`, acme));
      const moved = await people.staff.api.patch(`/tools/${toolId}`, { company_id: null });
      expect(moved.status).toBe(403);
      expect(expectOk(await people.staff.api.get(`/tools/${toolId}`))).toMatchObject({ company_id: acme, env: { API_KEY: MASK } });
    });

    it('lets a company admin move it out, which clears its secrets and detaches it from the company agents', async () => {
      const toolId = await createTool(people.staff, httpTool(`t_${label()}`, acme));
      const agentId = await createAgent(people.staff, { company_id: acme, tools: [toolId] });
      const moved = expectOk(await people.companyAdmin.api.patch(`/tools/${toolId}`, { company_id: null, env: { API_KEY: MASK } }));
      expect(moved).toMatchObject({ company_id: null });
      expect(moved.env).toEqual({});
      const [row] = await server.rawQuery(`select env from tools where tool_id = '${toolId}'`);
      expect(row!.env).toEqual({});
      expect(expectOk(await people.superAdmin.api.get(`/agents/${agentId}`))).toMatchObject({ tools: [] });
    });

    it("keeps a personal tool's secrets when its owner brings it into a company, detaching it from personal agents", async () => {
      const toolId = await createTool(people.staff, httpTool(`p_${label()}`, null));
      const agentId = await createAgent(people.staff, { tools: [toolId] });
      expect(expectOk(await people.staff.api.patch(`/tools/${toolId}`, { company_id: acme }))).toMatchObject({ company_id: acme, env: { API_KEY: MASK } });
      expect(expectOk(await people.staff.api.get(`/agents/${agentId}`))).toMatchObject({ tools: [] });
      expect((await people.guest.api.patch(`/tools/${await createTool(people.guest, httpTool(`g_${label()}`, null))}`, { company_id: acme })).status).toBe(403);
    });
  });

  describe('load_from_json drafts use only tools the stored agent could have', () => {
    const draftBody = (agentId: string, tools: string[]) => ({
      ...invokeBody('hello'),
      metadata: { load_from_json: true, reset_memory: false, agent_style: '' },
      agent_config: { agent_id: agentId, tools },
    });

    it("refuses a company tool on a guest's personal agent", async () => {
      const companyTool = await createTool(people.superAdmin, httpTool(`t_${label()}`, acme));
      const agentId = await createAgent(people.guest, {});
      const answer = await people.guest.api.post(`/agent-invoke/${agentId}/invoke`, draftBody(agentId, [companyTool]));
      expect(answer.status).toBe(400);
      expect(answer.body.error.message).toContain(companyTool);
    });

    it("refuses a company tool on a staff member's personal agent and a personal tool on a company agent", async () => {
      const companyTool = await createTool(people.superAdmin, httpTool(`t_${label()}`, acme));
      const personalTool = await createTool(people.staff, httpTool(`p_${label()}`, null));
      const personalAgent = await createAgent(people.staff, {});
      const companyAgent = await createAgent(people.staff, { company_id: acme });
      expect((await people.staff.api.post(`/agent-invoke/${personalAgent}/invoke`, draftBody(personalAgent, [companyTool]))).status).toBe(400);
      expect((await people.staff.api.post(`/agent-invoke/${companyAgent}/invoke`, draftBody(companyAgent, [personalTool]))).status).toBe(400);
      const fitting = await people.staff.api.post(`/agent-invoke/${companyAgent}/invoke`, draftBody(companyAgent, [companyTool]));
      expect(fitting.status).toBe(200);
    });
  });

  describe('a tool that does not fit its agent never runs', () => {
    it('skips a company tool found on a personal agent (written before these rules), while a fitting tool runs', async () => {
      const clock = (name: string, companyId: string | null) => ({ name, kind: 'builtin', config: { builtin: 'current_time' }, company_id: companyId });
      const [companyName, ownName] = [`acme_clock_${label()}`, `own_clock_${label()}`];
      const companyClock = await createTool(people.superAdmin, clock(companyName, acme));
      const ownClock = await createTool(people.staff, clock(ownName, null));
      const agentId = await createAgent(people.staff, { tools: [ownClock] });
      await server.rawQuery(`update agents set tools = array['${companyClock}', '${ownClock}']::uuid[] where agent_id = '${agentId}'`);
      const ask = async (name: string) => {
        const answer = expectOk<{ tool_calls: unknown[] }>(await people.staff.api.post(`/agent-invoke/${agentId}/invoke`, invokeBody(`please use ${name}`, { threadId: label() })));
        return JSON.stringify(answer.tool_calls);
      };
      expect(await ask(ownName)).toContain(ownName);
      expect(await ask(companyName)).not.toContain(companyName);
    });
  });

  describe('secrets go only to the origin their owner sent them to', () => {
    it('keeps secrets on a same-origin change and clears them when the http URL origin changes', async () => {
      const toolId = await createTool(people.superAdmin, httpTool(`t_${label()}`, acme));
      const samePlace = expectOk(await people.staff.api.patch(`/tools/${toolId}`, { config: httpTool('x', null, 'https://API.example.com/v2/other').config }));
      expect(samePlace).toMatchObject({ env: { API_KEY: MASK } });
      const elsewhere = expectOk(await people.staff.api.patch(`/tools/${toolId}`, { config: httpTool('x', null, 'https://attacker.example.net/v1/weather').config, env: { API_KEY: MASK } }));
      expect(elsewhere.env).toEqual({});
      const [row] = await server.rawQuery(`select env from tools where tool_id = '${toolId}'`);
      expect(row!.env).toEqual({});
    });

    it('treats a port or scheme change as another origin, and keeps secrets the same request sets again', async () => {
      const toolId = await createTool(people.superAdmin, httpTool(`t_${label()}`, acme));
      const otherPort = expectOk(await people.superAdmin.api.patch(`/tools/${toolId}`, { config: httpTool('x', null, 'https://api.example.com:8443/v1/weather').config }));
      expect(otherPort.env).toEqual({});
      const resent = expectOk(
        await people.superAdmin.api.patch(`/tools/${toolId}`, { config: httpTool('x', null, 'http://api.example.com/v1/weather').config, env: { API_KEY: 'fresh-value' } }),
      );
      expect(resent).toMatchObject({ env: { API_KEY: MASK } });
    });

    it('clears the secrets of an MCP tool whose server URL moves to another origin', async () => {
      const mcp = (url: string) => ({ url, transport: 'streamable-http', headers: { authorization: 'Bearer {{env.TOKEN}}' } });
      const toolId = await createTool(people.superAdmin, { name: `m_${label()}`, kind: 'mcp', config: mcp('https://mcp.example.com/mcp'), env: { TOKEN: secret }, company_id: acme });
      expect(expectOk(await people.staff.api.patch(`/tools/${toolId}`, { config: mcp('https://mcp.example.com/other') }))).toMatchObject({ env: { TOKEN: MASK } });
      expect(expectOk(await people.staff.api.patch(`/tools/${toolId}`, { config: mcp('https://evil.example.org/mcp') })).env).toEqual({});
    });
  });

  describe('only editors may run an agent on another model', () => {
    it('answers 403 to a visitor or company guest who overrides the model, and lets editors and the default through', async () => {
      const agentId = await createAgent(people.staff, { company_id: acme, share_visitor_with: [people.outsider.email] });
      const asked = (model: string) => invokeBody('hi', { model });
      const visitor = await people.outsider.api.post(`/agent-invoke/${agentId}/invoke`, asked(OTHER_MODEL));
      expect(visitor.status).toBe(403);
      expect(visitor.body.error.message).toMatch(/model/);
      expect((await people.guest.api.post(`/agent-invoke/${agentId}/invoke`, asked(OTHER_MODEL))).status).toBe(403);
      expect((await people.outsider.api.post(`/agent-invoke/${agentId}/invoke`, asked('local/demo'))).status).toBe(200);
      // an editor may; the run itself then fails upstream (nothing listens there), which is not a refusal
      expect((await people.staff.api.post(`/agent-invoke/${agentId}/invoke`, asked(OTHER_MODEL))).status).not.toBe(403);
    });
  });

  it('never answered with a 5xx', () => {
    expect(server.logs()).not.toMatch(/"statusCode":5\d\d/);
  });
});
