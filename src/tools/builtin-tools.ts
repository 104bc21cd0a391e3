import type { BuiltinToolName, ModelToolSpec, Tool } from '../domain/index.js';
import { CalculatorError, evaluateExpression } from './calculator.js';
import { currentTime } from './current-time.js';
import { fetchUrl } from './fetch-url.js';
import type { FetchLike } from './guarded-fetch.js';
import { toolFailure, toolSuccess, type RawToolResult } from './tool-result.js';

const BUILTIN_SPECS: Record<BuiltinToolName, { description: string; parameters: Record<string, unknown> }> = {
  calculator: {
    description: 'Evaluates an arithmetic expression: + - * / % ^, parentheses, sqrt, abs, round, floor, ceil, min, max, pow, pi, e.',
    parameters: {
      type: 'object',
      properties: { expression: { type: 'string', description: 'e.g. "2 * (3 + 4) ^ 2" or "sqrt(2) / 3"' } },
      required: ['expression'],
    },
  },
  current_time: {
    description: 'The current date and time, optionally in a time zone.',
    parameters: {
      type: 'object',
      properties: { timezone: { type: 'string', description: 'IANA time zone such as Europe/Paris; UTC when omitted' } },
    },
  },
  fetch_url: {
    description: 'Fetches a public web page (HTTP GET) and returns its text.',
    parameters: {
      type: 'object',
      properties: { url: { type: 'string', description: 'Absolute http(s) URL' } },
      required: ['url'],
    },
  },
};

export function describeBuiltin(tool: Tool, builtin: BuiltinToolName): ModelToolSpec {
  const spec = BUILTIN_SPECS[builtin];
  return { name: tool.name, description: tool.description.trim() || spec.description, parameters: spec.parameters };
}

export async function executeBuiltin(input: {
  builtin: BuiltinToolName;
  arguments: Record<string, unknown>;
  fetch: FetchLike;
  signal: AbortSignal;
  maxBytes: number;
  now: () => Date;
}): Promise<RawToolResult> {
  switch (input.builtin) {
    case 'calculator': {
      const expression = input.arguments.expression;
      if (typeof expression !== 'string' && typeof expression !== 'number') {
        return toolFailure('expression is required, e.g. {"expression": "2 * (3 + 4)"}');
      }
      try {
        const result = evaluateExpression(String(expression));
        return toolSuccess({ expression: String(expression), result }, String(result));
      } catch (error) {
        if (error instanceof CalculatorError) return toolFailure(`cannot calculate "${expression}": ${error.message}`);
        throw error;
      }
    }
    case 'current_time':
      return currentTime(input.arguments, input.now());
    case 'fetch_url':
      return fetchUrl({ url: input.arguments.url, fetch: input.fetch, signal: input.signal, maxBytes: input.maxBytes });
    default: {
      const exhaustive: never = input.builtin;
      return toolFailure(`unknown builtin tool "${String(exhaustive)}"`);
    }
  }
}
