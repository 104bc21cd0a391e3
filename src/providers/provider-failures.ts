import type { IncomingHttpHeaders } from 'node:http';
import { ProviderError, type ProviderErrorCode } from '../domain/index.js';
import { parseRetryAfter } from './parse-retry-after.js';

/** Builds the ProviderErrors of one provider: product words, never the API key or raw secrets. */
export interface ProviderFailures {
  fromStatus(status: number, headers: IncomingHttpHeaders, body: string): ProviderError;
  unreachable(code: string | undefined): ProviderError;
  malformedChunk(): ProviderError;
  cutMidStream(): ProviderError;
  notStreaming(): ProviderError;
  streamError(message: unknown, status?: number): ProviderError;
  stalled(idleSeconds: number): ProviderError;
}

const MAX_DETAIL = 300;

export function providerFailures(provider: string, secret?: string): ProviderFailures {
  const who = `The model provider "${provider}"`;
  const clean = (detail: unknown): string => {
    if (typeof detail !== 'string' || detail.trim() === '') return '';
    let text = detail.trim();
    if (secret) text = text.split(secret).join('[redacted]');
    // Providers sometimes echo part of a key ("sk-abc...xyz"); drop anything key-shaped.
    text = text.replace(/\b(sk|pk|key)-[A-Za-z0-9_*.\-]{6,}/g, '[redacted]');
    return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text;
  };
  const withDetail = (sentence: string, detail: unknown) => {
    const text = clean(detail);
    return text ? `${sentence}: ${text}` : `${sentence}.`;
  };
  return {
    fromStatus(status, headers, body) {
      if (status === 401 || status === 403) {
        return new ProviderError(`${who} rejected the API key (HTTP ${status}).`, status, undefined, 'provider_auth');
      }
      if (status === 429) {
        const retryAfter = parseRetryAfter(headers['retry-after']);
        const when = retryAfter === undefined ? 'try again later' : `try again in ${retryAfter} s`;
        return new ProviderError(`${who} is rate limiting requests (HTTP 429); ${when}.`, status, retryAfter, 'provider_rate_limited');
      }
      const retryAfter = status === 503 || status === 529 ? parseRetryAfter(headers['retry-after']) : undefined;
      const sentence = status >= 500 ? `${who} failed (HTTP ${status})` : `${who} refused the request (HTTP ${status})`;
      return new ProviderError(withDetail(sentence, errorMessageOf(body)), status, retryAfter, codeOfStatus(status));
    },
    unreachable: (code) =>
      new ProviderError(`Could not reach the model provider "${provider}"${code ? ` (${code})` : ''}.`, undefined, undefined, 'provider_unavailable'),
    malformedChunk: () => new ProviderError(`${who} sent a malformed stream chunk.`, undefined, undefined, 'provider_bad_response'),
    cutMidStream: () =>
      new ProviderError(`The connection to the model provider "${provider}" closed before the reply finished.`, undefined, undefined, 'provider_unavailable'),
    notStreaming: () => new ProviderError(`${who} answered without streaming.`, undefined, undefined, 'provider_bad_response'),
    streamError: (message, status) =>
      new ProviderError(withDetail(`${who} reported an error mid-stream`, message), status, undefined, status === undefined ? 'provider_error' : codeOfStatus(status)),
    stalled: (idleSeconds) =>
      new ProviderError(`${who} sent nothing for ${idleSeconds} s; the request was abandoned.`, undefined, undefined, 'provider_timeout'),
  };
}

/** The specific code of a provider's HTTP status (decision 1300). */
export function codeOfStatus(status: number): ProviderErrorCode {
  if (status === 401 || status === 403) return 'provider_auth';
  if (status === 429) return 'provider_rate_limited';
  if (status === 408 || status >= 500) return 'provider_unavailable';
  return 'provider_error'; // the provider refused this request (400, 404, 413, 422…)
}

/** OpenAI: {error:{message}}, Anthropic: {type:'error', error:{message}}; others: {message} or {error:"…"}. */
function errorMessageOf(body: string): unknown {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
    return parsed.error?.message ?? parsed.message;
  } catch {
    return body.startsWith('<') ? '' : body; // an HTML error page says nothing useful
  }
}
