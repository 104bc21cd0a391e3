import { toErrorResponse } from '../error-response.js';

export interface OpenAiErrorResponse {
  status: number;
  body: { error: { message: string; type: string; param: string | null; code: string | null } & Record<string, unknown> };
  headers: Record<string, string>;
}

/** OpenAI's `type`/`code` for each status, so SDKs raise the matching error class (AuthenticationError, …). */
const KIND_BY_STATUS: Record<number, { type: string; code: string | null }> = {
  400: { type: 'invalid_request_error', code: null },
  401: { type: 'invalid_request_error', code: 'invalid_api_key' },
  403: { type: 'invalid_request_error', code: 'permission_denied' },
  404: { type: 'invalid_request_error', code: 'model_not_found' },
  409: { type: 'invalid_request_error', code: 'thread_busy' },
  413: { type: 'invalid_request_error', code: 'request_too_large' },
  415: { type: 'invalid_request_error', code: null },
  429: { type: 'rate_limit_error', code: 'rate_limit_exceeded' },
};

/** Builds an OpenAI error body; `extra` carries Switchboard details such as the busy thread's `run_id`. */
export function openAiError(status: number, message: string, extra: Record<string, unknown> = {}, code?: string): OpenAiErrorResponse {
  const kind = KIND_BY_STATUS[status] ?? { type: status >= 500 ? 'server_error' : 'invalid_request_error', code: null };
  return { status, body: { error: { message, type: kind.type, param: null, code: code ?? kind.code, ...extra } }, headers: {} };
}

/** The one error mapping (error-response.ts) re-dressed in OpenAI's error body; statuses and headers are kept. */
export function toOpenAiError(error: unknown): OpenAiErrorResponse {
  const mapped = toErrorResponse(error);
  const { code: _code, message, ...extra } = mapped.body.error;
  const response = openAiError(mapped.status, message, extra);
  response.headers = { ...mapped.headers };
  return response;
}
