import { InvalidInputError } from './errors.js';
import { BUILTIN_TOOLS, type HttpToolConfig, type McpToolConfig, type ToolConfig, type ToolKind } from './tool.js';

/**
 * Templates in tool configs: `{{input.city}}` (a property of the call's input) and `{{env.API_KEY}}`
 * (a secret of the tool). The tool runner renders with the same pattern, so both sides agree.
 * Global flag: use it with `matchAll` / `replace` only, never `exec` / `test`.
 */
export const TEMPLATE_PATTERN = /\{\{\s*([^{}]*?)\s*\}\}/g;
const TEMPLATE_VARIABLE = /^(input|env)\.([A-Za-z_][A-Za-z0-9_-]*)$/;

export type TemplateVariable = { source: 'input' | 'env'; name: string };

/** Parses the inside of `{{ … }}`; null when it is not `input.x` or `env.NAME`. */
export function parseTemplateVariable(expression: string): TemplateVariable | null {
  const match = TEMPLATE_VARIABLE.exec(expression.trim());
  return match ? { source: match[1] as 'input' | 'env', name: match[2]! } : null;
}

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export const MCP_TRANSPORTS = ['streamable-http', 'sse'] as const;
export const TOOL_TIMEOUT_RANGE_MS = { min: 100, max: 120_000 } as const;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

type Json = Record<string, unknown>;
const fail = (message: string): never => {
  throw new InvalidInputError(message);
};
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const quote = (value: unknown): string => JSON.stringify(value) ?? String(value);

function expectObject(value: unknown, where: string): Json {
  return isObject(value) ? value : fail(`${where} must be a JSON object`);
}

function rejectUnknownFields(config: Json, allowed: readonly string[], kind: string): void {
  for (const key of Object.keys(config)) {
    if (!allowed.includes(key)) fail(`config.${key} is not a field of a ${kind} tool; allowed: ${allowed.join(', ')}`);
  }
}

function checkUrl(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim() === '') return fail(`${where} is required: an absolute http(s) URL`);
  // Templates may stand for host or path; check the URL with them replaced by a harmless placeholder.
  const probe = value.trim().replace(TEMPLATE_PATTERN, 'x');
  let parsed: URL;
  try {
    parsed = new URL(probe);
  } catch {
    return fail(`${where} must be an absolute http(s) URL such as https://api.example.com/v1, got ${quote(value)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    fail(`${where} must start with http:// or https://, got ${quote(value)}`);
  }
  return value.trim();
}

interface TemplateRules {
  inputNames: ReadonlySet<string> | null;
  envKeys: ReadonlySet<string>;
}

/** Every `{{…}}` in `text` must be `input.<property of input_schema>` or `env.<secret that is set>`. */
function checkTemplates(text: string, where: string, rules: TemplateRules): void {
  for (const match of text.matchAll(TEMPLATE_PATTERN)) {
    const variable = parseTemplateVariable(match[1]!);
    if (!variable) {
      fail(`${where}: unknown template variable ${match[0]}; use {{input.<name>}} or {{env.<NAME>}}`);
      return;
    }
    if (variable.source === 'input') {
      if (rules.inputNames === null) fail(`${where}: ${match[0]} is not allowed here; only {{env.<NAME>}} secrets can be used`);
      else if (!rules.inputNames.has(variable.name)) {
        fail(`${where}: ${match[0]} names no property of input_schema; add "${variable.name}" to input_schema.properties`);
      }
    } else if (!rules.envKeys.has(variable.name)) {
      fail(`${where}: ${match[0]} names a secret that is not set; add "${variable.name}" to env`);
    }
  }
}

function checkHeaders(value: unknown, rules: TemplateRules): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  const headers = expectObject(value, 'config.headers');
  const result: Record<string, string> = {};
  for (const [name, headerValue] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) fail(`config.headers: ${quote(name)} is not a valid header name`);
    if (typeof headerValue !== 'string') fail(`config.headers.${name} must be a string, got ${quote(headerValue)}`);
    if (/[\r\n\0]/.test(headerValue as string)) fail(`config.headers.${name} must not contain line breaks`);
    checkTemplates(headerValue as string, `config.headers.${name}`, rules);
    result[name] = headerValue as string;
  }
  return result;
}

function checkBodyTemplates(value: unknown, where: string, rules: TemplateRules): void {
  if (typeof value === 'string') checkTemplates(value, where, rules);
  else if (Array.isArray(value)) value.forEach((item, index) => checkBodyTemplates(item, `${where}[${index}]`, rules));
  else if (isObject(value)) for (const [key, item] of Object.entries(value)) checkBodyTemplates(item, `${where}.${key}`, rules);
}

function checkInputSchema(value: unknown): Json {
  if (value === undefined) return { type: 'object', properties: {} };
  const schema = expectObject(value, 'config.input_schema');
  if (schema.type !== 'object') fail(`config.input_schema.type must be "object", got ${quote(schema.type)}`);
  const properties = schema.properties === undefined ? {} : expectObject(schema.properties, 'config.input_schema.properties');
  for (const [name, property] of Object.entries(properties)) {
    if (!isObject(property)) fail(`config.input_schema.properties.${name} must be a JSON Schema object such as {"type": "string"}`);
  }
  if (schema.required !== undefined) {
    if (!Array.isArray(schema.required) || !schema.required.every((item) => typeof item === 'string')) {
      fail('config.input_schema.required must be an array of property names');
    }
    for (const name of schema.required as string[]) {
      if (!(name in properties)) fail(`config.input_schema.required names "${name}", which is not in input_schema.properties`);
    }
  }
  return { ...schema, properties };
}

function validateHttp(config: Json, envKeys: ReadonlySet<string>): HttpToolConfig {
  rejectUnknownFields(config, ['url', 'method', 'headers', 'body', 'input_schema', 'timeout_ms'], 'http');
  const method = config.method === undefined ? 'GET' : typeof config.method === 'string' ? config.method.toUpperCase() : config.method;
  if (!HTTP_METHODS.includes(method as HttpToolConfig['method'])) {
    fail(`config.method must be one of ${HTTP_METHODS.join(', ')}, got ${quote(config.method)}`);
  }
  const inputSchema = checkInputSchema(config.input_schema);
  const rules: TemplateRules = { inputNames: new Set(Object.keys(inputSchema.properties as Json)), envKeys };
  const url = checkUrl(config.url, 'config.url');
  checkTemplates(url, 'config.url', rules);
  const headers = checkHeaders(config.headers, rules);
  if (config.body !== undefined && method === 'GET') fail('config.body cannot be sent with GET; use POST, PUT or PATCH, or remove body');
  checkBodyTemplates(config.body, 'config.body', rules);
  const timeout = config.timeout_ms;
  if (
    timeout !== undefined &&
    (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < TOOL_TIMEOUT_RANGE_MS.min || timeout > TOOL_TIMEOUT_RANGE_MS.max)
  ) {
    fail(`config.timeout_ms must be a whole number from ${TOOL_TIMEOUT_RANGE_MS.min} to ${TOOL_TIMEOUT_RANGE_MS.max}, got ${quote(timeout)}`);
  }
  return {
    url,
    method: method as HttpToolConfig['method'],
    ...(headers ? { headers } : {}),
    ...(config.body !== undefined ? { body: config.body } : {}),
    input_schema: inputSchema,
    ...(timeout !== undefined ? { timeout_ms: timeout as number } : {}),
  };
}

function validateMcp(config: Json, envKeys: ReadonlySet<string>): McpToolConfig {
  rejectUnknownFields(config, ['url', 'transport', 'headers'], 'mcp');
  const url = checkUrl(config.url, 'config.url');
  checkTemplates(url, 'config.url', { inputNames: null, envKeys });
  const transport = config.transport ?? 'streamable-http';
  if (!MCP_TRANSPORTS.includes(transport as McpToolConfig['transport'])) {
    fail(`config.transport must be one of ${MCP_TRANSPORTS.join(', ')}, got ${quote(config.transport)}`);
  }
  const headers = checkHeaders(config.headers, { inputNames: null, envKeys });
  return { url, transport: transport as McpToolConfig['transport'], ...(headers ? { headers } : {}) };
}

/**
 * Checks a tool's kind-specific config at create/update time and returns it normalised (method
 * upper-cased and defaulted, input_schema defaulted). `envKeys` are the names of the tool's secrets.
 * Throws InvalidInputError with a message that says what to change.
 */
export function validateToolConfig(kind: ToolKind, config: unknown, envKeys: readonly string[]): ToolConfig {
  const object = expectObject(config, 'config');
  const keys = new Set(envKeys);
  switch (kind) {
    case 'builtin': {
      rejectUnknownFields(object, ['builtin'], 'builtin');
      if (!BUILTIN_TOOLS.includes(object.builtin as (typeof BUILTIN_TOOLS)[number])) {
        fail(`config.builtin must be one of ${BUILTIN_TOOLS.join(', ')}, got ${quote(object.builtin)}`);
      }
      return { builtin: object.builtin as (typeof BUILTIN_TOOLS)[number] };
    }
    case 'http':
      return validateHttp(object, keys);
    case 'mcp':
      return validateMcp(object, keys);
    default: {
      const exhaustive: never = kind;
      return fail(`kind must be builtin, http or mcp, got ${quote(exhaustive)}`);
    }
  }
}
