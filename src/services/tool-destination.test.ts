import { describe, expect, it } from 'vitest';
import { destinationMoves, toolDestination } from './tool-destination.js';

describe('toolDestination', () => {
  it('is the origin of the URL: case and default port do not matter, path and query do not count', () => {
    expect(toolDestination({ url: 'HTTPS://API.example.com:443/v1?q={{input.q}}' })).toBe('https://api.example.com');
    expect(toolDestination({ url: ' https://api.example.com/other ' })).toBe('https://api.example.com');
  });

  it('tells apart another host, port or scheme', () => {
    const base = toolDestination({ url: 'https://api.example.com/v1' });
    for (const url of ['https://api.example.net/v1', 'https://api.example.com:8443/v1', 'http://api.example.com/v1', 'https://evil.api.example.com/v1']) {
      expect(toolDestination({ url })).not.toBe(base);
    }
  });

  it('keeps a template in the host as part of the origin, by its expression', () => {
    expect(toolDestination({ url: 'https://{{input.region}}.example.com/x' })).toBe(toolDestination({ url: 'https://{{ input.region }}.example.com/y' }));
    expect(toolDestination({ url: 'https://{{input.region}}.example.com/x' })).not.toBe(toolDestination({ url: 'https://{{input.host}}.example.com/x' }));
  });

  it('is null for a builtin and the text itself for something that is not a URL', () => {
    expect(toolDestination({ builtin: 'calculator' })).toBeNull();
    expect(toolDestination(null)).toBeNull();
    expect(toolDestination({ url: 'not a url' })).toBe('not a url');
  });
});

describe('destinationMoves', () => {
  const hostFromSecret = { url: 'https://{{env.HOST}}/v1?key={{env.KEY}}' };

  it('moves when a secret the origin is spelled with gets a new value, not when a path secret does', () => {
    expect(destinationMoves(hostFromSecret, hostFromSecret, ['HOST'])).toBe(true);
    expect(destinationMoves(hostFromSecret, hostFromSecret, ['KEY'])).toBe(false);
    expect(destinationMoves(hostFromSecret, hostFromSecret, [])).toBe(false);
  });

  it('moves with the origin of the URL', () => {
    expect(destinationMoves({ url: 'https://a.example.com/x' }, { url: 'https://b.example.com/x' }, [])).toBe(true);
    expect(destinationMoves({ url: 'https://a.example.com/x' }, { url: 'https://a.example.com/y' }, [])).toBe(false);
  });
});
