import { InvalidInputError } from '../../domain/index.js';
import type { ChatMessage } from './wire.js';

/** What the invoke service needs from an OpenAI `messages` array. */
export interface ChatTurn {
  /** The last user message: the turn's new input. */
  message: string;
  /** The caller's system/developer messages and, when stateless, the earlier conversation (decision 1100). */
  context: string;
}

function textOf(message: ChatMessage, index: number): string {
  const { content } = message;
  if (content === null || content === undefined) return '';
  if (typeof content === 'string') return content;
  return content
    .map((part) => {
      if (part.type === 'text' && typeof part.text === 'string') return part.text;
      throw new InvalidInputError(`messages[${index}]: content parts of type "${part.type}" are not supported; send text`);
    })
    .join('');
}

/**
 * Splits the messages into the new user message and the context around it. Stateless requests carry their
 * history in `messages`, so the earlier turns become a transcript in the context; with a thread the thread's
 * stored memory is the history and only the system messages are kept.
 */
export function messagesToTurn(messages: readonly ChatMessage[], options: { stateless: boolean }): ChatTurn {
  const lastIndex = messages.length - 1;
  const last = messages[lastIndex]!;
  if (last.role !== 'user') throw new InvalidInputError('The last message must have role "user": it is the turn the agent answers');
  const message = textOf(last, lastIndex);
  if (message.trim() === '') throw new InvalidInputError('The last user message is empty');

  const instructions: string[] = [];
  const transcript: string[] = [];
  messages.slice(0, lastIndex).forEach((m, index) => {
    const text = textOf(m, index);
    if (m.role === 'system' || m.role === 'developer') instructions.push(text);
    else if (options.stateless && text !== '') transcript.push(`${m.role}: ${text}`);
  });
  const sections = [...instructions];
  if (transcript.length > 0) sections.push(`The conversation so far:\n${transcript.join('\n')}`);
  return { message, context: sections.join('\n\n') };
}
