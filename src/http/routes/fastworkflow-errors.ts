import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { FwFailure, internalErrorDetail } from '../../services/fastworkflow-failure.js';
import { ServiceUnavailableError } from '../../domain/index.js';
import { toErrorResponse } from '../error-response.js';
import { HostileInputError } from '../input-guard.js';

/** One entry of FastAPI's 422 list (pydantic's error, without `input`: it would echo what was sent). */
export interface FastApiError {
  type: string;
  loc: Array<string | number>;
  msg: string;
}


interface ValidationIssue {
  keyword?: string;
  instancePath?: string;
  message?: string;
  params?: { expected?: string; maximum?: number | bigint; minimum?: number | bigint; origin?: string };
}

function valueAt(root: unknown, path: string[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** pydantic's type and message for a zod issue, as far as a client tells them apart. */
function describeIssue(issue: ValidationIssue, sent: unknown): { type: string; msg: string } {
  const expected = issue.params?.expected;
  const { maximum, minimum, origin } = issue.params ?? {};
  switch (issue.keyword) {
    case 'invalid_type':
      if (sent === undefined) return { type: 'missing', msg: 'Field required' };
      if (expected === 'string') return { type: 'string_type', msg: 'Input should be a valid string' };
      if (expected === 'boolean') return typeof sent === 'string' ? { type: 'bool_parsing', msg: 'Input should be a valid boolean, unable to interpret input' } : { type: 'bool_type', msg: 'Input should be a valid boolean' };
      if (expected === 'int' || expected === 'number') {
        if (typeof sent === 'string') return { type: 'int_parsing', msg: 'Input should be a valid integer, unable to parse string as an integer' };
        if (typeof sent === 'number') return { type: 'int_from_float', msg: 'Input should be a valid integer, got a number with a fractional part' };
        return { type: 'int_type', msg: 'Input should be a valid integer' };
      }
      if (expected === 'object' || expected === 'record') return { type: 'dict_type', msg: 'Input should be a valid dictionary' };
      return { type: `${expected ?? 'value'}_type`, msg: `Input should be a valid ${expected ?? 'value'}` };
    case 'too_big':
      if (origin === 'string') return { type: 'string_too_long', msg: `String should have at most ${maximum} characters` };
      return { type: 'less_than_equal', msg: `Input should be less than or equal to ${maximum}` };
    case 'too_small':
      if (origin === 'string') return { type: 'string_too_short', msg: `String should have at least ${minimum} character${Number(minimum) === 1 ? '' : 's'}` };
      return { type: 'greater_than_equal', msg: `Input should be greater than or equal to ${minimum}` };
    default:
      return { type: 'value_error', msg: `Value error, ${issue.message ?? 'invalid value'}` };
  }
}

/** FastAPI's 422 list for a failed zod validation: `loc` starts with "body" or "query", as there. */
export function fastApiValidationErrors(error: { validation: unknown[]; validationContext?: string }, request: FastifyRequest): FastApiError[] {
  const where = error.validationContext === 'querystring' ? 'query' : (error.validationContext ?? 'body');
  const root = where === 'query' ? request.query : request.body;
  return (error.validation as ValidationIssue[]).slice(0, 20).map((issue) => {
    const path = (issue.instancePath ?? '').split('/').filter(Boolean);
    const sent = root === undefined || root === null ? undefined : valueAt(root, path);
    return { ...describeIssue(issue, path.length === 0 && (root === undefined || root === null) ? undefined : sent), loc: [where, ...path.map((p) => (/^\d+$/.test(p) ? Number(p) : p))] };
  });
}

function fwUserIdOf(request: FastifyRequest): string {
  const from = (value: unknown) => {
    const id = value && typeof value === 'object' && 'user_id' in value ? value.user_id : undefined;
    return typeof id === 'string' ? id : undefined;
  };
  return from(request.body) ?? from(request.query) ?? '';
}

function bodyParseErrors(error: unknown): FastApiError[] | null {
  switch ((error as { code?: string }).code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return [{ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error' }];
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return [{ type: 'missing', loc: ['body'], msg: 'Field required' }];
    default:
      return null;
  }
}

/**
 * This surface answers errors as FastAPI did (seed-systems A.2): `{"detail": "<string>"}`, and for request
 * validation 422 with pydantic's list. Unexpected errors become the seed's `Internal error in <endpoint>()…`.
 * Never throws, whatever the request held (issue 16 item 5).
 */
export function fwErrorHandler(endpoint: string) {
  return (error: unknown, request: FastifyRequest, reply: FastifyReply): void => {
    const fwUserId = fwUserIdOf(request);
    if (error instanceof FwFailure) {
      if (error.detail === null) request.log.error({ err: error.cause ?? error }, `${endpoint} failed`);
      if (error.retryAfterSeconds !== undefined) void reply.header('retry-after', String(error.retryAfterSeconds));
      void reply.code(error.status).send({ detail: error.detail ?? internalErrorDetail(endpoint, fwUserId) });
      return;
    }
    if (error instanceof HostileInputError) {
      // the edge's bound (too deep, NUL; decision 1002) in FastAPI's words: a 422 like any invalid body
      const loc = [error.location === 'path' ? 'path' : error.location, ...error.path];
      void reply.code(422).send({ detail: [{ type: 'value_error', loc, msg: `Value error, ${error.problem}` }] });
      return;
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      void reply.code(422).send({ detail: fastApiValidationErrors(error as never, request) });
      return;
    }
    const parseErrors = bodyParseErrors(error);
    if (parseErrors) {
      void reply.code(422).send({ detail: parseErrors });
      return;
    }
    const response = toErrorResponse(error);
    // a refusal while draining is expected (503 with Retry-After) and said in one line, as on every surface
    if (error instanceof ServiceUnavailableError) {
      request.log.info({ reason: error.message }, `${endpoint} refused: service unavailable`);
      void reply.code(503).headers(response.headers).send({ detail: response.body.error.message });
      return;
    }
    if (response.status >= 500) {
      request.log.error({ err: error }, `${endpoint} failed`);
      void reply.code(500).send({ detail: internalErrorDetail(endpoint, fwUserId) });
      return;
    }
    void reply.code(response.status).headers(response.headers).send({ detail: response.body.error.message });
  };
}
