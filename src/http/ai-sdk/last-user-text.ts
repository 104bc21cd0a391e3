import { InvalidInputError } from '../../domain/index.js';
import type { UiMessage } from './wire.js';

/** The new turn of a useChat request: the text parts of its last message, which must be the user's. */
export function lastUserText(messages: readonly UiMessage[]): string {
  const last = messages[messages.length - 1]!;
  if (last.role !== 'user') throw new InvalidInputError('The last message must have role "user": it is the turn the agent answers');
  const text = last.parts
    .filter((part) => part.type === 'text' && typeof part.text === 'string')
    .map((part) => part.text)
    .join('');
  if (text.trim() === '') throw new InvalidInputError('The last user message has no text part');
  return text;
}
