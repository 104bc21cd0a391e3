import type { AccessLevel, AgentDetails, AgentInfo } from '../api-types.js';
import { append, clear, h } from '../dom.js';

export type AgentView = { kind: 'full'; agent: AgentDetails; access: AccessLevel | null } | { kind: 'public'; agent: AgentInfo };

const ACCESS_LABELS: Record<AccessLevel, string> = { owner: 'Owner', company: 'Company', editor: 'Editor', visitor: 'Visitor' };

/** Who the agent is: name, state, model, access, style, and its tools (secrets appear only as names). */
export function createAgentPanel() {
  const body = h('div', { class: 'agent-body' });
  const element = h('section', { class: 'panel-section agent-panel', 'data-testid': 'agent-details', 'aria-label': 'Agent details' }, body);

  function show(view: AgentView | null, note?: string): void {
    clear(body);
    if (!view) {
      body.append(h('p', { class: 'muted' }, note ?? 'No agent selected.'));
      return;
    }
    const agent = view.agent;
    const access = view.kind === 'full' ? view.access : view.agent.access_level;
    append(
      body,
      h('div', { class: 'agent-title' }, h('div', { class: 'agent-avatar', 'aria-hidden': 'true' }, initials(agent.agent_name)), h('div', {}, h('h2', { 'data-testid': 'agent-name' }, agent.agent_name), h('div', { class: 'badges' }, badge(agent.on_status ? 'Active' : 'Off', agent.on_status ? 'ok' : 'off'), access ? badge(ACCESS_LABELS[access] ?? access, 'access', 'agent-access') : null))),
      agent.description ? h('p', { class: 'agent-description' }, agent.description) : null,
      h('dl', { class: 'facts' }, h('dt', {}, 'Model'), h('dd', { 'data-testid': 'agent-model' }, agent.model_name)),
    );
    if (view.kind === 'public') {
      body.append(h('p', { class: 'hint', 'data-testid': 'agent-visitor-note' }, 'You can talk to this agent; its configuration is shared with editors only.'));
      return;
    }
    if (view.agent.agent_style) {
      body.append(h('details', { class: 'agent-style' }, h('summary', {}, 'Style and instructions'), h('p', { class: 'pre-line' }, view.agent.agent_style)));
    }
    const tools = view.agent.tool_details ?? [];
    const toolList = h('ul', { class: 'agent-tools', 'data-testid': 'agent-tools' });
    for (const tool of tools) {
      const secretNames = Object.keys(tool.env ?? {});
      toolList.append(
        h(
          'li',
          { class: 'agent-tool', 'data-testid': 'agent-tool', 'data-tool-name': tool.name },
          h('div', { class: 'agent-tool-head' }, h('span', { class: 'tool-name' }, tool.name), badge(tool.kind, 'kind'), tool.on_status ? null : badge('off', 'off')),
          tool.description ? h('p', { class: 'muted small' }, tool.description) : null,
          secretNames.length ? h('p', { class: 'small secrets' }, `Secrets: ${secretNames.map((name) => `${name} (set)`).join(', ')}`) : null,
        ),
      );
    }
    append(body, h('h3', { class: 'subhead' }, `Tools (${tools.length})`), tools.length ? toolList : h('p', { class: 'muted small', 'data-testid': 'agent-tools' }, 'This agent has no tools.'));
  }

  return { element, show };
}

function badge(text: string, kind: string, testid?: string): HTMLElement {
  return h('span', { class: `badge badge-${kind}`, 'data-testid': testid }, text);
}

function initials(name: string): string {
  const letters = name.split(/\s+/).filter(Boolean).slice(0, 2).map((word) => word[0]?.toUpperCase() ?? '');
  return letters.join('') || '✦';
}
