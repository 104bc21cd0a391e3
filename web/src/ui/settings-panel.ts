import type { AccessLevel, AgentDetails, LlmsResponse } from '../api-types.js';
import { clear, h } from '../dom.js';

export interface RunSettings {
  context: string;
  threadId: string;
  modelName: string;
  resetMemory: boolean;
  loadFromJson: boolean;
  agentConfigText: string;
  agentStyle: string;
}

export interface SettingsPanel {
  readonly element: HTMLElement;
  read(): RunSettings;
  setModels(llms: LlmsResponse): void;
  /** A new agent: pick its model, offer its config for JSON test runs if the caller may edit it. */
  setAgent(agent: AgentDetails | null, modelName: string, access: AccessLevel | null): void;
  setThreadId(threadId: string): void;
  /** Reset memory is for one turn: untick it once it was sent. */
  consumeResetMemory(): void;
  setDisabled(disabled: boolean): void;
  /** "Try it": tick Load-from-JSON with this unsaved config. */
  loadDraft(draft: Record<string, unknown>): void;
}

const EDITOR_LEVELS: ReadonlySet<AccessLevel> = new Set(['owner', 'company', 'editor']);
const EDITABLE_FIELDS = ['agent_name', 'description', 'agent_style', 'model_name', 'tools', 'on_status'] as const;

/** The seed's settings: context, thread ID, model, reset memory, load-from-JSON (editors), agent style. */
export function createSettingsPanel(onThreadChange: (threadId: string) => void): SettingsPanel {
  const context = h('textarea', { rows: 2, placeholder: 'Optional background for this turn', 'data-testid': 'settings-context' });
  const threadId = h('input', { type: 'text', value: '1', maxlength: 200, spellcheck: 'false', 'data-testid': 'settings-thread-id' });
  const model = h('select', { 'data-testid': 'settings-model' });
  const resetMemory = h('input', { type: 'checkbox', 'data-testid': 'settings-reset-memory' });
  const loadFromJson = h('input', { type: 'checkbox', 'data-testid': 'settings-load-json' });
  const agentConfig = h('textarea', { rows: 10, spellcheck: 'false', class: 'mono', 'data-testid': 'settings-agent-config', 'aria-label': 'Agent config JSON' });
  const agentStyle = h('textarea', { rows: 2, placeholder: 'Optional extra style or personality', 'data-testid': 'settings-agent-style' });
  const configBox = h('div', { class: 'json-config', hidden: true, 'data-testid': 'settings-agent-config-box' }, agentConfig, h('p', { class: 'hint' }, 'This unsaved draft is used for the next turns while the box is ticked. Tools and secrets still come from the server.'));
  const jsonRow = h('div', { class: 'field', 'data-testid': 'settings-load-json-row' }, h('label', { class: 'check' }, loadFromJson, 'Load from JSON (test an unsaved config)'), configBox);

  // Model and developer settings only for editors: visitors may not override the model (the server refuses it too).
  const modelRow = h('label', { class: 'field', 'data-testid': 'settings-model-row' }, 'Model', model);
  const styleRow = h('label', { class: 'field', 'data-testid': 'settings-style-row' }, 'Agent style', agentStyle);

  loadFromJson.addEventListener('change', () => {
    configBox.hidden = !loadFromJson.checked;
  });
  threadId.addEventListener('change', () => {
    const value = threadId.value.trim() || '1';
    threadId.value = value;
    onThreadChange(value);
  });

  const element = h(
    'section',
    { class: 'panel-section settings-panel', 'data-testid': 'settings-panel', 'aria-label': 'Run settings' },
    h('div', { class: 'section-head' }, h('h2', {}, 'Settings')),
    h('label', { class: 'field' }, 'Thread ID', threadId),
    modelRow,
    h('label', { class: 'field' }, 'Context', context),
    styleRow,
    h('label', { class: 'check' }, resetMemory, 'Reset memory of this thread on the next message'),
    jsonRow,
  );

  return {
    element,
    read: () => ({
      context: context.value,
      threadId: threadId.value.trim() || '1',
      modelName: modelRow.hidden ? '' : model.value,
      resetMemory: resetMemory.checked,
      loadFromJson: !jsonRow.hidden && loadFromJson.checked,
      agentConfigText: agentConfig.value,
      agentStyle: agentStyle.value,
    }),
    setModels(llms) {
      clear(model);
      const models = llms.models?.length ? llms.models : llms.available_models.map((id) => ({ id, label: id, provider: '', supports_tools: true }));
      for (const entry of models) model.append(h('option', { value: entry.id }, entry.label && entry.label !== entry.id ? `${entry.label} (${entry.id})` : entry.id));
      model.value = llms.default_model;
    },
    setAgent(agent, modelName, access) {
      if (modelName && ![...model.options].some((option) => option.value === modelName)) {
        model.append(h('option', { value: modelName }, modelName));
      }
      if (modelName) model.value = modelName;
      const canEdit = agent !== null && access !== null && EDITOR_LEVELS.has(access);
      jsonRow.hidden = !canEdit;
      modelRow.hidden = !canEdit;
      styleRow.hidden = !canEdit;
      loadFromJson.checked = false;
      configBox.hidden = true;
      agentConfig.value = agent ? JSON.stringify(Object.fromEntries(EDITABLE_FIELDS.map((key) => [key, agent[key]])), null, 2) : '';
    },
    loadDraft(draft) {
      if (jsonRow.hidden) return;
      agentConfig.value = JSON.stringify(draft, null, 2);
      loadFromJson.checked = true;
      configBox.hidden = false;
    },
    setThreadId(value) {
      threadId.value = value;
    },
    consumeResetMemory() {
      resetMemory.checked = false;
    },
    setDisabled(disabled) {
      for (const control of [threadId, model]) control.disabled = disabled;
    },
  };
}
