import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../domain/index.js';
import { messagesToTurn } from './messages-to-turn.js';

describe('messagesToTurn', () => {
  it('takes the last user message as the turn and, when stateless, the earlier turns as a transcript after the system messages', () => {
    const turn = messagesToTurn(
      [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'My name is Ada' },
        { role: 'assistant', content: 'Hello Ada' },
        { role: 'user', content: [{ type: 'text', text: 'What is ' }, { type: 'text', text: 'my name?' }] },
      ],
      { stateless: true },
    );
    expect(turn.message).toBe('What is my name?');
    expect(turn.context).toBe('Be brief.\n\nThe conversation so far:\nuser: My name is Ada\nassistant: Hello Ada');
  });

  it('keeps only the system messages when the thread holds the history', () => {
    const turn = messagesToTurn([{ role: 'developer', content: 'Answer in French.' }, { role: 'user', content: 'old' }, { role: 'user', content: 'new' }], { stateless: false });
    expect(turn).toEqual({ message: 'new', context: 'Answer in French.' });
  });

  it('refuses a last message that is not the user’s, an empty one, and non-text parts', () => {
    expect(() => messagesToTurn([{ role: 'assistant', content: 'hi' }], { stateless: true })).toThrow(InvalidInputError);
    expect(() => messagesToTurn([{ role: 'user', content: '  ' }], { stateless: true })).toThrow(/empty/);
    expect(() => messagesToTurn([{ role: 'user', content: [{ type: 'image_url' }] }], { stateless: true })).toThrow(/image_url/);
  });
});
