import { parseTemplateVariable, TEMPLATE_PATTERN } from '../domain/index.js';

export interface TemplateValues {
  input: Record<string, unknown>;
  env: Record<string, string>;
}

/**
 * How an inserted value is written: URL-encoded in a URL (secrets too: an API key with + or & must
 * not change the URL's structure), JSON-escaped in a JSON text, as is in a header.
 */
export interface TemplateEncoding {
  input: (text: string) => string;
  env: (text: string) => string;
}

const asText = (value: unknown): string => (value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value));
const verbatim = (text: string) => text;
const jsonEscape = (text: string) => JSON.stringify(text).slice(1, -1);

export const IN_URL: TemplateEncoding = { input: encodeURIComponent, env: encodeURIComponent };
export const IN_HEADER: TemplateEncoding = { input: verbatim, env: verbatim };
export const IN_JSON_TEXT: TemplateEncoding = { input: jsonEscape, env: jsonEscape };

/** Whether a template inserts any secret (`{{env.NAME}}`). */
export function usesSecrets(template: string): boolean {
  return [...template.matchAll(TEMPLATE_PATTERN)].some((match) => parseTemplateVariable(match[1]!)?.source === 'env');
}

/** Fills `{{input.x}}` / `{{env.NAME}}`; the config was validated, so anything else is left as written. */
export function renderTemplate(template: string, values: TemplateValues, encoding: TemplateEncoding): string {
  return template.replace(TEMPLATE_PATTERN, (whole, expression: string) => {
    const variable = parseTemplateVariable(expression);
    if (!variable) return whole;
    return variable.source === 'input' ? encoding.input(asText(values.input[variable.name])) : encoding.env(values.env[variable.name] ?? '');
  });
}

/**
 * A body object's string leaves are templates; a leaf that is exactly one `{{input.x}}` takes the input
 * value with its JSON type (so `"{{input.count}}"` sends 5, not "5"). A string body is JSON text.
 */
export function renderBody(body: unknown, values: TemplateValues): unknown {
  if (typeof body === 'string') return renderTemplate(body, values, IN_JSON_TEXT);
  return renderLeaves(body, values);
}

function renderLeaves(value: unknown, values: TemplateValues): unknown {
  if (typeof value === 'string') {
    const whole = /^\{\{\s*([^{}]*?)\s*\}\}$/.exec(value);
    const variable = whole ? parseTemplateVariable(whole[1]!) : null;
    if (variable?.source === 'input') return values.input[variable.name] ?? null;
    return renderTemplate(value, values, IN_HEADER);
  }
  if (Array.isArray(value)) return value.map((item) => renderLeaves(item, values));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renderLeaves(item, values)]));
  }
  return value;
}
