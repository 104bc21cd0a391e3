import type { AgentSummary, RunListItem } from '../api-types.js';
import { clear, formatDateTime, h } from '../dom.js';
import { go, href } from '../router.js';
import type { ConsoleContext, Screen } from './console-context.js';
import { badge, messageLine, screen, select } from './ui.js';

const STATUSES = ['running', 'completed', 'cancelled', 'failed', 'timed_out', 'interrupted'];

/** Recent runs you may see, filtered by status and agent (kept in the URL), newest first, paged back. */
export function runsScreen(ctx: ConsoleContext, query: URLSearchParams): Screen {
  const status = select([['', 'Any status'], ...STATUSES.map((s) => [s, s.replace('_', ' ')] as [string, string])], query.get('status') ?? '', { 'aria-label': 'Status', 'data-testid': 'runs-status' });
  const agent = select([['', 'Any agent']], '', { 'aria-label': 'Agent', 'data-testid': 'runs-agent' });
  const table = h('tbody', { 'data-testid': 'runs-list' });
  const more = h('button', { type: 'button', class: 'btn', hidden: true, 'data-testid': 'runs-more' }, 'Older runs');
  const message = messageLine();
  let before: string | null = null;

  const applyFilters = (): void => {
    const params = new URLSearchParams();
    if (status.value) params.set('status', status.value);
    if (agent.value) params.set('agent_id', agent.value);
    go(`${href('runs')}${params.size ? `?${params}` : ''}`);
  };
  status.addEventListener('change', applyFilters);
  agent.addEventListener('change', applyFilters);
  more.addEventListener('click', () => void load(false));

  async function load(first: boolean): Promise<void> {
    try {
      const page = await ctx.api.runs({ status: query.get('status') ?? undefined, agent_id: query.get('agent_id') ?? undefined, before: first ? undefined : (before ?? undefined), limit: 50 });
      if (first) clear(table);
      for (const run of page.runs) table.append(row(run));
      if (first && page.runs.length === 0) table.append(h('tr', {}, h('td', { colspan: 7, class: 'empty' }, 'No runs match.')));
      before = page.next_before;
      more.hidden = before === null;
    } catch (error) {
      message.error(error, 'Could not load the runs');
    }
  }

  void (async () => {
    const agents = await ctx.api.agents().catch(() => [] as AgentSummary[]);
    for (const entry of agents) agent.append(h('option', { value: entry.agent_id }, entry.agent_name));
    agent.value = query.get('agent_id') ?? '';
    await load(true);
  })();

  const head = h('thead', {}, h('tr', {}, ...['Agent', 'Thread', 'Status', 'Started', 'Duration', 'Tokens', 'Model'].map((label) => h('th', {}, label))));
  return { element: screen('Runs', 'runs-screen', null, h('div', { class: 'toolbar' }, status, agent), message.element, h('div', { class: 'table-wrap' }, h('table', { class: 'table' }, head, table)), more) };
}

function row(run: RunListItem): HTMLElement {
  const link = h('a', { href: href('runs', run.run_id), 'data-testid': 'run-link' }, run.agent_name ?? '(deleted agent)');
  const tokens = run.total_tokens ?? run.usage?.total_tokens ?? null;
  return h(
    'tr',
    { 'data-testid': 'run-row', 'data-run-id': run.run_id, 'data-status': run.status },
    h('td', {}, link),
    h('td', {}, `# ${run.thread_id}`),
    h('td', {}, badge(run.status.replace('_', ' '), `status-${run.status}`)),
    h('td', {}, formatDateTime(new Date(run.started_at))),
    h('td', {}, run.duration_ms === null ? '—' : `${(run.duration_ms / 1000).toFixed(1)} s`),
    h('td', {}, tokens === null ? '—' : String(tokens)),
    h('td', { class: 'mono' }, run.model),
  );
}
