import { describe, expect, it } from 'vitest';
import type { StoredMessage, ThreadSummary } from './api-types.js';
import { runToRejoin } from './run-to-rejoin.js';

const thread = (thread_id: string, running_run_id: string | null): ThreadSummary => ({ thread_id, message_count: 1, last_message_at: '2025-01-01T00:00:00Z', preview: '', title: '', running_run_id });
const message = (role: StoredMessage['role'], run_id: string | null): StoredMessage => ({
  message_id: `${role}-${run_id}`,
  run_id,
  role,
  content: 'x',
  tool_name: null,
  tool_call_id: null,
  tool_input: null,
  tool_output: null,
  model: null,
  outcome: null,
  created_at: '2025-01-01T00:00:00Z',
});

describe('runToRejoin', () => {
  it('picks the running run of the opened thread when its answer is not stored yet', () => {
    expect(runToRejoin([thread('1', null), thread('2', 'run-b')], '2', [message('user', 'run-b')])).toBe('run-b');
  });

  it('ignores a run running on another thread', () => {
    expect(runToRejoin([thread('1', null), thread('2', 'run-b')], '1', [message('user', 'run-a')])).toBeNull();
  });

  it('does not re-attach when the answer is already in the history (the run ended in between)', () => {
    expect(runToRejoin([thread('2', 'run-b')], '2', [message('user', 'run-b'), message('assistant', 'run-b')])).toBeNull();
  });

  it('re-attaches even when only other runs have answers stored', () => {
    expect(runToRejoin([thread('2', 'run-b')], '2', [message('user', 'run-a'), message('assistant', 'run-a'), message('user', 'run-b')])).toBe('run-b');
  });

  it('does nothing without a thread list (it could not be loaded)', () => {
    expect(runToRejoin(null, '2', [message('user', 'run-b')])).toBeNull();
  });
});
