import type { ModelToolSpec } from '../domain/index.js';

/**
 * The demo model's argument rules, in order: the first JSON object in the message; else `key=value`
 * pairs (numbers parsed, quoted strings unquoted); else, for a tool with a single required string
 * property, the rest of the message after the tool's name.
 */
export function demoToolArguments(message: string, tool: ModelToolSpec, nameEnd: number): Record<string, unknown> {
  return jsonObjectIn(message) ?? keyValuePairsIn(message) ?? restOfMessage(message, tool, nameEnd) ?? {};
}

function jsonObjectIn(message: string): Record<string, unknown> | undefined {
  for (let start = message.indexOf('{'); start !== -1; start = message.indexOf('{', start + 1)) {
    const end = matchingBrace(message, start);
    if (end === -1) continue;
    try {
      const parsed: unknown = JSON.parse(message.slice(start, end + 1));
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // not JSON; try the next brace
    }
  }
  return undefined;
}

/** Index of the `}` closing the `{` at `start`, skipping braces inside JSON strings; -1 if none. */
function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

const PAIR = /(?:^|[\s,;(])([A-Za-z_][\w.-]*)\s*=\s*("(?:[^"\\]|\\.)*"|'[^']*'|[^\s,;)]+)/g;
const NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function keyValuePairsIn(message: string): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  for (const match of message.matchAll(PAIR)) {
    found ??= {};
    found[match[1]!] = pairValue(match[2]!);
  }
  return found;
}

function pairValue(raw: string): unknown {
  if (raw.startsWith('"')) {
    try {
      return JSON.parse(raw) as string;
    } catch {
      return raw.slice(1, -1);
    }
  }
  if (raw.startsWith("'")) return raw.slice(1, -1);
  if (NUMBER.test(raw)) return Number(raw);
  if (raw === 'true' || raw === 'false') return raw === 'true';
  return raw;
}

function restOfMessage(message: string, tool: ModelToolSpec, nameEnd: number): Record<string, unknown> | undefined {
  const property = singleRequiredStringProperty(tool.parameters);
  if (property === undefined) return undefined;
  const rest = message
    .slice(nameEnd)
    .trim()
    .replace(/^[:,\-–—]+\s*/, '')
    .replace(/[.?!]+$/, '')
    .trim();
  return rest === '' ? undefined : { [property]: rest };
}

function singleRequiredStringProperty(schema: Record<string, unknown>): string | undefined {
  const required = schema.required;
  if (!Array.isArray(required) || required.length !== 1 || typeof required[0] !== 'string') return undefined;
  const properties = schema.properties as Record<string, { type?: unknown } | undefined> | undefined;
  return properties?.[required[0]]?.type === 'string' ? required[0] : undefined;
}
