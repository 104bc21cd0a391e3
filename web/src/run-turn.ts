import type { ApiClient } from './api-client.js';
import { ApiError } from './api-error.js';
import type { InvokeBody } from './api-types.js';
import type { StreamEvent } from './decode-run-event.js';
import { StreamLostError, type StreamCallbacks, type StreamClient } from './stream-client.js';
import type { AgentMessage, ChatView } from './ui/chat-view.js';
import type { StatusLine } from './ui/status-line.js';
import type { ToolPanel } from './ui/tool-panel.js';

export interface TurnRunnerDeps {
  api: Pick<ApiClient, 'cancelRun'>;
  streamClient: StreamClient;
  chat: ChatView;
  toolPanel: ToolPanel;
  status: StatusLine;
  onBusyChange: (busy: boolean) => void;
  onFinished: () => void;
  onUnauthorized: () => void;
}

interface CurrentRun {
  runId: string | null;
  stopRequested: boolean;
  cancelSent: boolean;
  abort: AbortController;
}

/** If the server never confirms a Stop, stop listening locally after this long. */
const STOP_GRACE_MS = 10_000;

const END_STATUS: Record<string, [string, 'ok' | 'warn' | 'error']> = {
  completed: ['Done', 'ok'],
  cancelled: ['Stopped', 'warn'],
  timed_out: ['Timed out', 'error'],
  failed: ['Failed', 'error'],
  interrupted: ['Interrupted by a server restart', 'error'],
  aborted: ['Disconnected', 'warn'],
};

/** One turn at a time: send, render the stream live, Stop, and join a run that is already going (409, reload, another tab). */
export function createTurnRunner(deps: TurnRunnerDeps) {
  let current: CurrentRun | null = null;

  function sendCancel(run: CurrentRun): void {
    if (!run.runId || run.cancelSent) return;
    run.cancelSent = true;
    deps.api.cancelRun(run.runId).catch((error: unknown) => {
      // 404/409: the run is already over, its `end` is on the way.
      if (error instanceof ApiError && (error.status === 404 || error.status === 409)) return;
      deps.status.set(`Could not stop the run: ${(error as Error).message}`, 'error');
    });
  }

  function callbacksFor(run: CurrentRun, agent: AgentMessage): StreamCallbacks {
    const onEvent = (event: StreamEvent): void => {
      switch (event.type) {
        case 'status':
          if (event.run_id && !run.runId) {
            run.runId = event.run_id;
            agent.element.dataset.runId = event.run_id;
            if (run.stopRequested) sendCancel(run);
          }
          if (!run.stopRequested) deps.status.set(event.status, 'busy');
          return;
        case 'token':
          agent.push(event.token);
          return;
        case 'tool_status':
          deps.toolPanel.update(event);
          agent.tool(event);
          return;
        case 'error':
          agent.error(event.code, event.detail);
          return;
        case 'end':
          return;
        default: {
          const exhaustive: never = event;
          throw new Error(`unhandled event ${String(exhaustive)}`);
        }
      }
    };
    return {
      onEvent,
      onConnection: (state) => {
        if (state.kind === 'reconnecting') deps.status.set(`Connection lost, reconnecting (attempt ${state.attempt})…`, 'warn');
        if (state.kind === 'resumed') deps.status.set('Reconnected, catching up…', 'busy');
      },
    };
  }

  function describeFailure(error: unknown): { message: string; unsent: boolean } {
    if (error instanceof ApiError) {
      if (error.status === 401) deps.onUnauthorized();
      const wait = error.retryAfterSeconds ? ` Try again in ${error.retryAfterSeconds} s.` : '';
      return { message: `${error.message}${wait}`, unsent: true };
    }
    if (error instanceof StreamLostError) return { message: error.message, unsent: false };
    if (error instanceof TypeError) return { message: 'Cannot reach the server. Check your connection and try again.', unsent: true };
    return { message: error instanceof Error ? error.message : 'Something went wrong.', unsent: false };
  }

  function begin(runId: string | null): CurrentRun {
    const run: CurrentRun = { runId, stopRequested: false, cancelSent: false, abort: new AbortController() };
    current = run;
    deps.onBusyChange(true);
    return run;
  }

  function settle(agent: AgentMessage, outcome: string): void {
    agent.finish(outcome);
    const [label, kind] = END_STATUS[outcome] ?? ['Finished', 'ok'];
    deps.status.set(label, kind);
    current = null;
    deps.onBusyChange(false);
    deps.onFinished();
  }

  async function start(agentId: string, text: string, body: InvokeBody): Promise<void> {
    if (current) return;
    const userRow = deps.chat.addUser(text);
    deps.chat.scroller.pin();
    const agent = deps.chat.addAgent();
    const run = begin(null);
    deps.status.set('Sending…', 'busy');
    const callbacks = callbacksFor(run, agent);
    let outcome = 'failed';
    try {
      outcome = (await deps.streamClient.invoke(agentId, body, callbacks, run.abort.signal)).outcome;
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && error.runId) {
        userRow.classList.add('not-sent');
        run.runId = error.runId;
        agent.element.dataset.runId = error.runId;
        deps.chat.addNotice('A reply is already being written on this thread; showing it instead. Send your message again when it is done.', 'info');
        deps.status.set('Joining the run in progress…', 'busy');
        try {
          outcome = (await deps.streamClient.join(error.runId, callbacks, { signal: run.abort.signal })).outcome;
        } catch (joinError) {
          agent.error('connection', describeFailure(joinError).message);
        }
      } else {
        const failure = describeFailure(error);
        if (failure.unsent) userRow.classList.add('not-sent');
        agent.error(error instanceof ApiError ? error.code : 'connection', failure.message);
      }
    } finally {
      settle(agent, outcome);
    }
  }

  /**
   * Re-attach to a run already going on the thread whose history is shown (reload, another tab): replay
   * its events from the start into a new agent bubble, then follow it live, with Stop working as usual.
   * The history already holds the user's message, so no user bubble is added. `gone` means the server no
   * longer keeps the run's events (it ended meanwhile): nothing was drawn, reload the history instead.
   */
  async function attach(runId: string): Promise<'ended' | 'gone' | 'busy'> {
    if (current) return 'busy';
    const agent = deps.chat.addAgent(new Date(), runId);
    deps.chat.scroller.pin();
    const run = begin(runId);
    deps.status.set('Joining the reply in progress…', 'busy');
    let outcome = 'failed';
    try {
      outcome = (await deps.streamClient.join(runId, callbacksFor(run, agent), { signal: run.abort.signal })).outcome;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        agent.element.remove();
        current = null;
        deps.status.set('Ready', 'idle');
        deps.onBusyChange(false);
        return 'gone';
      }
      agent.error(error instanceof ApiError ? error.code : 'connection', describeFailure(error).message);
    }
    settle(agent, outcome);
    return 'ended';
  }

  function stop(): void {
    const run = current;
    if (!run || run.stopRequested) return;
    run.stopRequested = true;
    deps.status.set('Stopping…', 'warn');
    sendCancel(run);
    setTimeout(() => {
      if (current === run) run.abort.abort();
    }, STOP_GRACE_MS);
  }

  return {
    start,
    attach,
    stop,
    get busy() {
      return current !== null;
    },
  };
}
