import type { AgentSummary, Company } from '../api-types.js';
import { clear, h } from '../dom.js';
import { href } from '../router.js';
import type { ConsoleContext, Screen } from './console-context.js';
import { badge, messageLine, screen, select } from './ui.js';

const ACCESS_LABELS: Record<string, string> = { owner: 'Owner', company: 'Company', editor: 'Editor', visitor: 'Visitor' };

/** Agents you can see: search, a company filter, your access level on each; "New agent". */
export function agentsScreen(ctx: ConsoleContext): Screen {
  const search = h('input', { type: 'search', placeholder: 'Search agents', 'aria-label': 'Search agents', 'data-testid': 'agents-search' });
  const company = select([['', 'All companies'], ['personal', 'Personal']], '', { 'aria-label': 'Company', 'data-testid': 'agents-company' });
  const list = h('ul', { class: 'item-list', 'data-testid': 'agents-list' });
  const message = messageLine();
  const create = h('a', { class: 'btn primary', href: href('agents', 'new'), 'data-testid': 'agent-new' }, 'New agent');
  let agents: AgentSummary[] = [];
  let companies = new Map<string, string>();

  const render = (): void => {
    clear(list);
    const term = search.value.trim().toLowerCase();
    const shown = agents.filter((agent) => {
      if (term && !`${agent.agent_name} ${agent.description}`.toLowerCase().includes(term)) return false;
      if (company.value === 'personal') return agent.company_id === null;
      return company.value === '' || agent.company_id === company.value;
    });
    if (shown.length === 0) list.append(h('li', { class: 'empty' }, agents.length ? 'No agent matches.' : 'No agents yet. Create one.'));
    for (const agent of shown) {
      list.append(
        h(
          'li',
          { class: 'item', 'data-testid': 'agent-row', 'data-agent-id': agent.agent_id },
          h(
            'a',
            { href: href('agents', agent.agent_id), class: 'item-main' },
            h('strong', { class: 'item-title' }, agent.agent_name),
            h('span', { class: 'item-sub' }, agent.description || 'No description'),
          ),
          h(
            'span',
            { class: 'item-meta' },
            badge(agent.company_id ? (companies.get(agent.company_id) ?? 'Company') : 'Personal'),
            badge(ACCESS_LABELS[agent.access_level] ?? agent.access_level, `access-${agent.access_level}`),
            agent.on_status ? null : badge('Off', 'off'),
            h('a', { href: `${href('chat')}?agent=${encodeURIComponent(agent.agent_id)}`, class: 'btn small', 'data-testid': 'agent-chat' }, 'Chat'),
          ),
        ),
      );
    }
  };
  search.addEventListener('input', render);
  company.addEventListener('change', render);

  void (async () => {
    try {
      const [loaded, known] = await Promise.all([ctx.api.agents(), ctx.api.companies().catch(() => [] as Company[])]);
      agents = loaded;
      companies = new Map(known.map((entry) => [entry.company_id, entry.name]));
      for (const [id, name] of companies) company.append(h('option', { value: id }, name));
      render();
    } catch (error) {
      message.error(error, 'Could not load the agents');
    }
  })();

  return { element: screen('Agents', 'agents-screen', create, h('div', { class: 'toolbar' }, search, company), message.element, list) };
}
