import { h } from '../dom.js';

export type StatusKind = 'idle' | 'busy' | 'ok' | 'warn' | 'error';

/** One line saying what the agent is doing now ("Thinking...", "Calling tool: x", "Reconnecting…"). */
export function createStatusLine() {
  const text = h('span', { class: 'status-text', 'data-testid': 'status-text' }, 'Ready');
  const element = h('div', { class: 'status-line', role: 'status', 'aria-live': 'polite', 'data-testid': 'status-line', 'data-kind': 'idle' }, h('span', { class: 'status-dot', 'aria-hidden': 'true' }), text);
  return {
    element,
    set(message: string, kind: StatusKind = 'busy'): void {
      text.textContent = message;
      element.dataset.kind = kind;
    },
  };
}

export type StatusLine = ReturnType<typeof createStatusLine>;
