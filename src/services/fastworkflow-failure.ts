import { ConflictError, RateLimitedError, ServiceUnavailableError } from '../domain/index.js';

export type FwFailureStatus = 403 | 404 | 409 | 422 | 429 | 500 | 503 | 504;

/**
 * A fastworkflow-surface failure: the seed's HTTP status and `{"detail": …}` string (seed-systems A.2).
 * `detail: null` means "internal": the route fills in `Internal error in <endpoint>() for user_id: <id>`.
 */
export class FwFailure extends Error {
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly status: FwFailureStatus,
    readonly detail: string | null,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(detail ?? 'internal error', options);
    this.name = 'FwFailure';
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

export const sessionNotFound = (fwUserId: string) => new FwFailure(404, `User session not found: ${fwUserId}`);
export const turnInProgress = (fwUserId: string) => new FwFailure(409, `A turn is already in progress for user: ${fwUserId}`);
export const turnTimedOut = (timeoutSeconds: number) => new FwFailure(504, `Command execution timed out after ${timeoutSeconds} seconds`);
export const conversationNotFound = (conversationId: number) => new FwFailure(404, `Conversation not found with ID: ${conversationId}`);
export const noTurnsForFeedback = (fwUserId: string) => new FwFailure(422, `No turns available to give feedback on for user: ${fwUserId}`);
export const internalFailure = (cause?: unknown) => new FwFailure(500, null, { cause });

/** The seed's 500 detail; each endpoint names its own function, as the original does. */
export function internalErrorDetail(endpoint: string, fwUserId: string): string {
  return `Internal error in ${endpoint}() for user_id: ${fwUserId}`;
}

/**
 * Why the run engine refused to start a turn, in this surface's terms: the user's lock is the seed's busy
 * detail; the per-user run cap is a 429 and a shutting-down server a 503, both with Retry-After (issue 16
 * item 7: never an internal error); anything else is internal, logged with its cause.
 */
export function failureOfStart(error: unknown, fwUserId: string): FwFailure {
  if (error instanceof FwFailure) return error;
  if (error instanceof ConflictError && typeof error.details?.run_id === 'string') return turnInProgress(fwUserId);
  if (error instanceof RateLimitedError) {
    return new FwFailure(429, `Too many turns in progress: ${error.message}; try again in ${error.retryAfterSeconds} s`, { retryAfterSeconds: error.retryAfterSeconds });
  }
  if (error instanceof ServiceUnavailableError) return new FwFailure(503, error.message, { retryAfterSeconds: 5 });
  return internalFailure(error);
}
