import { describe, expect, it } from 'vitest';
import type { Agent } from '../../domain/index.js';
import { namedAgentTools } from './agent-tools.js';

const agent = (agentId: string, agentName: string, createdAtMs: number): Agent => ({
  agentId,
  agentName,
  description: '',
  agentStyle: '',
  onStatus: true,
  modelName: 'local/demo',
  tools: [],
  companyId: null,
  userId: 'u1',
  shareEditorWith: [],
  shareVisitorWith: [],
  createdAt: new Date(createdAtMs),
  updatedAt: new Date(createdAtMs),
});

describe('namedAgentTools', () => {
  it('sanitises names and makes them unique in creation order, whatever order the agents come in', () => {
    const agents = [agent('c', 'Sales Bot', 3), agent('a', 'Sales bot!', 1), agent('b', 'sales_bot', 2), agent('d', '???', 4)];
    expect(namedAgentTools(agents).map((t) => [t.agent.agentId, t.name])).toEqual([
      ['a', 'sales_bot'],
      ['b', 'sales_bot_2'],
      ['c', 'sales_bot_3'],
      ['d', 'agent'],
    ]);
  });

  it('keeps names short and within [a-z0-9_-]', () => {
    const [tool] = namedAgentTools([agent('a', `Ünïcode ${'x'.repeat(100)}`, 1)]);
    expect(tool!.name).toMatch(/^[a-z0-9_-]{1,64}$/);
  });
});
