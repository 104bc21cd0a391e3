import { describe, expect, it } from 'vitest';
import { DEFAULT_TITLE_CHARS, defaultThreadTitle } from './thread-title.js';

describe('defaultThreadTitle', () => {
  it('keeps a short first message as it is, on one line', () => {
    expect(defaultThreadTitle('  What is\n the  weather? ')).toBe('What is the weather?');
  });

  it('cuts a long message at a word and marks the cut', () => {
    const title = defaultThreadTitle('Please summarise the quarterly report for the board meeting next Tuesday morning');
    expect(title).toBe('Please summarise the quarterly report for the board meeting…');
    expect(title.length).toBeLessThanOrEqual(DEFAULT_TITLE_CHARS);
  });

  it('cuts a long word-less message at the limit', () => {
    const title = defaultThreadTitle('x'.repeat(500));
    expect(title).toBe(`${'x'.repeat(DEFAULT_TITLE_CHARS - 1)}…`);
  });
});
