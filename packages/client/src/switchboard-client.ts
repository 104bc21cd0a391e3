import { createFastworkflowClient } from './fastworkflow-client.js';
import { createHttpJson, type HttpJsonOptions } from './http-json.js';
import { openRunStream, type RunStream } from './run-stream.js';
import { createStreamClient, type ConnectionState, type StreamClientOptions } from './stream-client.js';
import type {
  AgentDetails,
  AgentInfo,
  AgentSummary,
  ApiToken,
  CreateAgentBody,
  CreateTokenBody,
  CreateTokenResponse,
  CreateToolBody,
  InvokeBody,
  InvokeResponse,
  LlmsResponse,
  LoginResponse,
  MeResponse,
  RunInfo,
  StoredMessage,
  ThreadSummary,
  Tool,
  UpdateAgentBody,
  UpdateToolBody,
} from './wire-types.js';

export interface SwitchboardClientOptions {
  /** The server, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** An API token or a session token from `signIn()`. */
  token?: string | undefined;
  fetch?: typeof fetch;
  /** Reconnect tuning of run streams (backoff, give-up limit, idle watchdog). */
  reconnect?: Pick<StreamClientOptions, 'initialBackoffMs' | 'maxBackoffMs' | 'giveUpAfterMs' | 'idleTimeoutMs'>;
}

export interface InvokeOptions {
  threadId?: string;
  context?: string;
  model?: string;
  resetMemory?: boolean;
  /** Stops reading (the run goes on; join it again with `join(runId, afterSeq)`). */
  signal?: AbortSignal;
  onConnection?: (state: ConnectionState) => void;
}

const path = (...parts: string[]) => parts.map((p, i) => (i % 2 === 1 ? encodeURIComponent(p) : p)).join('');

/** The typed Switchboard client: sign-in and tokens, agents, tools, threads, runs, invoke/join, fastworkflow. */
export function createSwitchboardClient(options: SwitchboardClientOptions) {
  let token: string | null = options.token ?? null;
  const http: HttpJsonOptions = { baseUrl: options.baseUrl, getToken: () => token, fetchImpl: options.fetch ?? fetch.bind(globalThis) };
  const json = createHttpJson(http);
  const streams = createStreamClient({ baseUrl: options.baseUrl, getToken: () => token, fetchImpl: http.fetchImpl, ...options.reconnect });
  const cancelRun = async (runId: string) => void (await json.post(path('/runs/', runId, '/cancel')));

  function toInvokeBody(message: string | InvokeBody, opts: InvokeOptions): InvokeBody {
    if (typeof message !== 'string') return message;
    return {
      input: { messages: message, context: opts.context ?? '' },
      config: { configurable: { thread_id: opts.threadId ?? '1' } },
      metadata: { model_name: opts.model, reset_memory: opts.resetMemory ?? false, load_from_json: false, agent_style: '' },
    };
  }

  return {
    /** Signs in with e-mail and password; later calls use the session token. */
    async signIn(email: string, password: string): Promise<LoginResponse> {
      const answer = await json.post<LoginResponse>('/auth/login', { email, password });
      token = answer.token;
      return answer;
    },
    async signOut(): Promise<void> {
      await json.post('/auth/logout');
      token = null;
    },
    setToken: (next: string | null) => void (token = next),
    me: () => json.get<MeResponse>('/me'),
    models: () => json.get<LlmsResponse>('/get-llms'),
    tokens: {
      list: () => json.get<ApiToken[]>('/tokens'),
      create: (body: CreateTokenBody) => json.post<CreateTokenResponse>('/tokens', body),
      revoke: (tokenId: string) => json.delete(path('/tokens/', tokenId)),
    },
    agents: {
      list: (filter: { companyId?: string } = {}) => json.get<AgentSummary[]>('/agents', { company_id: filter.companyId }),
      get: (agentId: string) => json.get<AgentDetails>(path('/agents/', agentId)),
      info: (agentId: string) => json.get<AgentInfo>(path('/agent-invoke/', agentId, '/info')),
      create: (body: CreateAgentBody) => json.post<AgentDetails>('/agents', body),
      update: (agentId: string, body: UpdateAgentBody) => json.patch<AgentDetails>(path('/agents/', agentId), body),
      delete: (agentId: string) => json.delete(path('/agents/', agentId)),
    },
    tools: {
      list: () => json.get<Tool[]>('/tools'),
      get: (toolId: string) => json.get<Tool>(path('/tools/', toolId)),
      create: (body: CreateToolBody) => json.post<Tool>('/tools', body),
      update: (toolId: string, body: UpdateToolBody) => json.patch<Tool>(path('/tools/', toolId), body),
      delete: (toolId: string) => json.delete(path('/tools/', toolId)),
    },
    threads: {
      list: (agentId: string) => json.get<ThreadSummary[]>(path('/agents/', agentId, '/threads')),
      messages: (agentId: string, threadId: string) => json.get<StoredMessage[]>(path('/agents/', agentId, '/threads/', threadId, '/messages')),
      reset: (agentId: string, threadId: string) => json.delete(path('/agents/', agentId, '/threads/', threadId)),
    },
    runs: {
      get: (runId: string) => json.get<RunInfo>(path('/runs/', runId)),
      cancel: cancelRun,
    },
    /**
     * Starts a turn and reads it as it is produced: `for await (const event of client.invoke(id, 'Hi'))`.
     * A dropped connection is resumed with Last-Event-ID (backoff, give-up limit), each event exactly once.
     * Errors before the stream (400, 401, 403, 404, 409 busy with `runId`, 429) reject the iteration with ApiError.
     */
    invoke(agentId: string, message: string | InvokeBody, opts: InvokeOptions = {}): RunStream {
      const body = toInvokeBody(message, opts);
      return openRunStream({ start: (callbacks, signal) => streams.invoke(agentId, body, callbacks, signal), cancel: cancelRun, signal: opts.signal, onConnection: opts.onConnection });
    },
    /** Waits for the whole reply (POST …/invoke). */
    invokeAndWait: (agentId: string, message: string | InvokeBody, opts: Omit<InvokeOptions, 'onConnection'> = {}) =>
      json.request<InvokeResponse>('POST', path('/agent-invoke/', agentId, '/invoke'), toInvokeBody(message, opts), { signal: opts.signal }),
    /** Watches a run that is already going (a 409, another tab), from after event `afterSeq` (0 = from the start). */
    join(runId: string, afterSeq = 0, opts: Pick<InvokeOptions, 'signal' | 'onConnection'> = {}): RunStream {
      return openRunStream({
        start: (callbacks, signal) => streams.join(runId, callbacks, { lastEventId: afterSeq, signal }),
        cancel: cancelRun,
        signal: opts.signal,
        onConnection: opts.onConnection,
        knownRunId: runId,
      });
    },
    fastworkflow: createFastworkflowClient(json, http),
  };
}

export type SwitchboardClient = ReturnType<typeof createSwitchboardClient>;
