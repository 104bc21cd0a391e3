import type { InvokeBody } from './api-types.js';
import type { RunSettings } from './ui/settings-panel.js';

/** The seed's body with every field spelled out; checked below against what the server accepts. */
export interface OutgoingInvokeBody {
  input: { messages: string; context: string };
  config: { configurable: { thread_id: string } };
  metadata: { model_name?: string; reset_memory: boolean; load_from_json: boolean; agent_style: string };
  agent_config: Record<string, unknown> | null;
}
type AcceptedByServer<T extends InvokeBody> = T;
export type CheckedInvokeBody = AcceptedByServer<OutgoingInvokeBody>;

export type BuiltBody = { ok: true; body: CheckedInvokeBody } | { ok: false; message: string };

/** The seed's request body from the message and the settings panel; a broken config draft is refused here. */
export function buildInvokeBody(message: string, settings: RunSettings): BuiltBody {
  let agentConfig: Record<string, unknown> | null = null;
  if (settings.loadFromJson) {
    try {
      const parsed: unknown = JSON.parse(settings.agentConfigText);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, message: 'The agent config must be a JSON object.' };
      agentConfig = parsed as Record<string, unknown>;
    } catch (error) {
      return { ok: false, message: `The agent config is not valid JSON: ${(error as Error).message}` };
    }
  }
  return {
    ok: true,
    body: {
      input: { messages: message, context: settings.context },
      config: { configurable: { thread_id: settings.threadId || '1' } },
      metadata: {
        ...(settings.modelName ? { model_name: settings.modelName } : {}),
        reset_memory: settings.resetMemory,
        load_from_json: settings.loadFromJson,
        agent_style: settings.agentStyle,
      },
      agent_config: agentConfig,
    },
  };
}
