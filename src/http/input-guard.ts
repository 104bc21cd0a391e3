import { InvalidInputError } from '../domain/index.js';
import type { App } from './app-types.js';

/** Deepest JSON nesting any route accepts; real agent/tool documents stay far below it. */
export const MAX_JSON_DEPTH = 64;

export type InputLocation = 'body' | 'query' | 'path';

/** What the edge refuses: where (location and path inside it) and why, for each surface to word its own way. */
export class HostileInputError extends InvalidInputError {
  constructor(
    readonly location: InputLocation,
    readonly path: Array<string | number>,
    readonly problem: string,
  ) {
    super(`Invalid ${location === 'query' ? 'query string' : location}${path.length ? ` at ${path.join('.')}` : ''}: ${problem}`);
    this.name = 'HostileInputError';
  }
}

/** The first problem in a parsed value: too deep, or a NUL character in a string or key. Iterative: no stack overflow. */
export function findHostileInput(root: unknown, maxDepth = MAX_JSON_DEPTH): { path: Array<string | number>; problem: string } | undefined {
  const stack: Array<{ value: unknown; path: Array<string | number> }> = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return { path, problem: 'text must not contain NUL (\\u0000) characters' };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= maxDepth) return { path: [...path.slice(0, 3), '…'], problem: `JSON is nested too deeply (at most ${maxDepth} levels)` };
    const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    for (const [key, child] of entries) {
      if (typeof key === 'string' && key.includes('\u0000')) return { path, problem: 'keys must not contain NUL (\\u0000) characters' };
      stack.push({ value: child, path: [...path, key] });
    }
  }
  return undefined;
}

/**
 * Every route, whatever parser read its body (the JSON parser or a scope's own), gets the same bound before
 * validation (decision 1002): body, query string and path parameters that are too deep or carry a NUL are refused
 * with HostileInputError, a 400 (InvalidInputError) that each surface's error handler may word its own way.
 */
export function installInputGuard(app: App, maxDepth = MAX_JSON_DEPTH): void {
  app.addHook('preValidation', async (request) => {
    for (const [location, value] of [['body', request.body], ['query', request.query], ['path', request.params]] as const) {
      const found = findHostileInput(value, maxDepth);
      if (found) throw new HostileInputError(location, found.path, found.problem);
    }
  });
}
