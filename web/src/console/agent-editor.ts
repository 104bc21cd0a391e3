import { ApiError } from '../api-error.js';
import type { AgentDetails, LlmsResponse, ToolDetail } from '../api-types.js';
import { clear, h } from '../dom.js';
import { go, href } from '../router.js';
import type { AgentFields } from './console-api.js';
import { DRAFT_KEY, mayAdminister, roleIn, type ConsoleContext, type Screen } from './console-context.js';
import { emailChips } from './email-chips.js';
import { checkbox, confirmButton, field, messageLine, screen, select } from './ui.js';

/** Create (`id` null) or edit an agent: every field of SPEC §3, tools, sharing, delete, "Try it". */
export function agentEditor(ctx: ConsoleContext, id: string | null): Screen {
  const body = h('div', { class: 'editor-body' }, h('p', { class: 'muted' }, 'Loading…'));
  const message = messageLine();
  const element = screen(id ? 'Agent' : 'New agent', 'agent-editor', h('a', { href: href('agents'), class: 'btn ghost' }, '← Agents'), message.element, body);

  void (async () => {
    try {
      const [llms, tools] = await Promise.all([ctx.api.llms(), ctx.api.tools().catch(() => [] as ToolDetail[])]);
      let agent: AgentDetails | null = null;
      if (id) {
        try {
          agent = await ctx.api.agent(id);
        } catch (error) {
          if (error instanceof ApiError && error.status === 403) return showReadOnly(id);
          throw error;
        }
      }
      clear(body);
      body.append(buildForm(agent, llms, tools));
    } catch (error) {
      clear(body);
      if (error instanceof ApiError && error.status === 401) return ctx.onUnauthorized();
      message.error(error, 'Could not load the agent');
    }
  })();

  /** Visitors may chat, not read the configuration: the public profile and a Chat button. */
  async function showReadOnly(agentId: string): Promise<void> {
    const info = await ctx.api.agentInfo(agentId);
    clear(body);
    body.append(
      h(
        'div',
        { class: 'card', 'data-testid': 'agent-readonly' },
        h('h2', {}, info.agent_name),
        h('p', {}, info.description || 'No description'),
        h('p', { class: 'muted' }, 'You may chat with this agent; only its editors see and change its configuration.'),
        h('a', { class: 'btn primary', href: `${href('chat')}?agent=${encodeURIComponent(agentId)}` }, 'Chat'),
      ),
    );
  }

  function buildForm(agent: AgentDetails | null, llms: LlmsResponse, tools: ToolDetail[]): HTMLElement {
    const access = agent?.access_level ?? 'owner';
    const companyRole = roleIn(ctx.me, agent?.company_id ?? null);
    const canEdit = access === 'owner' || access === 'editor' || (access === 'company' && companyRole !== 'guest');
    const canAdminister = agent === null || mayAdminister(ctx.me, agent);

    const name = h('input', { type: 'text', required: true, maxlength: 200, value: agent?.agent_name ?? '', 'data-testid': 'agent-name-input' });
    const description = h('textarea', { rows: 2, maxlength: 2000, 'data-testid': 'agent-description' });
    description.value = agent?.description ?? '';
    const style = h('textarea', { rows: 6, maxlength: 20000, placeholder: 'How the agent answers: its role, tone and rules', 'data-testid': 'agent-style' });
    style.value = agent?.agent_style ?? '';
    const models = llms.models?.length ? llms.models.map((m) => [m.id, m.label && m.label !== m.id ? `${m.label} (${m.id})` : m.id] as [string, string]) : llms.available_models.map((m) => [m, m] as [string, string]);
    if (agent && !models.some(([value]) => value === agent.model_name)) models.push([agent.model_name, agent.model_name]);
    const model = select(models, agent?.model_name ?? llms.default_model, { 'data-testid': 'agent-model' });
    const companies = ctx.me.companies.filter((c) => c.role !== 'guest');
    const companyOptions: Array<[string, string]> = [['', 'Personal (only you, and whom you share it with)'], ...companies.map((c) => [c.company_id, c.name] as [string, string])];
    if (agent?.company_id && !companyOptions.some(([value]) => value === agent.company_id)) companyOptions.push([agent.company_id, 'Current company']);
    const company = select(companyOptions, agent?.company_id ?? '', { 'data-testid': 'agent-company' });
    const on = checkbox('On (off: nobody can start a run)', agent?.on_status ?? true, 'agent-on');

    const attached = new Set(agent?.tools ?? []);
    const toolBox = h('div', { class: 'tool-picker', 'data-testid': 'agent-tools' });
    const renderTools = (): void => {
      for (const box of toolBox.querySelectorAll<HTMLInputElement>('input[type=checkbox]')) {
        if (box.checked) attached.add(box.value);
        else attached.delete(box.value);
      }
      clear(toolBox);
      // Only tools of the agent's own company (or your personal tools for a personal agent) may be attached.
      const companyId = company.value || null;
      const fitting = tools.filter((tool) => tool.company_id === companyId && (companyId !== null || tool.user_id === ctx.me.user.user_id));
      const kept = tools.filter((tool) => attached.has(tool.tool_id) && !fitting.includes(tool));
      for (const tool of [...fitting, ...kept]) {
        const box = h('input', { type: 'checkbox', value: tool.tool_id, 'data-testid': 'agent-tool-option', 'data-tool-name': tool.name });
        box.checked = attached.has(tool.tool_id);
        toolBox.append(h('label', { class: 'check tool-option' }, box, h('span', {}, h('strong', {}, tool.name), ` · ${tool.kind}`, tool.description ? h('span', { class: 'muted' }, ` — ${tool.description}`) : null)));
      }
      if (!toolBox.firstChild) toolBox.append(h('p', { class: 'muted' }, companyId ? 'This company has no tools yet.' : 'You have no personal tools yet.'), h('a', { href: href('tools', 'new') }, 'Create a tool'));
    };
    company.addEventListener('change', renderTools);
    renderTools();

    const editors = emailChips(agent?.share_editor_with ?? [], 'share-editors', 'Add an editor e-mail');
    const visitors = emailChips(agent?.share_visitor_with ?? [], 'share-visitors', 'Add a visitor e-mail');
    const sharing = canAdminister
      ? h(
          'fieldset',
          { class: 'card', 'data-testid': 'agent-sharing' },
          h('legend', {}, 'Sharing'),
          h('p', { class: 'hint' }, 'Editors may change the agent and test drafts; visitors may only chat with it and never see its configuration or tools.'),
          field('Editors', editors.element),
          field('Visitors', visitors.element),
        )
      : null;

    const fields = (): AgentFields => {
      renderTools();
      return {
        agent_name: name.value.trim(),
        description: description.value,
        agent_style: style.value,
        on_status: on.input.checked,
        model_name: model.value,
        tools: [...attached],
        company_id: company.value || null,
        ...(canAdminister ? { share_editor_with: editors.values(), share_visitor_with: visitors.values() } : {}),
      };
    };

    const save = h('button', { type: 'submit', class: 'btn primary', 'data-testid': 'agent-save' }, agent ? 'Save' : 'Create agent');
    const tryIt = h('button', { type: 'button', class: 'btn', 'data-testid': 'agent-try', title: 'Chat with this draft without saving it', disabled: !agent }, 'Try it');
    tryIt.addEventListener('click', () => {
      if (!agent) return;
      const draft = fields();
      window.sessionStorage.setItem(DRAFT_KEY, JSON.stringify({ agent_id: agent.agent_id, draft: { agent_name: draft.agent_name, description: draft.description, agent_style: draft.agent_style, model_name: draft.model_name, tools: draft.tools, on_status: draft.on_status } }));
      go(`${href('chat')}?agent=${encodeURIComponent(agent.agent_id)}&draft=1`);
    });
    const remove = agent && canAdminister
      ? confirmButton('Delete', `Delete "${agent.agent_name}" and its threads for everyone?`, 'agent-delete', async () => {
          try {
            await ctx.api.deleteAgent(agent.agent_id);
            go(href('agents'));
          } catch (error) {
            message.error(error, 'Could not delete');
          }
        })
      : null;

    const form = h(
      'form',
      { class: 'form', 'data-testid': 'agent-form', novalidate: false },
      h('div', { class: 'card' }, field('Name', name), field('Description', description), field('Style', style, 'The system prompt: what the model is told before every conversation.'), field('Model', model), field('Company', company, 'A company agent belongs to the company: its admins manage it, its members use it.'), on.row),
      h('fieldset', { class: 'card' }, h('legend', {}, 'Tools'), h('p', { class: 'hint' }, 'Tools the model may call. Only tools of the same company (or your personal ones) can be attached.'), toolBox),
      sharing,
      h('div', { class: 'form-actions' }, save, tryIt, h('span', { class: 'spacer' }), remove),
    );
    if (!canEdit) {
      for (const control of form.querySelectorAll<HTMLInputElement | HTMLButtonElement>('input, textarea, select, button')) control.disabled = true;
      form.prepend(h('p', { class: 'muted', 'data-testid': 'agent-readonly-note' }, 'You may read this agent but not change it.'));
      save.hidden = true;
    }
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void (async () => {
        save.disabled = true;
        message.show(null);
        try {
          const sent = fields();
          const saved = agent ? await ctx.api.updateAgent(agent.agent_id, sent) : await ctx.api.createAgent(sent);
          message.show(agent ? 'Saved.' : 'Created.', 'ok');
          if (!agent) go(href('agents', saved.agent_id));
        } catch (error) {
          message.error(error, 'Could not save');
        } finally {
          save.disabled = false;
        }
      })();
    });
    return form;
  }

  return { element };
}
