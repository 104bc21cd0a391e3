import type { ApiClient } from './api-client.js';
import { ApiError } from './api-error.js';
import type { AgentSummary, MeResponse, StoredMessage, ThreadSummary } from './api-types.js';
import type { MediaPolicy } from './blocks/media-policy.js';
import { buildInvokeBody } from './build-invoke-body.js';
import { h } from './dom.js';
import { nextThreadId } from './next-thread-id.js';
import { runToRejoin } from './run-to-rejoin.js';
import { createTurnRunner } from './run-turn.js';
import type { StreamClient } from './stream-client.js';
import { createAgentPanel, type AgentView } from './ui/agent-panel.js';
import { createAppShell } from './ui/app-shell.js';
import { createChatView } from './ui/chat-view.js';
import { createComposer } from './ui/composer.js';
import { createSettingsPanel } from './ui/settings-panel.js';
import { createStatusLine } from './ui/status-line.js';
import { createThreadList } from './ui/thread-list.js';
import { createToolPanel } from './ui/tool-panel.js';

export interface ChatPageDeps {
  api: ApiClient;
  streamClient: StreamClient;
  baseUrl: string;
  me: MeResponse;
  /** Which media from model or tool output loads without the reader's "Load" (MEDIA_ORIGINS). */
  media: MediaPolicy;
  storage: Storage;
  /** Open this agent first (`#/chat?agent=…`). */
  initialAgentId?: string | null;
  /** "Try it" from the agent editor: an unsaved config for load_from_json on that agent. */
  draft?: Record<string, unknown> | null;
  onLogout: () => void;
  onUnauthorized: () => void;
}

const LAST_AGENT_KEY = 'switchboard.agent';
/** Per tab, like the agent: a reload comes back to the thread (and the reply running on it). */
const LAST_THREAD_KEY = 'switchboard.thread';

/** The signed-in page: wires the panels together and loads agents, threads and history. */
export function mountChatPage(root: HTMLElement, deps: ChatPageDeps): void {
  const { api } = deps;
  const shell = createAppShell(deps.me.user.name || deps.me.user.email);
  const agentPanel = createAgentPanel();
  const settings = createSettingsPanel((threadId) => openThread(threadId));
  const toolPanel = createToolPanel((count) => shell.setToolCount(count));
  const chat = createChatView(deps.baseUrl, deps.media, { onRegenerate: () => regenerate() });
  const status = createStatusLine();
  const threads = createThreadList({ onSelect: (id) => openThread(id), onReset: (id) => void resetThread(id), onNew: () => newThread(), onRename: (id, name) => void renameThread(id, name) });
  const title = h('h1', { class: 'chat-title', 'data-testid': 'chat-title' }, 'Switchboard');
  const threadLabel = h('span', { class: 'chat-thread', 'data-testid': 'chat-thread' }, '# 1');
  const clearButton = h('button', { type: 'button', class: 'btn ghost small', 'data-testid': 'clear-chat', title: 'Clear the chat window (stored history stays)' }, 'Clear chat');

  let agentId: string | null = null;
  let threadList: ThreadSummary[] = [];
  let historyRequest = 0;

  const turns = createTurnRunner({
    api,
    streamClient: deps.streamClient,
    chat,
    toolPanel,
    status,
    onBusyChange: (busy) => {
      composer.setRunning(busy);
      shell.agentSelect.disabled = busy;
      settings.setDisabled(busy);
      threads.setDisabled(busy);
      clearButton.disabled = busy;
    },
    onFinished: () => void loadThreads(),
    onUnauthorized: deps.onUnauthorized,
  });

  function regenerate(): void {
    const users = root.querySelectorAll('[data-testid="message-user"] [data-testid="message-text"]');
    const last = users[users.length - 1]?.textContent;
    if (!last || turns.busy) return;
    send(last);
  }

  function send(text: string): void {
    if (!agentId) return;
    const built = buildInvokeBody(text, settings.read());
    if (!built.ok) {
      chat.addNotice(built.message);
      composer.input.value = text;
      return;
    }
    if (built.body.metadata.reset_memory) settings.consumeResetMemory();
    void turns.start(agentId, text, built.body);
  }

  const composer = createComposer({
    onSend: (text) => send(text),
    onStop: () => turns.stop(),
  });

  clearButton.addEventListener('click', () => {
    chat.clear();
    toolPanel.clear();
    chat.showEmpty('Chat cleared. The thread history is still stored: pick the thread to reload it.');
    status.set('Ready', 'idle');
  });
  shell.logout.addEventListener('click', deps.onLogout);
  shell.agentSelect.addEventListener('change', () => void selectAgent(shell.agentSelect.value));

  shell.sidebar.append(agentPanel.element, threads.element);
  shell.sidePanel.append(settings.element, toolPanel.element);
  shell.chatHead.append(h('div', { class: 'chat-heading' }, title, threadLabel), status.element, clearButton);
  shell.chatBody.append(chat.element);
  shell.composer.append(composer.element);
  root.replaceChildren(shell.element);
  composer.setEnabled(false);
  void start();

  function handle(error: unknown, context: string): void {
    if (error instanceof ApiError && error.status === 401) return deps.onUnauthorized();
    const message = error instanceof Error ? error.message : String(error);
    chat.addNotice(`${context}: ${message}`);
  }

  async function start(): Promise<void> {
    chat.showEmpty('Loading agents…');
    try {
      const [llms, agents] = await Promise.all([api.llms(), api.agents()]);
      settings.setModels(llms);
      fillAgents(agents);
      if (agents.length === 0) {
        agentPanel.show(null, 'No agents are shared with you yet.');
        chat.showEmpty('No agents are available to you yet. Ask an admin to share one.');
        return;
      }
      const rememberedThread = deps.storage.getItem(LAST_THREAD_KEY);
      if (rememberedThread) settings.setThreadId(rememberedThread);
      const remembered = deps.storage.getItem(LAST_AGENT_KEY);
      const first = agents.find((agent) => agent.agent_id === deps.initialAgentId) ?? agents.find((agent) => agent.agent_id === remembered) ?? agents[0];
      if (first) await selectAgent(first.agent_id);
      if (first && deps.draft && first.agent_id === deps.initialAgentId) {
        settings.loadDraft(deps.draft);
        shell.openPanel();
        chat.addNotice('Trying an unsaved draft of this agent: the next messages use it (see "Load from JSON" in the settings).', 'info');
      }
    } catch (error) {
      handle(error, 'Could not load agents');
    }
  }

  function fillAgents(agents: AgentSummary[]): void {
    shell.agentSelect.replaceChildren(...agents.map((agent) => h('option', { value: agent.agent_id }, agent.on_status ? agent.agent_name : `${agent.agent_name} (off)`)));
  }

  async function selectAgent(id: string): Promise<void> {
    if (turns.busy) return;
    agentId = id;
    shell.agentSelect.value = id;
    deps.storage.setItem(LAST_AGENT_KEY, id);
    agentPanel.show(null, 'Loading…');
    toolPanel.clear();
    composer.setEnabled(false);
    const [details, info] = await Promise.allSettled([api.agent(id), api.agentInfo(id)]);
    if (agentId !== id) return;
    let view: AgentView | null = null;
    const access = info.status === 'fulfilled' ? info.value.access_level : null;
    if (details.status === 'fulfilled') view = { kind: 'full', agent: details.value, access: details.value.access_level ?? access };
    else if (info.status === 'fulfilled') view = { kind: 'public', agent: info.value };
    if (!view) {
      handle(details.status === 'rejected' ? details.reason : new Error('unknown'), 'Could not load the agent');
      agentPanel.show(null, 'This agent could not be loaded.');
      return;
    }
    agentPanel.show(view);
    title.textContent = view.agent.agent_name;
    settings.setAgent(view.kind === 'full' ? view.agent : null, view.agent.model_name, view.kind === 'full' ? view.access : view.agent.access_level);
    composer.setEnabled(true);
    composer.focus();
    openThread(settings.read().threadId);
  }

  function openThread(threadId: string): void {
    if (turns.busy || !agentId) return;
    settings.setThreadId(threadId);
    deps.storage.setItem(LAST_THREAD_KEY, threadId);
    threadLabel.textContent = `# ${threadId}`;
    shell.closeDrawers();
    toolPanel.clear();
    status.set('Ready', 'idle');
    threads.show(threadList, threadId);
    void loadHistory(agentId, threadId);
  }

  async function loadThreads(): Promise<void> {
    if (!agentId) return;
    const id = agentId;
    try {
      const list = await api.threads(id);
      if (id !== agentId) return;
      threadList = list;
      threads.show(list, settings.read().threadId);
      if (turns.busy) threads.setDisabled(true);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) deps.onUnauthorized();
      threads.show(threadList, settings.read().threadId);
    }
  }

  /**
   * The thread list first, then the messages: a run seen running in the list has its user message in
   * the history, and a run that ended in between has its answer there too (then nothing is re-attached).
   * The composer waits meanwhile, so a message sent now cannot be wiped by the history arriving.
   */
  async function loadHistory(id: string, threadId: string, rejoin = true): Promise<void> {
    const request = ++historyRequest;
    const stale = (): boolean => request !== historyRequest || id !== agentId;
    chat.showEmpty('Loading history…');
    composer.setEnabled(false);
    let list: ThreadSummary[] | null = null;
    try {
      list = await api.threads(id);
    } catch (error) {
      // Without the list the history still shows; only a running reply is not re-attached.
      if (error instanceof ApiError && error.status === 401) return deps.onUnauthorized();
    }
    if (stale()) return;
    if (list) threadList = list;
    threads.show(threadList, threadId);
    let messages: StoredMessage[] = [];
    try {
      messages = await api.messages(id, threadId);
      if (stale()) return;
      chat.showHistory(messages);
    } catch (error) {
      if (stale()) return;
      if (error instanceof ApiError && error.status === 404) chat.showEmpty('No messages in this thread yet. Say hello!');
      else {
        chat.clear();
        handle(error, 'Could not load the history');
      }
    }
    composer.setEnabled(true);
    if (document.activeElement === document.body) composer.focus();
    const runId = rejoin ? runToRejoin(list, threadId, messages) : null;
    if (!runId) return;
    const result = await turns.attach(runId);
    // The run ended and its events are no longer kept: its answer is stored, so show the history again.
    if (result === 'gone' && !stale()) void loadHistory(id, threadId, false);
  }

  function newThread(): void {
    if (turns.busy) return;
    const id = nextThreadId(threadList.map((thread) => thread.thread_id));
    openThread(id);
    chat.showEmpty(`New thread #${id}. Say hello!`);
  }

  async function renameThread(threadId: string, name: string | null): Promise<void> {
    if (!agentId) return;
    try {
      await api.renameThread(agentId, threadId, name);
      void loadThreads();
    } catch (error) {
      handle(error, 'Could not rename the thread');
    }
  }

  async function resetThread(threadId: string): Promise<void> {
    if (!agentId || turns.busy) return;
    if (!window.confirm(`Reset thread #${threadId}? The agent forgets this conversation; the log is kept for audit.`)) return;
    try {
      await api.resetThread(agentId, threadId);
      status.set(`Thread #${threadId} was reset`, 'ok');
      if (threadId === settings.read().threadId) void loadHistory(agentId, threadId);
      void loadThreads();
    } catch (error) {
      handle(error, 'Could not reset the thread');
    }
  }
}
