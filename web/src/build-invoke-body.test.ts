import { describe, expect, it } from 'vitest';
import { buildInvokeBody } from './build-invoke-body.js';
import type { RunSettings } from './ui/settings-panel.js';

const settings: RunSettings = {
  context: 'ctx',
  threadId: '7',
  modelName: 'local/demo',
  resetMemory: true,
  loadFromJson: false,
  agentConfigText: '{ broken',
  agentStyle: 'terse',
};

describe('buildInvokeBody', () => {
  it('builds the seed body from the settings', () => {
    expect(buildInvokeBody('Hi', settings)).toEqual({
      ok: true,
      body: {
        input: { messages: 'Hi', context: 'ctx' },
        config: { configurable: { thread_id: '7' } },
        metadata: { model_name: 'local/demo', reset_memory: true, load_from_json: false, agent_style: 'terse' },
        agent_config: null,
      },
    });
  });

  it('sends the config draft only when load-from-JSON is on, and refuses invalid JSON', () => {
    expect(buildInvokeBody('Hi', { ...settings, loadFromJson: true })).toMatchObject({ ok: false });
    expect(buildInvokeBody('Hi', { ...settings, loadFromJson: true, agentConfigText: '[1]' })).toMatchObject({ ok: false });
    const built = buildInvokeBody('Hi', { ...settings, loadFromJson: true, agentConfigText: '{"agent_style":"x"}' });
    expect(built.ok && built.body.agent_config).toEqual({ agent_style: 'x' });
  });

  it('leaves the model to the agent when none is chosen', () => {
    const built = buildInvokeBody('Hi', { ...settings, modelName: '' });
    expect(built.ok && 'model_name' in built.body.metadata).toBe(false);
  });
});
