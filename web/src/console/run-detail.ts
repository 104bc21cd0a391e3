import type { RunInfo } from '../api-types.js';
import { clear, formatDateTime, h } from '../dom.js';
import { href } from '../router.js';
import { createChatView } from '../ui/chat-view.js';
import type { ConsoleContext, Screen } from './console-context.js';
import { badge, messageLine, screen } from './ui.js';

/** One run: its facts, and its events replayed from the run log (live while it runs), with Cancel. */
export function runDetail(ctx: ConsoleContext, runId: string): Screen {
  const message = messageLine();
  const facts = h('dl', { class: 'facts', 'data-testid': 'run-facts' });
  const cancel = h('button', { type: 'button', class: 'btn danger', hidden: true, 'data-testid': 'run-cancel' }, 'Cancel run');
  const events = h('ol', { class: 'event-log', 'data-testid': 'run-events' });
  const chat = createChatView(ctx.baseUrl, ctx.media);
  const stop = new AbortController();
  let agentName: string | null = null;

  const showFacts = (run: RunInfo): void => {
    clear(facts);
    const add = (label: string, value: HTMLElement | string): void => void facts.append(h('dt', {}, label), h('dd', {}, value));
    add('Status', badge(run.status.replace('_', ' '), `status-${run.status}`));
    add('Agent', h('a', { href: href('agents', run.agent_id), 'data-testid': 'run-agent' }, agentName ?? run.agent_id));
    add('Thread', `# ${run.thread_id}`);
    add('Model', run.model);
    add('Started', formatDateTime(new Date(run.started_at)));
    if (run.ended_at) add('Ended', formatDateTime(new Date(run.ended_at)));
    if (run.usage) add('Tokens', `${run.usage.input_tokens} in · ${run.usage.output_tokens} out`);
    if (run.error_code) add('Error', `${run.error_code}${run.error_detail ? `: ${run.error_detail}` : ''}`);
    facts.dataset.status = run.status;
    cancel.hidden = run.status !== 'running';
  };

  cancel.addEventListener('click', () => {
    void ctx.api.cancelRun(runId).then(showFacts, (error: unknown) => message.error(error, 'Could not cancel'));
  });

  void (async () => {
    try {
      const first = await ctx.api.run(runId);
      showFacts(first);
      void ctx.api.agentInfo(first.agent_id).then((info) => {
        agentName = info.agent_name;
        const link = facts.querySelector('[data-testid="run-agent"]');
        if (link) link.textContent = info.agent_name;
      }, () => undefined);
      const agent = chat.addAgent(new Date(), runId);
      const result = await ctx.streamClient.join(
        runId,
        {
          onEvent: (event, seq) => {
            events.append(h('li', { 'data-testid': 'run-event', 'data-type': event.type }, h('code', {}, `${seq ?? ''} ${event.type}`), ' ', describe(event)));
            if (event.type === 'token') agent.push(event.token);
            else if (event.type === 'tool_status') agent.tool(event);
            else if (event.type === 'error') agent.error(event.code, event.detail);
          },
        },
        { signal: stop.signal },
      );
      agent.finish(result.outcome);
      showFacts(await ctx.api.run(runId));
    } catch (error) {
      if (!stop.signal.aborted) message.error(error, 'Could not replay the run');
    }
  })();

  return {
    element: screen('Run', 'run-detail', h('a', { href: href('runs'), class: 'btn ghost' }, '← Runs'), message.element, h('div', { class: 'card' }, facts, cancel), h('div', { class: 'card run-replay' }, h('h3', {}, 'Replay'), chat.element), h('details', { class: 'card' }, h('summary', {}, 'Events'), events)),
    dispose: () => stop.abort(),
  };
}

function describe(event: { type: string } & Record<string, unknown>): string {
  if (event.type === 'token') return JSON.stringify(event.token);
  if (event.type === 'status') return String(event.status);
  if (event.type === 'tool_status') return `${String(event.tool_name)} ${event.is_start ? 'started' : 'ended'}`;
  if (event.type === 'error') return `${String(event.code)}: ${String(event.detail ?? '')}`;
  if (event.type === 'end') return String(event.outcome ?? '');
  return '';
}
