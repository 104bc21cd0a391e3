/** A non-2xx answer from the server, with the envelope's code and message (and the running run for a 409). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly runId: string | null = null,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Build an ApiError from a failed response, whatever its body looks like. */
export async function apiErrorFrom(response: Response): Promise<ApiError> {
  let code = `HTTP_${response.status}`;
  let message = response.statusText || `Request failed with status ${response.status}`;
  let runId: string | null = null;
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown; run_id?: unknown; details?: { run_id?: unknown } } };
    const error = body.error;
    if (error) {
      if (typeof error.code === 'string') code = error.code;
      if (typeof error.message === 'string') message = error.message;
      const id = error.run_id ?? error.details?.run_id;
      if (typeof id === 'string') runId = id;
    }
  } catch {
    // Not JSON (a proxy page, say): keep the status text.
  }
  const retryAfter = Number(response.headers.get('retry-after'));
  return new ApiError(response.status, code, message, runId, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null);
}
