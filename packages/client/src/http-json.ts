import { apiErrorFrom } from './api-error.js';

export interface HttpJsonOptions {
  baseUrl: string;
  getToken: () => string | null;
  fetchImpl: typeof fetch;
}

export type HttpJson = ReturnType<typeof createHttpJson>;

/** JSON requests with the bearer token; a non-2xx answer throws ApiError (status, code, message, run id). */
export function createHttpJson(options: HttpJsonOptions) {
  async function request<T>(method: string, path: string, body?: unknown, init: { signal?: AbortSignal | undefined; query?: Record<string, string | undefined> } = {}): Promise<T> {
    const url = new URL(path, options.baseUrl);
    for (const [key, value] of Object.entries(init.query ?? {})) if (value !== undefined) url.searchParams.set(key, value);
    const token = options.getToken();
    const response = await options.fetchImpl(url, {
      method,
      headers: { Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: init.signal,
    });
    if (!response.ok) throw await apiErrorFrom(response);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }
  return {
    request,
    get: <T>(path: string, query?: Record<string, string | undefined>) => request<T>('GET', path, undefined, { query }),
    post: <T>(path: string, body: unknown = {}, signal?: AbortSignal) => request<T>('POST', path, body, { signal }),
    patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
    delete: <T = void>(path: string) => request<T>('DELETE', path),
  };
}
