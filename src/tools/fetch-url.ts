import type { FetchLike } from './guarded-fetch.js';
import { htmlToText } from './html-to-text.js';
import { decodeText, readCappedBody, truncationNote } from './read-capped-body.js';
import { toolFailure, type RawToolResult } from './tool-result.js';

/** GET of a web page through the guarded fetch; HTML comes back as rough text, everything size-capped. */
export async function fetchUrl(input: { url: unknown; fetch: FetchLike; signal: AbortSignal; maxBytes: number }): Promise<RawToolResult> {
  if (typeof input.url !== 'string' || input.url.trim() === '') return toolFailure('url is required, e.g. {"url": "https://example.com"}');
  let url: URL;
  try {
    url = new URL(input.url.trim());
  } catch {
    return toolFailure(`"${input.url}" is not an absolute URL; include https://`);
  }
  const response = await input.fetch(url, {
    signal: input.signal,
    headers: { accept: 'text/html, text/plain;q=0.9, application/json;q=0.8, */*;q=0.5' },
  });
  const contentType = response.headers.get('content-type');
  const { bytes, truncated } = await readCappedBody(response, input.maxBytes);
  const raw = decodeText(bytes, contentType);
  const isHtml = /html/i.test(contentType ?? '') || /^\s*<(!doctype html|html)/i.test(raw);
  const text = (isHtml ? htmlToText(raw) : raw) + (truncated ? `\n${truncationNote(input.maxBytes)}` : '');
  const output = { status: response.status, content_type: contentType ?? '', text, ...(truncated ? { truncated: true } : {}) };
  const contentForModel = `HTTP ${response.status} ${contentType ?? ''}\n\n${text}`;
  return response.ok ? { ok: true, output, contentForModel } : { ok: false, output, contentForModel, failure: 'bad_response' };
}
