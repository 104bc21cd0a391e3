import { describe, expect, it } from 'vitest';
import { IN_HEADER, IN_URL, renderBody, renderTemplate, usesSecrets } from './render-template.js';

const values = { input: { city: 'New York/NY', n: 3, flag: true, tags: ['a', 'b'] }, env: { KEY: 'k+1/2=&x' } };

describe('renderTemplate', () => {
  it('URL-encodes input and secrets inside a URL', () => {
    expect(renderTemplate('https://api.test/{{input.city}}?n={{ input.n }}&key={{env.KEY}}', values, IN_URL)).toBe(
      'https://api.test/New%20York%2FNY?n=3&key=k%2B1%2F2%3D%26x',
    );
  });

  it('inserts values as they are in a header, and missing inputs as empty text', () => {
    expect(renderTemplate('Bearer {{env.KEY}} {{input.missing}}|{{input.tags}}', values, IN_HEADER)).toBe('Bearer k+1/2=&x |["a","b"]');
  });
});

describe('renderBody', () => {
  it('keeps the JSON type of a leaf that is exactly one input', () => {
    expect(renderBody({ n: '{{input.n}}', flag: '{{input.flag}}', tags: '{{input.tags}}', text: 'n={{input.n}}', none: '{{input.gone}}', fixed: 7 }, values)).toEqual({
      n: 3,
      flag: true,
      tags: ['a', 'b'],
      text: 'n=3',
      none: null,
      fixed: 7,
    });
  });

  it('JSON-escapes values inside a string body', () => {
    const body = renderBody('{"q": "{{input.city}}", "k": "{{env.KEY}}"}', { input: { city: 'a "quoted"\ncity' }, env: { KEY: 'x\\y' } });
    expect(JSON.parse(body as string)).toEqual({ q: 'a "quoted"\ncity', k: 'x\\y' });
  });
});

describe('usesSecrets', () => {
  it.each([
    ['Bearer {{env.KEY}}', true],
    ['Bearer {{ env.KEY }}', true],
    ['{{input.city}} and {{env.KEY}}', true],
    ['{{input.city}}', false],
    ['application/json', false],
  ])('tells whether %j inserts a secret (%s)', (template, expected) => {
    expect(usesSecrets(template)).toBe(expected);
  });
});
