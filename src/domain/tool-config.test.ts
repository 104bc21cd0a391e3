import { describe, expect, it } from 'vitest';
import { InvalidInputError } from './errors.js';
import { validateToolConfig } from './tool-config.js';

const weatherSchema = { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city'] };

function rejection(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as Error).message;
  }
  throw new Error('expected the config to be rejected');
}

describe('validateToolConfig for builtin tools', () => {
  it('accepts the three builtins', () => {
    for (const builtin of ['calculator', 'current_time', 'fetch_url']) {
      expect(validateToolConfig('builtin', { builtin }, [])).toEqual({ builtin });
    }
  });

  it('names the allowed builtins when the name is wrong', () => {
    expect(rejection(() => validateToolConfig('builtin', { builtin: 'shell' }, []))).toMatch(/calculator, current_time, fetch_url, got "shell"/);
    expect(rejection(() => validateToolConfig('builtin', 'calculator', []))).toMatch(/config must be a JSON object/);
  });
});

describe('validateToolConfig for http tools', () => {
  const base = { url: 'https://api.example.com/weather?q={{input.city}}', input_schema: weatherSchema };

  it('normalises method and keeps templates over input and secrets', () => {
    const config = validateToolConfig(
      'http',
      { ...base, method: 'post', headers: { Authorization: 'Bearer {{ env.API_KEY }}' }, body: { city: '{{input.city}}', n: ['{{input.days}}'] }, timeout_ms: 5000 },
      ['API_KEY'],
    );
    expect(config).toMatchObject({ method: 'POST', headers: { Authorization: 'Bearer {{ env.API_KEY }}' }, timeout_ms: 5000 });
  });

  it('defaults method to GET and input_schema to an empty object schema', () => {
    expect(validateToolConfig('http', { url: 'http://example.com/' }, [])).toEqual({
      url: 'http://example.com/',
      method: 'GET',
      input_schema: { type: 'object', properties: {} },
    });
  });

  it('accepts a template standing for the host of the url', () => {
    expect(() => validateToolConfig('http', { url: 'https://{{env.HOST}}/v1' }, ['HOST'])).not.toThrow();
  });

  it.each([
    [{ url: 'api.example.com' }, /absolute http\(s\) URL/],
    [{ url: 'ftp://example.com' }, /must start with http/],
    [{ url: 'https://x.test', method: 'TRACE' }, /GET, POST, PUT, PATCH, DELETE, got "TRACE"/],
    [{ url: 'https://x.test', headers: { 'X-N': 5 } }, /headers.X-N must be a string/],
    [{ url: 'https://x.test', headers: { 'bad name': 'v' } }, /not a valid header name/],
    [{ url: 'https://x.test', timeout_ms: 50 }, /from 100 to 120000, got 50/],
    [{ url: 'https://x.test', timeout_ms: 200_000 }, /from 100 to 120000/],
    [{ url: 'https://x.test', input_schema: { type: 'array' } }, /input_schema.type must be "object"/],
    [{ url: 'https://x.test', input_schema: { type: 'object', properties: [] } }, /properties must be a JSON object/],
    [{ url: 'https://x.test', input_schema: { type: 'object', properties: {}, required: ['q'] } }, /required names "q"/],
    [{ url: 'https://x.test', body: { a: 1 } }, /cannot be sent with GET/],
    [{ url: 'https://x.test', retries: 3 }, /config.retries is not a field of a http tool/],
  ])('rejects %j', (config, message) => {
    expect(rejection(() => validateToolConfig('http', config, []))).toMatch(message);
  });

  it('rejects an input template that names no property of input_schema', () => {
    expect(rejection(() => validateToolConfig('http', { ...base, url: 'https://x.test/{{input.town}}' }, []))).toBe(
      'config.url: {{input.town}} names no property of input_schema; add "town" to input_schema.properties',
    );
  });

  it('rejects a secret template naming a secret that is not set', () => {
    const message = rejection(() => validateToolConfig('http', { ...base, headers: { 'X-Key': '{{env.KEY}}' } }, ['OTHER']));
    expect(message).toMatch(/config.headers.X-Key: \{\{env.KEY\}\} names a secret that is not set/);
  });

  it('rejects unknown template variables in body strings, naming them', () => {
    const message = rejection(() => validateToolConfig('http', { ...base, method: 'POST', body: { deep: ['{{user.id}}'] } }, []));
    expect(message).toMatch(/config.body.deep\[0\]: unknown template variable \{\{user.id\}\}/);
  });
});

describe('validateToolConfig for mcp tools', () => {
  it('accepts streamable-http (the default) and sse with secret header templates', () => {
    expect(validateToolConfig('mcp', { url: 'https://mcp.example.com/mcp' }, [])).toEqual({ url: 'https://mcp.example.com/mcp', transport: 'streamable-http' });
    expect(
      validateToolConfig('mcp', { url: 'https://mcp.example.com/sse', transport: 'sse', headers: { Authorization: 'Bearer {{env.TOKEN}}' } }, ['TOKEN']),
    ).toMatchObject({ transport: 'sse' });
  });

  it('rejects input templates in headers, other transports and bad urls', () => {
    expect(rejection(() => validateToolConfig('mcp', { url: 'https://m.test', headers: { A: '{{input.x}}' } }, []))).toMatch(
      /only \{\{env.<NAME>\}\} secrets/,
    );
    expect(rejection(() => validateToolConfig('mcp', { url: 'https://m.test', transport: 'stdio' }, []))).toMatch(/streamable-http, sse/);
    expect(rejection(() => validateToolConfig('mcp', { url: 'localhost:3000' }, []))).toMatch(/must start with http/);
  });
});
