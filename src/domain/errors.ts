import type { ProviderErrorCode } from './run-event.js';
/** Transport-free domain errors; `http/error-response.ts` is the one place they become HTTP statuses. */
export class DomainError extends Error {
  constructor(message: string, readonly details?: Record<string, unknown>) {
    super(message);
    this.name = new.target.name;
  }
}
/** The object does not exist or the caller may not know it exists. */
export class NotFoundError extends DomainError {}
/** The caller may see the object but not do this to it. */
export class ForbiddenError extends DomainError {}
/** The request conflicts with current state (busy thread, duplicate name, disabled agent). */
export class ConflictError extends DomainError {}
/** The input is well-formed JSON but not acceptable. */
export class InvalidInputError extends DomainError {}
/** Missing or invalid credentials. */
export class UnauthorizedError extends DomainError {}
/** A dependency outside our process failed (provider, tool server, database). */
export class UpstreamError extends DomainError {}
/** Too many requests; `retryAfterSeconds` tells the client when to come back. */
export class RateLimitedError extends DomainError {
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
}

/** A model provider failed; `status` is the provider's HTTP status when there was one. */
export class ProviderError extends UpstreamError {
  constructor(
    message: string,
    readonly status?: number,
    readonly retryAfterSeconds?: number,
    readonly code: ProviderErrorCode = 'provider_error',
  ) {
    super(message);
  }
}

/** The server cannot take this request right now (shutting down, database unreachable). */
export class ServiceUnavailableError extends DomainError {}
