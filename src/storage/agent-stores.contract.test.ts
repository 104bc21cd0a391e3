import { describe, expect, it } from 'vitest';
import { ConflictError, InvalidInputError } from '../domain/index.js';
import type { NewTool } from '../ports/index.js';
import type { StorageBundle } from './open-database.js';
import { sleep, unique, MISSING_ID, openStoresAround, storeFixtures, storeTargets } from './stores-test-support.js';

describe.each(storeTargets())('stores on $name: agents, tools', (target) => {
  let s: StorageBundle;
  openStoresAround(target, (opened) => (s = opened));
  const { newUser, newAgent, newTool } = storeFixtures(() => s);

  describe('agents', () => {
    it('creates, reads, updates and deletes an agent', async () => {
      const owner = await newUser();
      const agent = await newAgent(owner.userId, { shareEditorWith: ['Ed@Example.com'] });
      expect(agent).toMatchObject({ userId: owner.userId, onStatus: true, tools: [], shareEditorWith: ['Ed@Example.com'] });
      expect(await s.agents.findById(agent.agentId)).toEqual(agent);
      await sleep(5);
      const updated = await s.agents.update(agent.agentId, { agentName: 'Renamed', onStatus: false });
      expect(updated).toMatchObject({ agentName: 'Renamed', onStatus: false, agentStyle: 'be brief' });
      expect(updated!.updatedAt.getTime()).toBeGreaterThan(agent.updatedAt.getTime());
      expect(updated!.createdAt).toEqual(agent.createdAt);
      expect(await s.agents.delete(agent.agentId)).toBe(true);
      expect(await s.agents.delete(agent.agentId)).toBe(false);
      expect(await s.agents.findById(agent.agentId)).toBeNull();
      expect(await s.agents.update(agent.agentId, { agentName: 'x' })).toBeNull();
      expect(await s.agents.findById('x')).toBeNull();
    });

    it('lists what the owner, the company and shared e-mails may see, and nothing else', async () => {
      const owner = await newUser();
      const editor = await newUser(`Editor-${unique()}@Example.com`);
      const visitor = await newUser();
      const stranger = await newUser();
      const company = await s.companies.create({ name: 'Co', creatorUserId: owner.userId });
      const own = await newAgent(owner.userId);
      const ofCompany = await newAgent(owner.userId, { companyId: company.companyId });
      const shared = await newAgent(owner.userId, {
        shareEditorWith: [editor.email.toUpperCase()],
        shareVisitorWith: [visitor.email],
      });
      const ids = async (input: { userId: string; email: string; companyIds: string[] }) =>
        (await s.agents.listVisibleTo(input)).map((a) => a.agentId).sort();

      expect(await ids({ userId: owner.userId, email: owner.email, companyIds: [] })).toEqual(
        [own.agentId, ofCompany.agentId, shared.agentId].sort(),
      );
      expect(await ids({ userId: stranger.userId, email: stranger.email, companyIds: [company.companyId] })).toEqual([ofCompany.agentId]);
      expect(await ids({ userId: editor.userId, email: editor.email, companyIds: [] })).toEqual([shared.agentId]);
      expect(await ids({ userId: visitor.userId, email: visitor.email.toUpperCase(), companyIds: ['bad-id'] })).toEqual([shared.agentId]);
      expect(await ids({ userId: stranger.userId, email: stranger.email, companyIds: [] })).toEqual([]);
    });

    it('answers malformed or dangling references with product words, not SQL', async () => {
      const owner = await newUser();
      await expect(newAgent(owner.userId, { tools: ['not-a-uuid'] })).rejects.toThrow(/^A value is not valid$/);
      await expect(newAgent(owner.userId, { companyId: MISSING_ID })).rejects.toThrow(/^The company does not exist$/);
      await expect(newAgent(MISSING_ID)).rejects.toBeInstanceOf(InvalidInputError);
    });

    it('detaches a deleted tool from every agent', async () => {
      const owner = await newUser();
      const keep = await newTool(owner.userId);
      const gone = await newTool(owner.userId);
      const a = await newAgent(owner.userId, { tools: [keep.toolId, gone.toolId] });
      const b = await newAgent(owner.userId, { tools: [gone.toolId] });
      await s.agents.detachTool(gone.toolId);
      expect((await s.agents.findById(a.agentId))?.tools).toEqual([keep.toolId]);
      expect((await s.agents.findById(b.agentId))?.tools).toEqual([]);
    });
  });

  describe('tools', () => {
    const sealed = { API_KEY: { keyId: 'k1', sealed: 'c2VhbGVk' } };

    it('shows secret names only, and hands sealed values to loadSealedEnv', async () => {
      const owner = await newUser();
      const tool = await newTool(owner.userId, { env: sealed });
      expect(tool.envKeys).toEqual(['API_KEY']);
      expect(JSON.stringify(tool)).not.toContain('c2VhbGVk');
      expect(await s.tools.findById(tool.toolId)).toEqual(tool);
      expect(await s.tools.loadSealedEnv(tool.toolId)).toEqual(sealed);
      expect(await s.tools.loadSealedEnv(MISSING_ID)).toEqual({});
      expect(await s.tools.listAllSealedEnv()).toContainEqual({ toolId: tool.toolId, env: sealed });
      const [row] = await s.rawQuery(`select env from tools where tool_id = '${tool.toolId}'`);
      expect(row?.env).toEqual(sealed);
    });

    it('refuses plaintext secrets', async () => {
      const owner = await newUser();
      const plaintext = { API_KEY: 'sk-live' } as unknown as NewTool['env'];
      await expect(newTool(owner.userId, { env: plaintext })).rejects.toBeInstanceOf(InvalidInputError);
      const tool = await newTool(owner.userId);
      await expect(s.tools.update(tool.toolId, { env: plaintext })).rejects.toBeInstanceOf(InvalidInputError);
      await expect(s.tools.replaceSealedEnv(tool.toolId, plaintext)).rejects.toBeInstanceOf(InvalidInputError);
      // The database refuses them too, whoever writes.
      await expect(s.rawQuery(`update tools set env = '{"API_KEY": "sk-live"}' where tool_id = '${tool.toolId}'`)).rejects.toThrow();
    });

    it('keeps names unique per owner', async () => {
      const owner = await newUser();
      const other = await newUser();
      await newTool(owner.userId, { name: 'weather' });
      await expect(newTool(other.userId, { name: 'weather' })).resolves.toMatchObject({ name: 'weather' });
      const attempt = newTool(owner.userId, { name: 'weather' });
      await expect(attempt).rejects.toBeInstanceOf(ConflictError);
      await expect(attempt).rejects.toThrow(/^A tool with this name already exists$/);
      const renamed = await newTool(owner.userId, { name: 'forecast' });
      await expect(s.tools.update(renamed.toolId, { name: 'weather' })).rejects.toThrow(/^A tool with this name already exists$/);
    });

    it('finds tools by ids in the order asked, skipping unknown and malformed ids', async () => {
      const owner = await newUser();
      const a = await newTool(owner.userId);
      const b = await newTool(owner.userId);
      const found = await s.tools.findByIds([b.toolId, 'junk', MISSING_ID, a.toolId, b.toolId]);
      expect(found.map((t) => t.toolId)).toEqual([b.toolId, a.toolId]);
      expect(await s.tools.findByIds([])).toEqual([]);
    });

    it('lists tools of the owner and of the caller’s companies', async () => {
      const owner = await newUser();
      const colleague = await newUser();
      const company = await s.companies.create({ name: 'Tools Inc', creatorUserId: owner.userId });
      const mine = await newTool(owner.userId);
      const shared = await newTool(owner.userId, { companyId: company.companyId });
      const ids = async (input: { userId: string; companyIds: string[] }) => (await s.tools.listVisibleTo(input)).map((t) => t.toolId).sort();
      expect(await ids({ userId: owner.userId, companyIds: [] })).toEqual([mine.toolId, shared.toolId].sort());
      expect(await ids({ userId: colleague.userId, companyIds: [company.companyId] })).toEqual([shared.toolId]);
      expect(await ids({ userId: colleague.userId, companyIds: [] })).toEqual([]);
    });

    it('updates, replaces secrets and deletes', async () => {
      const owner = await newUser();
      const tool = await newTool(owner.userId, { env: sealed });
      const updated = await s.tools.update(tool.toolId, { description: 'new', onStatus: false, env: {} });
      expect(updated).toMatchObject({ description: 'new', onStatus: false, envKeys: [], kind: 'builtin' });
      const rotated = { B: { keyId: 'k2', sealed: 'eHl6' }, A: { keyId: 'k2', sealed: 'YWJj' } };
      await s.database.transaction((tx) => s.tools.replaceSealedEnv(tool.toolId, rotated, tx));
      expect(await s.tools.loadSealedEnv(tool.toolId)).toEqual(rotated);
      expect((await s.tools.findById(tool.toolId))?.envKeys).toEqual(['A', 'B']);
      expect(await s.tools.update('x', { description: 'y' })).toBeNull();
      expect(await s.tools.delete(tool.toolId)).toBe(true);
      expect(await s.tools.delete(tool.toolId)).toBe(false);
      expect(await s.tools.findById(tool.toolId)).toBeNull();
    });
  });
});
