import type { ThreadSummary } from '../api-types.js';
import { clear, formatDateTime, h } from '../dom.js';

export interface ThreadListOptions {
  onSelect: (threadId: string) => void;
  onReset: (threadId: string) => void;
  onNew: () => void;
  /** A new title (null: back to the default one, taken from the first message). */
  onRename?: (threadId: string, title: string | null) => void;
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
    if (!rows.some((thread) => thread.thread_id === activeId)) rows.unshift({ thread_id: activeId, message_count: 0, last_message_at: '', preview: '', title: '', running_run_id: null });
    rows.sort((a, b) => (b.last_message_at || '9999').localeCompare(a.last_message_at || '9999'));
    for (const thread of rows) {
      const active = thread.thread_id === activeId;
      const open = h(
        'button',
        { type: 'button', class: 'thread-open', 'data-testid': 'thread-item', 'data-thread-id': thread.thread_id, 'aria-current': active ? 'true' : undefined, disabled },
        h('span', { class: 'thread-title' }, h('span', { class: 'thread-id' }, `# ${thread.thread_id}`), thread.last_message_at ? h('span', { class: 'thread-time' }, formatDateTime(new Date(thread.last_message_at))) : h('span', { class: 'thread-time' }, 'new')),
        h('span', { class: 'thread-preview', 'data-testid': 'thread-name' }, thread.title || thread.preview || (thread.message_count ? `${thread.message_count} messages` : 'No messages yet')),
      );
      open.addEventListener('click', () => options.onSelect(thread.thread_id));
      const rename = h('button', { type: 'button', class: 'thread-reset', title: `Rename thread ${thread.thread_id}`, 'aria-label': `Rename thread ${thread.thread_id}`, 'data-testid': 'thread-rename', disabled: disabled || thread.message_count === 0 || !options.onRename }, '✎');
      rename.addEventListener('click', () => startRename(open, thread));
      const reset = h('button', { type: 'button', class: 'thread-reset', title: `Reset memory of thread ${thread.thread_id}`, 'aria-label': `Reset thread ${thread.thread_id}`, 'data-testid': 'thread-reset', disabled: disabled || thread.message_count === 0 }, '↺');
      reset.addEventListener('click', () => options.onReset(thread.thread_id));
      list.append(h('li', { class: active ? 'thread active' : 'thread' }, open, rename, reset));
    }
  }

  /** Rename in place: Enter saves, Escape cancels, an empty title goes back to the default one. */
  function startRename(open: HTMLButtonElement, thread: ThreadSummary): void {
    const input = h('input', { type: 'text', class: 'thread-rename-input', value: thread.title || thread.preview, maxlength: 200, 'aria-label': `New title of thread ${thread.thread_id}`, 'data-testid': 'thread-rename-input' });
    open.replaceWith(input);
    input.focus();
    input.select();
    let done = false;
    const finish = (save: boolean): void => {
      if (done) return;
      done = true;
      input.replaceWith(open);
      if (save) options.onRename?.(thread.thread_id, input.value.trim() || null);
    };
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') finish(true);
      if (event.key === 'Escape') finish(false);
    });
    input.addEventListener('blur', () => finish(true));
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
