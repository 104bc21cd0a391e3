import { apiErrorFrom } from './api-error.js';
import type {
  AgentDetails,
  AgentInfo,
  AgentSummary,
  LlmsResponse,
  LoginResponse,
  MeResponse,
  RunInfo,
  StoredMessage,
  ThreadSummary,
} from './api-types.js';

export interface ApiClientOptions {
  baseUrl: string;
  getToken: () => string | null;
  fetchImpl?: typeof fetch;
  /** A 401 on a call made with the stored token: the session is over (the console's screens rely on this). */
  onUnauthorized?: () => void;
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** Thin typed calls to the JSON API; every failure becomes an ApiError. */
export function createApiClient(options: ApiClientOptions) {
  const fetchImpl = options.fetchImpl ?? fetch.bind(globalThis);
  const enc = encodeURIComponent;

  async function request<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const bearer = token ?? options.getToken();
    if (bearer) headers.Authorization = `Bearer ${bearer}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetchImpl(new URL(path, options.baseUrl), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401 && token === undefined && bearer) options.onUnauthorized?.();
    if (!response.ok) throw await apiErrorFrom(response);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  /** Lists are plain arrays; tolerate an `{items|agents|threads|messages: [...]}` envelope too. */
  async function list<T>(path: string): Promise<T[]> {
    const body = await request<unknown>('GET', path);
    if (Array.isArray(body)) return body as T[];
    const record = (body ?? {}) as Record<string, unknown>;
    const inner = ['items', 'agents', 'threads', 'messages'].map((key) => record[key]).find(Array.isArray);
    return (inner ?? []) as T[];
  }

  return {
    /** Any other call, typed by the caller (the console's screens, see console/console-api.ts). */
    request,
    login: (email: string, password: string) => request<LoginResponse>('POST', '/auth/login', { email, password }),
    logout: () => request<unknown>('POST', '/auth/logout'),
    /** `token` checks a candidate token before it is stored. */
    me: (token?: string) => request<MeResponse>('GET', '/me', undefined, token),
    llms: () => request<LlmsResponse>('GET', '/get-llms'),
    /** Public page settings (`GET /ui-config`): media origins the page may load from by itself. */
    uiConfig: () => request<{ media_origins?: unknown }>('GET', '/ui-config'),
    agents: () => list<AgentSummary>('/agents'),
    agent: (agentId: string) => request<AgentDetails>('GET', `/agents/${enc(agentId)}`),
    agentInfo: (agentId: string) => request<AgentInfo>('GET', `/agent-invoke/${enc(agentId)}/info`),
    threads: (agentId: string) => list<ThreadSummary>(`/agents/${enc(agentId)}/threads`),
    messages: (agentId: string, threadId: string) =>
      list<StoredMessage>(`/agents/${enc(agentId)}/threads/${enc(threadId)}/messages`),
    renameThread: (agentId: string, threadId: string, title: string | null) =>
      request<ThreadSummary>('PATCH', `/agents/${enc(agentId)}/threads/${enc(threadId)}`, { title }),
    resetThread: (agentId: string, threadId: string) => request<unknown>('DELETE', `/agents/${enc(agentId)}/threads/${enc(threadId)}`),
    run: (runId: string) => request<RunInfo>('GET', `/runs/${enc(runId)}`),
    cancelRun: (runId: string) => request<RunInfo>('POST', `/runs/${enc(runId)}/cancel`),
  };
}
