import type { Company, ToolDetail } from '../api-types.js';
import { clear, h } from '../dom.js';
import { href } from '../router.js';
import type { ConsoleContext, Screen } from './console-context.js';
import { badge, messageLine, screen } from './ui.js';

/** Tools you can see: kind, company, secrets by name only ("set"). */
export function toolsScreen(ctx: ConsoleContext): Screen {
  const list = h('ul', { class: 'item-list', 'data-testid': 'tools-list' });
  const message = messageLine();
  const create = h('a', { class: 'btn primary', href: href('tools', 'new'), 'data-testid': 'tool-new' }, 'New tool');

  const render = (tools: ToolDetail[], companies: Map<string, string>): void => {
    clear(list);
    if (tools.length === 0) list.append(h('li', { class: 'empty' }, 'No tools yet. Create one, then attach it to an agent.'));
    for (const tool of tools) {
      const secrets = Object.keys(tool.env);
      list.append(
        h(
          'li',
          { class: 'item', 'data-testid': 'tool-row', 'data-tool-id': tool.tool_id },
          h('a', { href: href('tools', tool.tool_id), class: 'item-main' }, h('strong', { class: 'item-title' }, tool.name), h('span', { class: 'item-sub' }, tool.description || describeConfig(tool))),
          h(
            'span',
            { class: 'item-meta' },
            badge(tool.kind, `kind-${tool.kind}`),
            badge(tool.company_id ? (companies.get(tool.company_id) ?? 'Company') : 'Personal'),
            secrets.length ? badge(`${secrets.length} secret${secrets.length === 1 ? '' : 's'} set`) : null,
            tool.on_status ? null : badge('Off', 'off'),
          ),
        ),
      );
    }
  };

  void (async () => {
    try {
      const [tools, companies] = await Promise.all([ctx.api.tools(), ctx.api.companies().catch(() => [] as Company[])]);
      render(tools, new Map(companies.map((c) => [c.company_id, c.name])));
    } catch (error) {
      message.error(error, 'Could not load the tools');
    }
  })();

  return { element: screen('Tools', 'tools-screen', create, message.element, list) };
}

function describeConfig(tool: ToolDetail): string {
  const config = tool.config as Record<string, unknown>;
  if (tool.kind === 'builtin') return `Built-in ${String(config.builtin ?? '')}`;
  return `${tool.kind === 'mcp' ? 'MCP server' : String(config.method ?? 'GET')} ${String(config.url ?? '')}`;
}
