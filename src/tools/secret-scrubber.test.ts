import { describe, expect, it } from 'vitest';
import { createSecretScrubber, scrubDeep } from './secret-scrubber.js';

describe('createSecretScrubber', () => {
  const scrub = createSecretScrubber(['p@ss word"1', 'abc']);

  it('masks the raw, URL-encoded, form-encoded and JSON-escaped forms', () => {
    expect(scrub('raw p@ss word"1')).toBe('raw ********');
    expect(scrub(`url ${encodeURIComponent('p@ss word"1')}`)).toBe('url ********');
    expect(scrub('form p%40ss+word%221')).toBe('form ********');
    expect(scrub('json p@ss word\\"1')).toBe('json ********');
  });

  it('leaves values shorter than 4 characters alone', () => {
    expect(scrub('abc is common')).toBe('abc is common');
  });

  it('scrubs every string and key of a nested value', () => {
    expect(scrubDeep({ 'p@ss word"1': ['x p@ss word"1', 5, null] }, scrub)).toEqual({ '********': ['x ********', 5, null] });
  });
});
