import { describe, expect, it } from 'vitest';
import { nextThreadId } from './next-thread-id.js';

describe('nextThreadId', () => {
  it('counts on from the largest numeric id', () => {
    expect(nextThreadId(['1', '3', 'notes'])).toBe('4');
  });
  it('starts at 2 when only the default thread exists or none', () => {
    expect(nextThreadId([])).toBe('2');
    expect(nextThreadId(['1'])).toBe('2');
  });
});
