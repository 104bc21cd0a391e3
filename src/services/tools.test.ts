import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../domain/index.js';
import { openServiceFixture, type ServiceFixture } from '../../test/http/support/service-fixture.js';
import { SECRET_MASK, type ToolInput } from './tools.js';

const httpTool = (name: string, env: Record<string, string> = { API_KEY: 'k' }): ToolInput => ({
  name,
  description: 'd',
  kind: 'http',
  config: { url: 'https://api.example.com/x', method: 'GET', headers: { authorization: 'Bearer {{env.API_KEY}}' }, input_schema: { type: 'object' } },
  env,
  onStatus: true,
  companyId: null,
});

describe('tools service', () => {
  let f: ServiceFixture;
  beforeAll(async () => {
    f = await openServiceFixture();
  });
  afterAll(async () => f?.close());

  async function openEnv(toolId: string): Promise<Record<string, string>> {
    const sealed = await f.storage.tools.loadSealedEnv(toolId);
    return Object.fromEntries(Object.entries(sealed).map(([k, v]) => [k, f.secretBox.open(v)]));
  }

  it('seals every secret and reports only their names', async () => {
    const owner = await f.user();
    const tool = await f.services.tools.create(owner, httpTool('weather', { API_KEY: 'k1' }));
    expect(tool.envKeys).toEqual(['API_KEY']);
    expect(await openEnv(tool.toolId)).toEqual({ API_KEY: 'k1' });
  });

  it('applies PATCH env: a string sets, null deletes, the mask keeps', async () => {
    const owner = await f.user();
    const tool = await f.services.tools.create(owner, httpTool('patchy', { API_KEY: 'k1', OTHER: 'o1', GONE: 'g1' }));
    const updated = await f.services.tools.update(owner, tool.toolId, { env: { API_KEY: SECRET_MASK, OTHER: 'o2', GONE: null, NEW: 'n1' } });
    expect(updated.envKeys.sort()).toEqual(['API_KEY', 'NEW', 'OTHER']);
    expect(await openEnv(tool.toolId)).toEqual({ API_KEY: 'k1', OTHER: 'o2', NEW: 'n1' });
    await expect(f.services.tools.update(owner, tool.toolId, { env: { MISSING: SECRET_MASK } })).rejects.toThrow(InvalidInputError);
  });

  it('refuses the mask as a new value, bad names and configs the validator rejects', async () => {
    const owner = await f.user();
    await expect(f.services.tools.create(owner, httpTool('masked', { API_KEY: SECRET_MASK }))).rejects.toThrow(/not the mask/);
    await expect(f.services.tools.create(owner, httpTool('bad name'))).rejects.toThrow(InvalidInputError);
    await expect(f.services.tools.create(owner, { ...httpTool('cfg'), config: { url: 'ftp://x', method: 'GET' } })).rejects.toThrow(InvalidInputError);
    // the header refers to a secret that deleting would leave dangling
    const tool = await f.services.tools.create(owner, httpTool('dangling', { API_KEY: 'k' }));
    await expect(f.services.tools.update(owner, tool.toolId, { env: { API_KEY: null } })).rejects.toThrow(InvalidInputError);
  });

  it('keeps names unique per owner, whatever the case', async () => {
    const owner = await f.user();
    const other = await f.user();
    await f.services.tools.create(owner, httpTool('dup'));
    await expect(f.services.tools.create(owner, httpTool('DUP'))).rejects.toThrow(ConflictError);
    await f.services.tools.create(other, httpTool('dup'));
    const second = await f.services.tools.create(owner, httpTool('dup2'));
    await expect(f.services.tools.update(owner, second.toolId, { name: 'dup' })).rejects.toThrow(ConflictError);
  });

  it('follows the owner/company rules: guests see, staff edit, admins delete, outsiders get 404', async () => {
    const owner = await f.user();
    const admin = await f.user();
    const staff = await f.user();
    const guest = await f.user();
    const outsider = await f.user();
    const companyId = await f.company(owner, [
      [admin, 'admin'],
      [staff, 'staff'],
      [guest, 'guest'],
    ]);
    const tool = await f.services.tools.create(staff, { ...httpTool('shared'), companyId });
    expect((await f.services.tools.get(guest, tool.toolId)).name).toBe('shared');
    expect((await f.services.tools.list(guest, { companyId })).map((t) => t.toolId)).toContain(tool.toolId);
    await expect(f.services.tools.update(guest, tool.toolId, { description: 'x' })).rejects.toThrow(ForbiddenError);
    await expect(f.services.tools.get(outsider, tool.toolId)).rejects.toThrow(NotFoundError);
    expect((await f.services.tools.list(outsider)).map((t) => t.toolId)).not.toContain(tool.toolId);
    await expect(f.services.tools.create(guest, { ...httpTool('g'), companyId })).rejects.toThrow(ForbiddenError);
    const other = await f.user();
    await f.company(other, [[staff, 'guest']]);
    await expect(f.services.tools.remove(await f.user(), tool.toolId)).rejects.toThrow(NotFoundError);
    await f.services.tools.remove(admin, tool.toolId);
    await expect(f.services.tools.get(staff, tool.toolId)).rejects.toThrow(NotFoundError);
  });

  it('detaches a deleted tool from the agents that used it', async () => {
    const owner = await f.user();
    const tool = await f.services.tools.create(owner, httpTool('detach_me'));
    const view = await f.services.agents.create(owner, { agentName: 'a', description: '', agentStyle: '', onStatus: true, tools: [tool.toolId], companyId: null, shareEditorWith: [], shareVisitorWith: [] });
    await f.services.tools.remove(owner, tool.toolId);
    expect((await f.services.agents.get(owner, view.agent.agentId)).agent.tools).toEqual([]);
  });
});
