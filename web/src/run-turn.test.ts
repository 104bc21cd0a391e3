// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from './api-error.js';
import type { StreamEvent } from './decode-run-event.js';
import { createTurnRunner } from './run-turn.js';
import type { StreamCallbacks, StreamClient, StreamResult } from './stream-client.js';
import { createChatView } from './ui/chat-view.js';
import { createStatusLine } from './ui/status-line.js';
import { createToolPanel } from './ui/tool-panel.js';

const replay: StreamEvent[] = [
  { type: 'status', status: 'Thinking', run_id: 'run-1', thread_id: '1' },
  { type: 'token', token: 'Hello ' },
  { type: 'tool_status', tool_name: 'calculator', call_id: 'c1', status: 'Calling calculator', is_start: true, input: { expression: '2+3' } },
  { type: 'tool_status', tool_name: 'calculator', call_id: 'c1', status: 'done', is_start: false, output: 5, ok: true },
  { type: 'token', token: 'world' },
];

/** A stream client whose `join` plays `events`, then waits until the test lets the run end. */
function fakeStreams(events: StreamEvent[], failWith?: unknown) {
  let finish: (outcome: string) => void = () => undefined;
  const joins: Array<{ runId: string; lastEventId: number | undefined }> = [];
  let callbacks: StreamCallbacks | null = null;
  const join = vi.fn(async (runId: string, cb: StreamCallbacks, opts: { lastEventId?: number } = {}): Promise<StreamResult> => {
    joins.push({ runId, lastEventId: opts.lastEventId });
    if (failWith) throw failWith;
    callbacks = cb;
    events.forEach((event, i) => cb.onEvent(event, i + 1));
    const outcome = await new Promise<string>((resolve) => (finish = resolve));
    cb.onEvent({ type: 'end', run_id: runId, outcome: outcome as 'completed' }, events.length + 1);
    return { runId, outcome, lastEventId: events.length + 1 };
  });
  const client = { join, invoke: vi.fn() } as unknown as StreamClient;
  return { client, joins, end: (outcome = 'completed') => finish(outcome), emit: (event: StreamEvent) => callbacks?.onEvent(event, null) };
}

function setup(streams: ReturnType<typeof fakeStreams>) {
  const chat = createChatView('http://localhost/');
  document.body.replaceChildren(chat.element);
  const toolPanel = createToolPanel();
  const status = createStatusLine();
  const busy: boolean[] = [];
  const cancelRun = vi.fn(async (runId: string) => ({ run_id: runId }) as never);
  const onFinished = vi.fn();
  const turns = createTurnRunner({ api: { cancelRun }, streamClient: streams.client, chat, toolPanel, status, onBusyChange: (b) => busy.push(b), onFinished, onUnauthorized: vi.fn() });
  const agents = () => [...chat.element.querySelectorAll<HTMLElement>('[data-testid="message-assistant"]')];
  const agentText = () => agents().at(-1)?.querySelector('[data-testid="message-text"]')?.textContent ?? '';
  return { chat, toolPanel, status, busy, cancelRun, onFinished, turns, agents, agentText };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createTurnRunner().attach', () => {
  it('replays a running run from the start into one agent bubble, without adding a user bubble', async () => {
    const streams = fakeStreams(replay);
    const page = setup(streams);
    page.chat.addUser('the question already in the history');
    const attached = page.turns.attach('run-1');
    await tick();
    expect(streams.joins).toEqual([{ runId: 'run-1', lastEventId: undefined }]);
    expect(page.agents()).toHaveLength(1);
    expect(page.agents()[0]!.dataset.runId).toBe('run-1');
    expect(page.chat.element.querySelectorAll('[data-testid="message-user"]')).toHaveLength(1);
    expect(page.agentText()).toBe('Hello world');
    expect(page.toolPanel.count).toBe(1);
    expect(page.agents()[0]!.querySelectorAll('[data-testid="message-tool"]')).toHaveLength(1);
    expect(page.status.element.textContent).toBe('Thinking');
    expect(page.turns.busy).toBe(true);
    expect(page.busy).toEqual([true]);

    streams.emit({ type: 'token', token: ' again' });
    expect(page.agentText()).toBe('Hello world again');
    streams.end();
    expect(await attached).toBe('ended');
    expect(page.agents()[0]!.dataset.outcome).toBe('completed');
    expect(page.status.element.textContent).toBe('Done');
    expect(page.busy).toEqual([true, false]);
    expect(page.turns.busy).toBe(false);
    expect(page.onFinished).toHaveBeenCalledOnce();
  });

  it('stops a re-attached run with Stop: cancel goes out at once, since the run id is known', async () => {
    const streams = fakeStreams(replay);
    const page = setup(streams);
    const attached = page.turns.attach('run-1');
    await tick();
    page.turns.stop();
    expect(page.cancelRun).toHaveBeenCalledWith('run-1');
    expect(page.status.element.textContent).toBe('Stopping…');
    streams.emit({ type: 'error', code: 'cancelled', detail: 'Stopped' });
    streams.end('cancelled');
    expect(await attached).toBe('ended');
    expect(page.agents()[0]!.dataset.outcome).toBe('cancelled');
    expect(page.status.element.textContent).toBe('Stopped');
  });

  it('removes its bubble and answers `gone` when the run\'s events are no longer kept', async () => {
    const streams = fakeStreams([], new ApiError(404, 'NOT_FOUND', 'The events of this run are no longer kept'));
    const page = setup(streams);
    expect(await page.turns.attach('run-1')).toBe('gone');
    expect(page.agents()).toHaveLength(0);
    expect(page.turns.busy).toBe(false);
    expect(page.busy).toEqual([true, false]);
  });

  it('does not attach while another turn is going', async () => {
    const streams = fakeStreams(replay);
    const page = setup(streams);
    const first = page.turns.attach('run-1');
    expect(await page.turns.attach('run-2')).toBe('busy');
    expect(streams.joins).toHaveLength(1);
    streams.end();
    await first;
  });
});
