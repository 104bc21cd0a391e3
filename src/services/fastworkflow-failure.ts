/**
 * A fastworkflow-surface failure: the seed's HTTP status and `{"detail": …}` string (seed-systems A.2).
 * `detail: null` means "internal": the route fills in `Internal error in <endpoint>() for user_id: <id>`.
 */
export class FwFailure extends Error {
  constructor(
    readonly status: 403 | 404 | 409 | 422 | 500 | 504,
    readonly detail: string | null,
    options?: { cause?: unknown },
  ) {
    super(detail ?? 'internal error', options);
    this.name = 'FwFailure';
  }
}

export const sessionNotFound = (fwUserId: string) => new FwFailure(404, `User session not found: ${fwUserId}`);
export const turnInProgress = (fwUserId: string) => new FwFailure(409, `A turn is already in progress for user: ${fwUserId}`);
export const turnTimedOut = (timeoutSeconds: number) => new FwFailure(504, `Command execution timed out after ${timeoutSeconds} seconds`);
export const internalFailure = (cause?: unknown) => new FwFailure(500, null, { cause });

/** The seed's 500 detail; each endpoint names its own function, as the original does. */
export function internalErrorDetail(endpoint: string, fwUserId: string): string {
  return `Internal error in ${endpoint}() for user_id: ${fwUserId}`;
}
