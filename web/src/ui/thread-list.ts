import type { ThreadSummary } from '../api-types.js';
import { clear, formatDateTime, h } from '../dom.js';

export interface ThreadListOptions {
  onSelect: (threadId: string) => void;
  onReset: (threadId: string) => void;
  onNew: () => void;
}

/** The caller's threads with this agent, newest first; picking one reloads its history from the server. */
export function createThreadList(options: ThreadListOptions) {
  const list = h('ul', { class: 'thread-list', 'data-testid': 'thread-list' });
  const newButton = h('button', { type: 'button', class: 'btn ghost small', 'data-testid': 'new-thread' }, '+ New');
  newButton.addEventListener('click', options.onNew);
  const element = h('section', { class: 'panel-section threads-panel', 'aria-label': 'Threads' }, h('div', { class: 'section-head' }, h('h2', {}, 'Threads'), newButton), list);
  let disabled = false;

  function show(threads: ThreadSummary[], activeId: string): void {
    clear(list);
    const rows = [...threads];
    if (!rows.some((thread) => thread.thread_id === activeId)) rows.unshift({ thread_id: activeId, message_count: 0, last_message_at: '', preview: '', running_run_id: null });
    rows.sort((a, b) => (b.last_message_at || '9999').localeCompare(a.last_message_at || '9999'));
    for (const thread of rows) {
      const active = thread.thread_id === activeId;
      const open = h(
        'button',
        { type: 'button', class: 'thread-open', 'data-testid': 'thread-item', 'data-thread-id': thread.thread_id, 'aria-current': active ? 'true' : undefined, disabled },
        h('span', { class: 'thread-title' }, h('span', { class: 'thread-id' }, `# ${thread.thread_id}`), thread.last_message_at ? h('span', { class: 'thread-time' }, formatDateTime(new Date(thread.last_message_at))) : h('span', { class: 'thread-time' }, 'new')),
        h('span', { class: 'thread-preview' }, thread.preview || (thread.message_count ? `${thread.message_count} messages` : 'No messages yet')),
      );
      open.addEventListener('click', () => options.onSelect(thread.thread_id));
      const reset = h('button', { type: 'button', class: 'thread-reset', title: `Reset memory of thread ${thread.thread_id}`, 'aria-label': `Reset thread ${thread.thread_id}`, 'data-testid': 'thread-reset', disabled: disabled || thread.message_count === 0 }, '↺');
      reset.addEventListener('click', () => options.onReset(thread.thread_id));
      list.append(h('li', { class: active ? 'thread active' : 'thread' }, open, reset));
    }
  }

  return {
    element,
    show,
    setDisabled(value: boolean) {
      disabled = value;
      newButton.disabled = value;
      for (const button of list.querySelectorAll('button')) button.disabled = value;
    },
  };
}
