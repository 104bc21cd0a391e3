import type { HttpToolConfig } from '../domain/index.js';
import type { FetchLike } from './guarded-fetch.js';
import { decodeText, readCappedBody, truncationNote } from './read-capped-body.js';
import { IN_HEADER, IN_URL, renderBody, renderTemplate, usesSecrets, type TemplateValues } from './render-template.js';
import { toolFailure, type RawToolResult } from './tool-result.js';

const ERROR_EXCERPT_CHARS = 2000;

function missingRequired(config: HttpToolConfig, input: Record<string, unknown>): string[] {
  const required = Array.isArray(config.input_schema.required) ? (config.input_schema.required as string[]) : [];
  return required.filter((name) => input[name] === undefined || input[name] === null);
}

function parseBody(text: string, contentType: string | null, truncated: boolean): unknown {
  if (!truncated && /[/+]json\b/i.test(contentType ?? '')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // A server that labels text as JSON: hand the text on as it is.
    }
  }
  return text;
}

/** Calls the configured HTTP API with the call's input and the tool's opened secrets filled in. */
export async function executeHttpTool(input: {
  config: HttpToolConfig;
  arguments: Record<string, unknown>;
  env: Record<string, string>;
  fetch: FetchLike;
  signal: AbortSignal;
  maxBytes: number;
}): Promise<RawToolResult> {
  const { config } = input;
  const missing = missingRequired(config, input.arguments);
  if (missing.length > 0) return toolFailure(`missing required input: ${missing.join(', ')}`);

  const values: TemplateValues = { input: input.arguments, env: input.env };
  const url = renderTemplate(config.url, values, IN_URL);
  const headers: Record<string, string> = { accept: 'application/json, text/plain;q=0.9, */*;q=0.5' };
  const secretHeaders: string[] = [];
  for (const [name, template] of Object.entries(config.headers ?? {})) {
    const value = renderTemplate(template, values, IN_HEADER);
    if (/[\r\n\0]/.test(value)) return toolFailure(`header ${name} would contain a line break after filling in the input`);
    headers[name.toLowerCase()] = value;
    if (usesSecrets(template)) secretHeaders.push(name.toLowerCase());
  }
  let body: string | undefined;
  if (config.body !== undefined && config.method !== 'GET') {
    const rendered = renderBody(config.body, values);
    body = typeof rendered === 'string' ? rendered : JSON.stringify(rendered);
    headers['content-type'] ??= 'application/json';
  }

  const response = await input.fetch(url, { method: config.method, headers, body, signal: input.signal, secretHeaders });
  const contentType = response.headers.get('content-type');
  const { bytes, truncated } = await readCappedBody(response, input.maxBytes);
  const text = decodeText(bytes, contentType);
  const parsed = parseBody(text, contentType, truncated);
  const note = truncated ? `\n${truncationNote(input.maxBytes)}` : '';
  const forModel = (typeof parsed === 'string' ? parsed : JSON.stringify(parsed)) + note;

  if (!response.ok) {
    const excerpt = forModel.length > ERROR_EXCERPT_CHARS ? `${forModel.slice(0, ERROR_EXCERPT_CHARS)}…` : forModel;
    const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    return { ok: false, output: { error: status, status: response.status, body: parsed }, contentForModel: `Error: ${status}: ${excerpt}`, failure: 'bad_response' };
  }
  const output = typeof parsed === 'string' && truncated ? `${parsed}${note}` : parsed;
  return { ok: true, output, contentForModel: forModel };
}
