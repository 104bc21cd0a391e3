import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { timeOrderedUuid } from '../domain/index.js';
import type { StorageBundle } from './open-database.js';
import { openStoresAround, storeFixtures, storeTargets } from './stores-test-support.js';

describe.each(storeTargets())('run checkpoints on $name', (target) => {
  let s: StorageBundle;
  openStoresAround(target, (opened) => (s = opened));
  const { newUser, newAgent } = storeFixtures(() => s);

  async function runningRun(): Promise<string> {
    const user = await newUser();
    const agent = await newAgent(user.userId);
    const runId = timeOrderedUuid();
    await s.runs.create({ runId, agentId: agent.agentId, userId: user.userId, threadId: 't', model: 'local/demo', status: 'running', surface: 'agent-invoke', startedAt: new Date(), instanceId: 'i' });
    return runId;
  }

  it('saves slices of several runs in one call and loads one run\'s events in order, tokens expanded', async () => {
    const [a, b] = [await runningRun(), await runningRun()];
    await s.runCheckpoints.saveMany([
      { runId: a, firstSeq: 1, events: [{ type: 'status', status: 'Thinking...' }, 'it\'s "quoted" \\ and ünïcode'] },
      { runId: b, firstSeq: 1, events: ['other'] },
    ]);
    await s.runCheckpoints.saveMany([{ runId: a, firstSeq: 3, events: [{ type: 'tool_status', tool_name: 'calc', call_id: 'c1', status: 'Start', is_start: true, input: { x: 1 } }] }]);
    expect(await s.runCheckpoints.load(a)).toEqual([
      { seq: 1, event: { type: 'status', status: 'Thinking...' } },
      { seq: 2, event: { type: 'token', token: 'it\'s "quoted" \\ and ünïcode' } },
      { seq: 3, event: { type: 'tool_status', tool_name: 'calc', call_id: 'c1', status: 'Start', is_start: true, input: { x: 1 } } },
    ]);
    expect(await s.runCheckpoints.load(randomUUID())).toEqual([]);
    expect(await s.runCheckpoints.load('not-a-uuid')).toEqual([]);
  });

  it('discards by run, and the slices of runs that no longer run', async () => {
    const [kept, discarded, ended] = [await runningRun(), await runningRun(), await runningRun()];
    await s.runCheckpoints.saveMany([kept, discarded, ended].map((runId) => ({ runId, firstSeq: 1, events: ['x'] })));
    await s.runCheckpoints.discardMany([discarded]);
    await s.runs.finish(ended, { status: 'completed', endedAt: new Date(), usage: null, errorCode: null, errorDetail: null });
    await s.runCheckpoints.discardOfEndedRuns();
    expect((await s.runCheckpoints.load(kept)).length).toBe(1);
    expect(await s.runCheckpoints.load(discarded)).toEqual([]);
    expect(await s.runCheckpoints.load(ended)).toEqual([]);
  });
});
