import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../domain/index.js';
import { createToolConfigValidator } from './tool-config-validator.js';

describe('createToolConfigValidator', () => {
  const validator = createToolConfigValidator();

  it('returns the normalised config', () => {
    expect(validator.validate({ kind: 'http', config: { url: 'https://a.test', method: 'post' }, envKeys: [] })).toMatchObject({ method: 'POST' });
  });

  it('throws InvalidInputError for a bad config', () => {
    expect(() => validator.validate({ kind: 'mcp', config: { url: 'https://a.test', headers: { A: '{{env.NOPE}}' } }, envKeys: [] })).toThrow(InvalidInputError);
  });
});
