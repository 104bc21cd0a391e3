import { describe, expect, it } from 'vitest';
import { href, parseRoute } from './router.js';

describe('parseRoute', () => {
  it('reads the path and query of a hash, and sends an empty hash to the chat', () => {
    expect(parseRoute('#/agents/a%20b').path).toEqual(['agents', 'a b']);
    expect(parseRoute('#/chat?agent=x&draft=1').query.get('agent')).toBe('x');
    expect(parseRoute('').path).toEqual(['chat']);
    expect(parseRoute('#/').path).toEqual(['chat']);
    expect(parseRoute('#/runs/%E0%A4%A').path).toEqual(['runs', '%E0%A4%A']);
  });

  it('builds encoded links that parse back', () => {
    expect(parseRoute(href('tools', 'a/b')).path).toEqual(['tools', 'a/b']);
  });
});
