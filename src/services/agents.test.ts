import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError, InvalidInputError, NotFoundError, type Actor } from '../domain/index.js';
import { openServiceFixture, type ServiceFixture } from '../../test/http/support/service-fixture.js';
import type { AgentInput } from './agents.js';

const agentInput = (extra: Partial<AgentInput> = {}): AgentInput => ({
  agentName: 'Agent',
  description: '',
  agentStyle: '',
  onStatus: true,
  tools: [],
  companyId: null,
  shareEditorWith: [],
  shareVisitorWith: [],
  ...extra,
});

describe('agents service', () => {
  let f: ServiceFixture;
  beforeAll(async () => {
    f = await openServiceFixture();
  });
  afterAll(async () => f?.close());

  const builtin = (actor: Actor, name: string, companyId: string | null = null) =>
    f.services.tools.create(actor, { name, description: '', kind: 'builtin', config: { builtin: 'calculator' }, env: {}, onStatus: true, companyId });

  it('defaults the model and refuses unknown models', async () => {
    const owner = await f.user();
    expect((await f.services.agents.create(owner, agentInput())).agent.modelName).toBe('local/demo');
    await expect(f.services.agents.create(owner, agentInput({ modelName: 'nope/model' }))).rejects.toThrow(/Unknown model/);
    const view = await f.services.agents.create(owner, agentInput({ modelName: 'openai/gpt-4o-mini' }));
    await expect(f.services.agents.update(owner, view.agent.agentId, { modelName: 'x/y' })).rejects.toThrow(InvalidInputError);
  });

  it("attaches only tools the caller can see that fit the agent: its company's, or the owner's personal ones (0602)", async () => {
    const owner = await f.user();
    const colleague = await f.user();
    const stranger = await f.user();
    const companyId = await f.company(owner, [[colleague, 'staff']]);
    const otherCompany = await f.company(owner);
    const own = await builtin(owner, 'mine');
    const companyTool = await builtin(colleague, 'company_tool', companyId);
    const colleaguePersonal = await builtin(colleague, 'elsewhere', null);
    const strangerTool = await builtin(stranger, 'secret_tool');
    const crossTool = await builtin(owner, 'cross', otherCompany);

    const agent = await f.services.agents.create(owner, agentInput({ companyId, tools: [companyTool.toolId] }));
    expect(agent.agent.tools).toEqual([companyTool.toolId]);
    expect((await f.services.agents.create(owner, agentInput({ tools: [own.toolId] }))).agent.tools).toEqual([own.toolId]);
    const rejected = await f.services.agents.create(owner, agentInput({ companyId, tools: [strangerTool.toolId] })).catch((e: unknown) => e);
    expect(rejected).toBeInstanceOf(InvalidInputError);
    expect((rejected as Error).message).toContain(strangerTool.toolId);
    await expect(f.services.agents.create(owner, agentInput({ companyId, tools: [own.toolId] }))).rejects.toThrow(/company's tools/);
    await expect(f.services.agents.create(owner, agentInput({ tools: [companyTool.toolId] }))).rejects.toThrow(/personal tools/);
    await expect(f.services.agents.create(owner, agentInput({ companyId, tools: [colleaguePersonal.toolId] }))).rejects.toThrow(InvalidInputError);
    // visible (owner is super_admin of the other company) but not of this agent's company
    const colleagueAgent = await f.services.agents.create(colleague, agentInput({ companyId }));
    await expect(f.services.agents.update(owner, colleagueAgent.agent.agentId, { tools: [crossTool.toolId] })).rejects.toThrow(/company's tools/);
  });

  it('refuses two attached tools with the same name', async () => {
    const owner = await f.user();
    const colleague = await f.user();
    const companyId = await f.company(owner, [[colleague, 'staff']]);
    const a = await builtin(owner, 'same', companyId);
    const b = await builtin(colleague, 'same', companyId);
    await expect(f.services.agents.create(owner, agentInput({ companyId, tools: [a.toolId, b.toolId] }))).rejects.toThrow(/named "same"/);
  });

  it('lets an editor keep tools attached by the owner that the editor cannot see', async () => {
    const owner = await f.user();
    const editor = await f.user();
    const privateTool = await builtin(owner, 'private_one');
    const view = await f.services.agents.create(owner, agentInput({ tools: [privateTool.toolId], shareEditorWith: [editor.email.toUpperCase()] }));
    expect(view.agent.shareEditorWith).toEqual([editor.email]);
    const edited = await f.services.agents.update(editor, view.agent.agentId, { tools: [privateTool.toolId], description: 'edited' });
    expect(edited).toMatchObject({ relation: 'editor', accessLevel: 'editor' });
    // sending the sharing back unchanged needs no manage right
    await f.services.agents.update(editor, view.agent.agentId, { shareEditorWith: [editor.email] });
    await expect(f.services.agents.update(editor, view.agent.agentId, { shareEditorWith: [] })).rejects.toThrow(ForbiddenError);
  });

  it('filters by company for members and platform admins, 404 for others', async () => {
    const owner = await f.user();
    const platformAdmin = await f.user({ isAdmin: true });
    const companyId = await f.company(owner);
    const view = await f.services.agents.create(owner, agentInput({ companyId }));
    await f.services.agents.create(owner, agentInput());
    expect((await f.services.agents.list(owner, { companyId })).map((v) => v.agent.agentId)).toEqual([view.agent.agentId]);
    expect((await f.services.agents.list(platformAdmin, { companyId })).map((v) => v.accessLevel)).toEqual(['company']);
    await expect(f.services.agents.list(await f.user(), { companyId })).rejects.toThrow(NotFoundError);
  });

  it('moves an agent between companies only for managers who may build in the target', async () => {
    const owner = await f.user();
    const staff = await f.user();
    const from = await f.company(owner, [[staff, 'staff']]);
    const to = await f.company(owner, [[staff, 'guest']]);
    const view = await f.services.agents.create(staff, agentInput({ companyId: from }));
    const byOwnerOfCompany = await f.services.agents.create(owner, agentInput({ companyId: from }));
    await expect(f.services.agents.update(staff, byOwnerOfCompany.agent.agentId, { companyId: to })).rejects.toThrow(ForbiddenError);
    await expect(f.services.agents.update(staff, view.agent.agentId, { companyId: to })).rejects.toThrow(ForbiddenError);
    expect((await f.services.agents.update(owner, view.agent.agentId, { companyId: to })).agent.companyId).toBe(to);
  });

  it('returns tool_details for readers and the info profile for visitors', async () => {
    const owner = await f.user();
    const visitor = await f.user();
    const tool = await builtin(owner, 'detail_tool');
    const view = await f.services.agents.create(owner, agentInput({ tools: [tool.toolId], shareVisitorWith: [visitor.email] }));
    expect((await f.services.agents.get(owner, view.agent.agentId)).toolDetails.map((t) => t.name)).toEqual(['detail_tool']);
    await expect(f.services.agents.get(visitor, view.agent.agentId)).rejects.toThrow(ForbiddenError);
    expect((await f.services.agents.info(visitor, view.agent.agentId)).accessLevel).toBe('visitor');
    const { relation } = await f.services.agents.access.loadAgentFor(visitor, view.agent.agentId, 'invoke');
    expect(relation).toBe('visitor');
  });
});
