export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A tiny JSON client for tests: every call returns status, headers and the parsed body. */
export function apiClient(baseUrl: string, token?: string) {
  async function call<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const response = await fetch(baseUrl + path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed as T };
  }
  return {
    get: <T = any>(path: string, headers?: Record<string, string>) => call<T>('GET', path, undefined, headers),
    post: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => call<T>('POST', path, body ?? {}, headers),
    patch: <T = any>(path: string, body: unknown) => call<T>('PATCH', path, body),
    delete: <T = any>(path: string) => call<T>('DELETE', path),
    call,
  };
}

export type ApiClient = ReturnType<typeof apiClient>;

/** The body of an invoke request in the seed's shape. */
export function invokeBody(message: string, options: { threadId?: string; model?: string; resetMemory?: boolean; onDisconnect?: 'continue' | 'cancel'; context?: string } = {}) {
  return {
    input: { messages: message, context: options.context ?? '' },
    config: { configurable: { thread_id: options.threadId ?? '1' } },
    metadata: { ...(options.model ? { model_name: options.model } : {}), reset_memory: options.resetMemory ?? false, load_from_json: false, agent_style: '' },
    agent_config: null,
    ...(options.onDisconnect ? { on_disconnect: options.onDisconnect } : {}),
  };
}
