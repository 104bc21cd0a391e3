import { InvalidInputError } from '../../domain/index.js';
import type { InvokeCommand } from '../../services/invoke-command.js';
import type { AgUiMessage, RunAgentInputBody } from './wire.js';

function textOf(message: AgUiMessage): string {
  const content = message.content;
  if (typeof content === 'string') return content;
  return (content ?? [])
    .filter((part) => part.type === 'text' && typeof part.text === 'string')
    .map((part) => part.text)
    .join('');
}

/**
 * One AG-UI run is one Switchboard turn: the last message is the user's new turn; earlier messages are the
 * client's copy of the thread, whose memory the server keeps itself (decision 1200). `context` entries become
 * the turn's context; client-side `tools`, `state` and `forwardedProps` are not used.
 */
export function runAgentInputToCommand(input: RunAgentInputBody): InvokeCommand {
  const last = input.messages[input.messages.length - 1]!;
  if (last.role !== 'user') throw new InvalidInputError('The last message must have role "user": it is the turn the agent answers');
  const message = textOf(last);
  if (message.trim() === '') throw new InvalidInputError('The last user message has no text');
  if ((input.resume ?? []).length > 0) throw new InvalidInputError('resume answers interrupts, and Switchboard agents raise none');
  return {
    message,
    context: (input.context ?? []).map((entry) => `${entry.description}: ${entry.value}`).join('\n'),
    threadId: input.threadId,
    resetMemory: false,
    loadFromJson: false,
    agentStyle: '',
    agentDraft: null,
    surface: 'ag-ui',
  };
}
