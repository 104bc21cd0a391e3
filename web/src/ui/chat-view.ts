import type { StoredMessage } from '../api-types.js';
import { createMarkdownRenderer } from '../blocks/markdown.js';
import { createMediaPolicy, type MediaPolicy } from '../blocks/media-policy.js';
import { createMessageRenderer } from '../blocks/message-renderer.js';
import type { ToolStatusUpdate } from './tool-panel.js';
import { clear, formatDateTime, h, prettyValue } from '../dom.js';
import { createAutoScroll, type AutoScroll } from './auto-scroll.js';

export interface AgentMessage {
  readonly element: HTMLElement;
  push(token: string): void;
  tool(update: ToolStatusUpdate): void;
  /** A run error: shown inside the conversation, right under the partial text. */
  error(code: string, detail: string): void;
  finish(outcome: string): void;
}

export interface ChatView {
  readonly element: HTMLElement;
  readonly scroller: AutoScroll;
  addUser(text: string, at?: Date): HTMLElement;
  addAgent(at?: Date, runId?: string | null): AgentMessage;
  addNotice(text: string, kind?: 'error' | 'info'): void;
  showHistory(messages: StoredMessage[]): void;
  showEmpty(text: string): void;
  clear(): void;
}

const OUTCOME_LABELS: Record<string, string> = {
  cancelled: 'Stopped',
  failed: 'Failed',
  timed_out: 'Timed out',
  interrupted: 'Interrupted',
  aborted: 'Disconnected',
};

/** The conversation: bubbles with timestamps, live agent replies, errors, and the stored history. */
export interface ChatViewOptions {
  /** Offered on the last answer: ask the last question again. */
  onRegenerate?: () => void;
}

export function createChatView(baseUrl: string, media: MediaPolicy = createMediaPolicy(baseUrl, []), options: ChatViewOptions = {}): ChatView {
  const list = h('div', { class: 'messages', 'data-testid': 'messages', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions' });
  const jump = h('button', { type: 'button', class: 'jump-latest', 'data-testid': 'jump-to-latest', hidden: true }, '↓ Latest');
  const element = h('div', { class: 'messages-wrap' }, list, jump);
  const scroller = createAutoScroll(list, jump);
  const renderMarkdown = createMarkdownRenderer(window, media, baseUrl);

  const time = (at: Date): HTMLTimeElement => h('time', { datetime: at.toISOString(), 'data-testid': 'message-time' }, formatDateTime(at));

  function addUser(text: string, at = new Date()): HTMLElement {
    const body = h('div', { class: 'msg-text', 'data-testid': 'message-text' }, text);
    const row = h('div', { class: 'msg msg-user', 'data-testid': 'message-user' }, h('div', { class: 'bubble' }, body), h('div', { class: 'msg-meta' }, time(at)));
    removeEmpty();
    list.append(row);
    return row;
  }

  function addAgent(at = new Date(), runId: string | null = null): AgentMessage {
    const text = h('div', { class: 'msg-text', 'data-testid': 'message-text' });
    const tools = h('div', { class: 'msg-tools', 'data-testid': 'message-tools' });
    const typing = h('div', { class: 'typing', 'aria-label': 'The agent is answering' }, h('span'), h('span'), h('span'));
    const bubble = h('div', { class: 'bubble' }, tools, text, typing);
    const stamp = time(at);
    const meta = h('div', { class: 'msg-meta' }, stamp);
    const row = h('div', { class: 'msg msg-assistant streaming', 'data-testid': 'message-assistant', 'data-run-id': runId ?? undefined }, h('div', { class: 'avatar', 'aria-hidden': 'true' }, '✦'), h('div', { class: 'msg-body' }, bubble, meta));
    const renderer = createMessageRenderer({ container: text, doc: document, baseUrl, renderMarkdown, media });
    const chips = new Map<string, HTMLElement>();
    removeEmpty();
    list.append(row);

    return {
      element: row,
      push: (token) => renderer.push(token),
      tool(update) {
        let chip = chips.get(update.call_id);
        if (!chip) {
          chip = h('details', { class: 'tool-chip', 'data-testid': 'message-tool' });
          chips.set(update.call_id, chip);
          tools.append(chip);
        }
        fillToolChip(chip, update);
      },
      error(code, detail) {
        const cancelled = code === 'cancelled';
        bubble.insertBefore(
          h('div', { class: cancelled ? 'run-note' : 'run-error', role: cancelled ? 'note' : 'alert', 'data-testid': cancelled ? 'run-note' : 'chat-error', 'data-code': code }, cancelled ? 'Stopped. The partial answer above is kept.' : detail || 'The run failed.'),
          typing,
        );
      },
      finish(outcome) {
        renderer.end();
        typing.remove();
        row.classList.remove('streaming');
        row.dataset.outcome = outcome;
        if (text.childNodes.length === 0 && tools.childNodes.length === 0 && !bubble.querySelector('.run-error, .run-note')) {
          text.append(h('span', { class: 'muted' }, '(no answer)'));
        }
        const label = OUTCOME_LABELS[outcome];
        if (label) meta.append(h('span', { class: `outcome outcome-${outcome}`, 'data-testid': 'message-outcome' }, label));
        const copy = h('button', { type: 'button', class: 'msg-action', 'data-testid': 'message-copy', title: 'Copy this answer as markdown' }, 'Copy');
        copy.addEventListener('click', () => {
          void navigator.clipboard?.writeText(renderer.source()).then(() => {
            copy.textContent = 'Copied';
            setTimeout(() => (copy.textContent = 'Copy'), 1500);
          }, () => undefined);
        });
        meta.append(copy);
        if (options.onRegenerate) {
          for (const old of list.querySelectorAll('[data-testid="message-regenerate"]')) old.remove();
          const again = h('button', { type: 'button', class: 'msg-action', 'data-testid': 'message-regenerate', title: 'Ask the last question again' }, 'Regenerate');
          again.addEventListener('click', () => options.onRegenerate?.());
          meta.append(again);
        }
        stamp.textContent = formatDateTime(new Date());
      },
    };
  }

  function addNotice(text: string, kind: 'error' | 'info' = 'error'): void {
    removeEmpty();
    list.append(h('div', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status', 'data-testid': kind === 'error' ? 'chat-error' : 'chat-notice' }, text));
  }

  function showHistory(messages: StoredMessage[]): void {
    clear(list);
    if (messages.length === 0) return showEmpty('No messages in this thread yet. Say hello!');
    const agentByRun = new Map<string, AgentMessage>();
    let loose: AgentMessage | null = null;
    const agentFor = (message: StoredMessage): AgentMessage => {
      if (message.run_id) {
        let existing = agentByRun.get(message.run_id);
        if (!existing) {
          existing = addAgent(new Date(message.created_at), message.run_id);
          agentByRun.set(message.run_id, existing);
        }
        return existing;
      }
      loose ??= addAgent(new Date(message.created_at));
      return loose;
    };
    const finished = new Set<AgentMessage>();
    for (const message of messages) {
      if (message.role === 'user') {
        addUser(message.content, new Date(message.created_at));
        loose = null;
        continue;
      }
      const agent = agentFor(message);
      if (message.role === 'tool') {
        const callId = message.tool_call_id ?? message.message_id;
        agent.tool({ call_id: callId, tool_name: message.tool_name ?? 'tool', is_start: false, status: '', input: message.tool_input, output: message.tool_output, ok: message.outcome !== 'failed' ? undefined : false });
        continue;
      }
      agent.push(message.content);
      finishHistoric(agent, message);
      finished.add(agent);
      loose = null;
    }
    for (const agent of [...agentByRun.values()]) if (!finished.has(agent)) agent.finish('completed');
    // Stored messages appear at once; only live ones slide in.
    for (const row of list.querySelectorAll('.msg')) row.classList.add('static');
    scroller.pin();
  }

  function finishHistoric(agent: AgentMessage, message: StoredMessage): void {
    agent.finish(message.outcome && message.outcome !== 'completed' ? message.outcome : 'completed');
    const stamp = agent.element.querySelector('time');
    if (stamp) {
      const at = new Date(message.created_at);
      stamp.textContent = formatDateTime(at);
      stamp.setAttribute('datetime', at.toISOString());
    }
  }

  function showEmpty(text: string): void {
    clear(list);
    list.append(h('div', { class: 'empty-chat', 'data-testid': 'chat-empty' }, h('div', { class: 'empty-mark', 'aria-hidden': 'true' }, '✦'), text));
  }

  function removeEmpty(): void {
    list.querySelector('.empty-chat')?.remove();
  }

  return { element, scroller, addUser, addAgent, addNotice, showHistory, showEmpty, clear: () => clear(list) };
}

function fillToolChip(chip: HTMLElement, update: ToolStatusUpdate): void {
  const state = update.is_start ? 'running' : update.ok === false ? 'failed' : 'done';
  chip.dataset.state = state;
  const previousInput = chip.dataset.input;
  if (update.input !== undefined) chip.dataset.input = prettyValue(update.input);
  clear(chip);
  const icon = state === 'running' ? '⏳' : state === 'failed' ? '⚠' : '✓';
  chip.append(h('summary', {}, h('span', { class: 'chip-icon', 'aria-hidden': 'true' }, icon), ' ', update.tool_name));
  const input = chip.dataset.input ?? previousInput;
  if (input !== undefined) chip.append(h('div', { class: 'chip-label' }, 'Input'), h('pre', {}, input));
  if (update.output !== undefined) chip.append(h('div', { class: 'chip-label' }, 'Output'), h('pre', {}, prettyValue(update.output)));
}
