import type { DiscoveredTool, ToolDetail } from '../api-types.js';
import { clear, h, prettyValue } from '../dom.js';
import { go, href } from '../router.js';
import type { ToolFields } from './console-api.js';
import { mayAdminister, type ConsoleContext, type Screen } from './console-context.js';
import { secretsEditor } from './secrets-editor.js';
import { checkbox, confirmButton, field, messageLine, parseJsonObject, screen, select } from './ui.js';

const BUILTINS: Array<[string, string]> = [
  ['calculator', 'calculator: evaluates {"expression"}'],
  ['current_time', 'current_time: the date and time'],
  ['fetch_url', 'fetch_url: GET a public page {"url"}'],
];
const EXAMPLE_SCHEMA = { type: 'object', properties: { city: { type: 'string', description: 'City name' } }, required: ['city'] };

/** Create (`id` null) or edit a tool: builtin, http or mcp, write-only secrets, Test and Discover. */
export function toolEditor(ctx: ConsoleContext, id: string | null): Screen {
  const body = h('div', { class: 'editor-body' }, h('p', { class: 'muted' }, 'Loading…'));
  const message = messageLine();
  const element = screen(id ? 'Tool' : 'New tool', 'tool-editor', h('a', { href: href('tools'), class: 'btn ghost' }, '← Tools'), message.element, body);

  void (async () => {
    try {
      const tool = id ? await ctx.api.tool(id) : null;
      clear(body);
      body.append(buildForm(tool));
    } catch (error) {
      clear(body);
      message.error(error, 'Could not load the tool');
    }
  })();

  function buildForm(tool: ToolDetail | null): HTMLElement {
    const config = (tool?.config ?? {}) as Record<string, unknown>;
    const text = (key: string): string => (typeof config[key] === 'string' ? (config[key] as string) : '');
    const json = (key: string): string => (config[key] === undefined ? '' : JSON.stringify(config[key], null, 2));

    const name = h('input', { type: 'text', required: true, pattern: '[A-Za-z0-9_\\-]{1,64}', value: tool?.name ?? '', spellcheck: 'false', 'data-testid': 'tool-name' });
    const description = h('textarea', { rows: 2, maxlength: 2000, 'data-testid': 'tool-description' });
    description.value = tool?.description ?? '';
    const kind = select([['http', 'HTTP API'], ['mcp', 'MCP server'], ['builtin', 'Built-in']], tool?.kind ?? 'http', { 'data-testid': 'tool-kind' });
    kind.disabled = tool !== null;
    const companies = ctx.me.companies.filter((c) => c.role !== 'guest');
    const company = select([['', 'Personal'], ...companies.map((c) => [c.company_id, c.name] as [string, string])], tool?.company_id ?? '', { 'data-testid': 'tool-company' });
    const on = checkbox('On', tool?.on_status ?? true, 'tool-on');

    const builtin = select(BUILTINS, text('builtin') || 'calculator', { 'data-testid': 'tool-builtin' });
    const url = h('input', { type: 'url', placeholder: 'https://api.example.com/weather?q={{input.city}}', value: text('url'), spellcheck: 'false', 'data-testid': 'tool-url' });
    const method = select(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => [m, m] as [string, string]), text('method') || 'GET', { 'data-testid': 'tool-method' });
    const headers = h('textarea', { rows: 3, class: 'mono', placeholder: '{"Authorization": "Bearer {{env.API_KEY}}"}', 'data-testid': 'tool-headers' });
    headers.value = json('headers');
    const bodyTemplate = h('textarea', { rows: 3, class: 'mono', placeholder: '{"q": "{{input.city}}"}', 'data-testid': 'tool-body' });
    bodyTemplate.value = typeof config.body === 'string' ? config.body : json('body');
    const inputSchema = h('textarea', { rows: 6, class: 'mono', 'data-testid': 'tool-input-schema' });
    inputSchema.value = json('input_schema');
    const example = h('button', { type: 'button', class: 'btn small ghost', 'data-testid': 'tool-schema-example' }, 'Insert an example');
    example.addEventListener('click', () => {
      inputSchema.value = JSON.stringify(EXAMPLE_SCHEMA, null, 2);
    });
    const timeout = h('input', { type: 'number', min: 100, max: 120000, step: 100, placeholder: '30000', value: typeof config.timeout_ms === 'number' ? String(config.timeout_ms) : '', 'data-testid': 'tool-timeout' });
    const transport = select([['streamable-http', 'Streamable HTTP'], ['sse', 'SSE (older servers)']], text('transport') || 'streamable-http', { 'data-testid': 'tool-transport' });
    const secrets = secretsEditor(Object.keys(tool?.env ?? {}));

    const builtinBox = h('div', { class: 'kind-fields' }, field('Built-in tool', builtin));
    const httpBox = h(
      'div',
      { class: 'kind-fields' },
      field('Method', method),
      field('Body template', bodyTemplate, 'Sent for POST, PUT and PATCH. Templates: {{input.NAME}} and {{env.SECRET}}.'),
      h('div', { class: 'field' }, h('span', { class: 'field-label' }, 'Input schema (JSON Schema: what the model sends)'), inputSchema, example),
      field('Timeout (ms)', timeout),
    );
    const urlField = field('URL', url);
    const headersField = field('Headers (JSON object of templates)', headers);
    const discoverBox = h('div', { class: 'discover', 'data-testid': 'tool-discovered' });
    const discover = h('button', { type: 'button', class: 'btn', 'data-testid': 'tool-discover' }, 'Discover tools');
    const mcpBox = h('div', { class: 'kind-fields' }, field('Transport', transport), discover, discoverBox);
    const showKind = (): void => {
      builtinBox.hidden = kind.value !== 'builtin';
      httpBox.hidden = kind.value !== 'http';
      mcpBox.hidden = kind.value !== 'mcp';
      urlField.hidden = headersField.hidden = kind.value === 'builtin';
      url.required = kind.value !== 'builtin';
    };
    kind.addEventListener('change', showKind);
    showKind();

    const readConfig = (): Record<string, unknown> => {
      if (kind.value === 'builtin') return { builtin: builtin.value };
      const headerObject = parseJsonObject(headers.value, 'Headers');
      if (kind.value === 'mcp') return { url: url.value.trim(), transport: transport.value, ...(Object.keys(headerObject).length ? { headers: headerObject } : {}) };
      const schema = inputSchema.value.trim() ? parseJsonObject(inputSchema.value, 'Input schema') : { type: 'object', properties: {} };
      // What the model sends is always an object of named arguments.
      if (schema.type !== 'object') throw new Error('The input schema must describe an object: {"type": "object", "properties": {…}}');
      const out: Record<string, unknown> = { url: url.value.trim(), method: method.value, input_schema: schema };
      if (Object.keys(headerObject).length) out.headers = headerObject;
      if (bodyTemplate.value.trim()) out.body = bodyTemplate.value;
      if (timeout.value) out.timeout_ms = Number(timeout.value);
      return out;
    };

    discover.addEventListener('click', () => {
      void (async () => {
        clear(discoverBox);
        try {
          const found = await ctx.api.discoverTools(readConfig(), secrets.forDiscover(), tool?.tool_id);
          showDiscovered(found.tools);
        } catch (error) {
          message.error(error, 'Discover failed');
        }
      })();
    });
    let discovered: DiscoveredTool[] = [];
    const showDiscovered = (tools: DiscoveredTool[]): void => {
      discovered = tools;
      clear(discoverBox);
      discoverBox.append(h('p', { class: 'hint' }, `${tools.length} tool${tools.length === 1 ? '' : 's'} on this server; the model sees each as ${name.value || '<name>'}__<tool>.`));
      discoverBox.append(h('ul', { class: 'plain-list' }, ...tools.map((t) => h('li', { 'data-testid': 'discovered-tool' }, h('code', {}, t.name), t.description ? ` — ${t.description}` : ''))));
      fillTestTools();
    };

    // Test: one call with sample input; the result is shown as the server returns it (secrets scrubbed).
    const testInput = h('textarea', { rows: 3, class: 'mono', 'data-testid': 'tool-test-input' });
    testInput.value = '{}';
    const testTool = select([], '', { 'data-testid': 'tool-test-name', 'aria-label': 'MCP tool to call' });
    const fillTestTools = (): void => {
      clear(testTool);
      for (const t of discovered) testTool.append(h('option', { value: t.name }, t.name));
      testTool.hidden = tool?.kind !== 'mcp';
    };
    fillTestTools();
    const runTest = h('button', { type: 'button', class: 'btn', 'data-testid': 'tool-test-run' }, 'Run test');
    const testResult = h('pre', { class: 'test-result', 'data-testid': 'tool-test-result', hidden: true });
    runTest.addEventListener('click', () => {
      if (!tool) return;
      void (async () => {
        runTest.disabled = true;
        try {
          const result = await ctx.api.testTool(tool.tool_id, parseJsonObject(testInput.value, 'Test input'), tool.kind === 'mcp' ? testTool.value || undefined : undefined);
          testResult.hidden = false;
          testResult.dataset.ok = String(result.ok);
          testResult.textContent = `${result.ok ? 'OK' : 'Failed'} in ${result.duration_ms} ms\n${prettyValue(result.output)}`;
        } catch (error) {
          message.error(error, 'Test failed');
        } finally {
          runTest.disabled = false;
        }
      })();
    });
    const testCard = tool
      ? h('fieldset', { class: 'card', 'data-testid': 'tool-test' }, h('legend', {}, 'Test'), field('Input (JSON)', testInput), testTool, runTest, testResult)
      : h('p', { class: 'hint' }, 'Save the tool to test it.');

    const save = h('button', { type: 'submit', class: 'btn primary', 'data-testid': 'tool-save' }, tool ? 'Save' : 'Create tool');
    const remove = tool && mayAdminister(ctx.me, tool)
      ? confirmButton('Delete', `Delete the tool "${tool.name}"? Agents using it lose it.`, 'tool-delete', async () => {
          try {
            await ctx.api.deleteTool(tool.tool_id);
            go(href('tools'));
          } catch (error) {
            message.error(error, 'Could not delete');
          }
        })
      : null;

    const form = h(
      'form',
      { class: 'form', 'data-testid': 'tool-form' },
      h('div', { class: 'card' }, field('Name', name, 'What the model sees: letters, digits, _ and -.'), field('Description', description, 'Tell the model when to use it.'), field('Kind', kind), field('Company', company), on.row),
      h('div', { class: 'card' }, urlField, headersField, builtinBox, httpBox, mcpBox),
      h('fieldset', { class: 'card' }, h('legend', {}, 'Secrets'), secrets.element),
      testCard,
      h('div', { class: 'form-actions' }, save, h('span', { class: 'spacer' }), remove),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void (async () => {
        message.show(null);
        save.disabled = true;
        try {
          const env = secrets.changes();
          const fields: ToolFields = { name: name.value.trim(), description: description.value, kind: kind.value as ToolFields['kind'], config: readConfig(), env, on_status: on.input.checked, company_id: company.value || null };
          if (tool) {
            const { kind: _kind, ...changes } = fields;
            await ctx.api.updateTool(tool.tool_id, changes);
            // Reload: secrets show as stored now, and typed values leave the page.
            go(href('tools', tool.tool_id));
          } else {
            const created = await ctx.api.createTool({ ...fields, env: Object.fromEntries(Object.entries(env).filter(([, v]) => v !== null)) as Record<string, string> });
            go(href('tools', created.tool_id));
          }
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
