import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  ProviderError,
  RateLimitedError,
  ServiceUnavailableError,
  UnauthorizedError,
  UpstreamError,
} from '../domain/index.js';

export type ErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'REQUEST_TIMEOUT'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'UPSTREAM_ERROR'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

export interface ErrorResponse {
  status: number;
  body: { error: { code: ErrorCode; message: string } & Record<string, unknown> };
  headers: Record<string, string>;
}

function envelope(status: number, code: ErrorCode, message: string, extra: Record<string, unknown> = {}): ErrorResponse {
  return { status, body: { error: { code, message, ...extra } }, headers: {} };
}

interface ZodIssueLike {
  path?: Array<string | number>;
  instancePath?: string;
  message?: string;
}

function describeValidation(issues: ZodIssueLike[], where: string): string {
  const first = issues.slice(0, 3).map((issue) => {
    const path = issue.instancePath ? issue.instancePath.replace(/^\//, '').replaceAll('/', '.') : (issue.path ?? []).join('.');
    return `${path || where}: ${issue.message ?? 'invalid'}`;
  });
  return `Invalid ${where}: ${first.join('; ')}`;
}

/** The one place errors become HTTP statuses. Never echoes SQL, SDK text or secrets for unknown errors. */
export function toErrorResponse(error: unknown): ErrorResponse {
  if (error instanceof DomainError) {
    const extra = error.details ?? {};
    if (error instanceof NotFoundError) return envelope(404, 'NOT_FOUND', error.message, extra);
    if (error instanceof ForbiddenError) return envelope(403, 'FORBIDDEN', error.message, extra);
    if (error instanceof ConflictError) return envelope(409, 'CONFLICT', error.message, extra);
    if (error instanceof InvalidInputError) return envelope(400, 'BAD_REQUEST', error.message, extra);
    if (error instanceof UnauthorizedError) {
      const response = envelope(401, 'UNAUTHORIZED', error.message, extra);
      response.headers['www-authenticate'] = 'Bearer';
      return response;
    }
    if (error instanceof RateLimitedError) {
      const response = envelope(429, 'RATE_LIMITED', error.message, extra);
      response.headers['retry-after'] = String(error.retryAfterSeconds);
      return response;
    }
    if (error instanceof ServiceUnavailableError) {
      const response = envelope(503, 'SERVICE_UNAVAILABLE', error.message, extra);
      response.headers['retry-after'] = '5';
      return response;
    }
    if (error instanceof ProviderError || error instanceof UpstreamError) return envelope(502, 'UPSTREAM_ERROR', error.message, extra);
    return envelope(500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = (error as { validationContext?: string }).validationContext ?? 'request';
    return envelope(400, 'BAD_REQUEST', describeValidation(error.validation as ZodIssueLike[], where));
  }
  const fastifyError = error as { code?: string; statusCode?: number; message?: string };
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return envelope(400, 'BAD_REQUEST', 'The request body is not valid JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return envelope(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return envelope(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return envelope(400, 'BAD_REQUEST', 'The Content-Length header does not match the body');
    case 'SB_BODY_TIMEOUT': {
      // the rest of the announced body may still come: close the connection rather than read it as a request
      const response = envelope(408, 'REQUEST_TIMEOUT', fastifyError.message ?? 'The request body stalled');
      response.headers['connection'] = 'close';
      return response;
    }
    default:
      break;
  }
  if (fastifyError.statusCode === 429) {
    const response = envelope(429, 'RATE_LIMITED', fastifyError.message ?? 'Too many requests');
    const retryAfter = (error as { retryAfterSeconds?: number }).retryAfterSeconds;
    if (retryAfter !== undefined) response.headers['retry-after'] = String(retryAfter);
    return response;
  }
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return envelope(fastifyError.statusCode, 'BAD_REQUEST', 'The request could not be understood');
  }
  return envelope(500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
}
