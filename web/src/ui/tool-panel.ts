import { clear, formatTime, h, prettyValue } from '../dom.js';

export interface ToolStatusUpdate {
  tool_name: string;
  call_id: string;
  status: string;
  is_start: boolean;
  input?: unknown;
  output?: unknown;
  ok?: boolean;
}

export interface ToolPanel {
  readonly element: HTMLElement;
  update(update: ToolStatusUpdate): void;
  clear(): void;
  readonly count: number;
}

/** Tool activity of this session: one collapsible entry per call, from start (input) to finish (output). */
export function createToolPanel(onCountChange: (count: number) => void = () => undefined): ToolPanel {
  const list = h('div', { class: 'tool-list', 'data-testid': 'tool-list' });
  const empty = h('p', { class: 'muted empty-tools', 'data-testid': 'tool-empty' }, 'Tool calls will appear here while the agent works.');
  const clearButton = h('button', { type: 'button', class: 'btn ghost small', 'data-testid': 'tool-clear' }, 'Clear');
  const element = h(
    'section',
    { class: 'panel-section tool-panel', 'data-testid': 'tool-panel', 'aria-label': 'Tool activity' },
    h('div', { class: 'section-head' }, h('h2', {}, 'Tool activity'), clearButton),
    empty,
    list,
  );
  const entries = new Map<string, { root: HTMLDetailsElement; state: HTMLElement; output: HTMLElement; input: HTMLElement; time: HTMLElement }>();

  const panel: ToolPanel = {
    element,
    update(update) {
      let entry = entries.get(update.call_id);
      if (!entry) {
        const state = h('span', { class: 'tool-state', 'data-testid': 'tool-state' });
        const input = h('pre', { class: 'tool-io', 'data-testid': 'tool-input' });
        const output = h('pre', { class: 'tool-io', 'data-testid': 'tool-output' });
        const time = h('span', { class: 'tool-time' }, formatTime(new Date()));
        const root = h(
          'details',
          { class: 'tool-entry', 'data-testid': 'tool-entry', 'data-call-id': update.call_id, 'data-tool-name': update.tool_name, open: true },
          h('summary', {}, h('span', { class: 'tool-dot', 'aria-hidden': 'true' }), h('span', { class: 'tool-name' }, update.tool_name), state, time),
          h('div', { class: 'tool-io-label' }, 'Input'),
          input,
          h('div', { class: 'tool-io-label' }, 'Output'),
          output,
        );
        entry = { root, state, input, output, time };
        entries.set(update.call_id, entry);
        list.prepend(root);
        empty.hidden = true;
        onCountChange(entries.size);
      }
      if (update.input !== undefined) entry.input.textContent = prettyValue(update.input);
      if (update.is_start) {
        entry.root.dataset.state = 'running';
        entry.state.textContent = 'running…';
        if (entry.output.textContent === '') entry.output.textContent = '…';
        return;
      }
      const failed = update.ok === false;
      entry.root.dataset.state = failed ? 'failed' : 'done';
      entry.state.textContent = failed ? 'failed' : 'finished';
      entry.output.textContent = update.output === undefined ? '(no output)' : prettyValue(update.output);
      if (entry.input.textContent === '') entry.input.textContent = '(not shown)';
    },
    clear() {
      entries.clear();
      clear(list);
      empty.hidden = false;
      onCountChange(0);
    },
    get count() {
      return entries.size;
    },
  };
  clearButton.addEventListener('click', () => panel.clear());
  return panel;
}
