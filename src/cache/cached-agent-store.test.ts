import { describe, expect, it } from 'vitest';
import type { Agent } from '../domain/index.js';
import type { AgentStore } from '../ports/index.js';
import { cacheAgents } from './cached-agent-store.js';

function fakeAgents() {
  const rows = new Map<string, Agent>([['a1', { agentId: 'a1', agentName: 'First', tools: ['t1'] } as Agent]]);
  let reads = 0;
  const store = {
    async findById(agentId: string) {
      reads++;
      return rows.get(agentId) ?? null;
    },
    async update(agentId: string, patch: Partial<Agent>) {
      const next = { ...rows.get(agentId)!, ...patch };
      rows.set(agentId, next);
      return next;
    },
    async delete(agentId: string) {
      return rows.delete(agentId);
    },
    async detachTool(toolId: string) {
      for (const [id, agent] of rows) rows.set(id, { ...agent, tools: agent.tools.filter((t) => t !== toolId) });
    },
  } as unknown as AgentStore;
  return { store, reads: () => reads };
}

describe('cacheAgents', () => {
  it('reads an agent once for repeated invokes', async () => {
    const fake = fakeAgents();
    const agents = cacheAgents(fake.store);
    await agents.findById('a1');
    await agents.findById('a1');
    expect(fake.reads()).toBe(1);
  });

  it('sees an update made through it at once', async () => {
    const agents = cacheAgents(fakeAgents().store);
    await agents.findById('a1');
    await agents.update('a1', { agentName: 'Renamed' });
    expect((await agents.findById('a1'))?.agentName).toBe('Renamed');
  });

  it('forgets a deleted agent at once', async () => {
    const agents = cacheAgents(fakeAgents().store);
    await agents.findById('a1');
    await agents.delete('a1');
    expect(await agents.findById('a1')).toBeNull();
  });

  it('sees a tool detached from every agent at once', async () => {
    const agents = cacheAgents(fakeAgents().store);
    await agents.findById('a1');
    await agents.detachTool('t1');
    expect((await agents.findById('a1'))?.tools).toEqual([]);
  });
});
