import type { ChatMessage, ModelInfo, ModelTurnResult, Usage } from '../domain/index.js';
import type { ModelStreamHandlers, ModelStreamRequest } from '../ports/index.js';
import { countWords, planDemoReply } from './demo-reply.js';
import type { ModelProvider } from './model-provider.js';

export const DEMO_MODEL_ID = 'local/demo';
export const DEMO_MODEL: ModelInfo = {
  id: DEMO_MODEL_ID,
  provider: 'local',
  label: 'Demo (offline, deterministic — not an LLM)',
  supports_tools: true,
};

export interface DemoProviderOptions {
  /** Pause between deltas (DEMO_TOKEN_DELAY_MS); 0 streams everything at once. */
  tokenDelayMs: number;
}

/** The built-in offline model (SPEC §2): deterministic rules, no network, usage counted in words. */
export function createDemoProvider(options: DemoProviderOptions): ModelProvider {
  const delayMs = Math.max(0, options.tokenDelayMs);
  return {
    providerId: 'local',
    listModels: () => [DEMO_MODEL],
    async stream(request: ModelStreamRequest, handlers: ModelStreamHandlers): Promise<ModelTurnResult> {
      const inputTokens = request.messages.reduce((sum, m) => sum + countWords(messageText(m)), 0);
      const usage = (output: number): Usage => ({ input_tokens: inputTokens, output_tokens: output, total_tokens: inputTokens + output });
      const { signal } = request;
      if (signal.aborted) return { text: '', toolCalls: [], usage: usage(0), finishReason: 'aborted' };

      const plan = planDemoReply(request.messages, request.tools);
      if (plan.kind === 'tool') {
        const output = countWords(`${plan.call.name} ${JSON.stringify(plan.call.arguments)}`);
        return { text: '', toolCalls: [plan.call], usage: usage(output), finishReason: 'tool_calls' };
      }

      let text = '';
      for (let i = 0; i < plan.deltas.length; i++) {
        if (i > 0 && delayMs > 0) await sleep(delayMs, signal);
        if (signal.aborted) return { text, toolCalls: [], usage: usage(countWords(text)), finishReason: 'aborted' };
        const delta = plan.deltas[i]!;
        text += delta;
        handlers.onText(delta);
      }
      return { text, toolCalls: [], usage: usage(countWords(text)), finishReason: 'stop' };
    },
  };
}

function messageText(message: ChatMessage): string {
  if (message.role !== 'assistant' || !message.toolCalls) return message.content;
  return [message.content, ...message.toolCalls.map((c) => `${c.name} ${JSON.stringify(c.arguments)}`)].join(' ');
}

/** Resolves after `ms`, or at once when `signal` aborts (the caller checks which). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
