import type { ModelToolCall } from '../domain/index.js';

/** Turns the assembled argument text of a tool call into the domain shape; bad JSON is reported, not thrown. */
export function parseToolArguments(id: string, name: string, raw: string): ModelToolCall {
  if (raw.trim() === '') return { id, name, arguments: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { id, name, arguments: {}, argumentsError: 'The model sent tool arguments that are not valid JSON.' };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { id, name, arguments: {}, argumentsError: 'The model sent tool arguments that are not a JSON object.' };
  }
  return { id, name, arguments: parsed as Record<string, unknown> };
}
