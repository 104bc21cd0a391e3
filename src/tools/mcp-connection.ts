import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { McpToolConfig } from '../domain/index.js';
import type { FetchLike } from './guarded-fetch.js';

export interface McpRemoteTool {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

/** One live MCP client session to one tool's server. */
export interface McpConnection {
  readonly client: Client;
  /** False once the transport closed or failed; the pool then opens a new one. */
  isOpen(): boolean;
  listTools(signal: AbortSignal): Promise<McpRemoteTool[]>;
  close(): Promise<void>;
}

const MAX_LIST_PAGES = 20;

/** Connects (initialize handshake included) over Streamable HTTP or SSE using the guarded fetch. */
export async function openMcpConnection(input: {
  url: string;
  transport: McpToolConfig['transport'];
  headers: Record<string, string>;
  fetch: FetchLike;
  signal: AbortSignal;
  timeoutMs: number;
}): Promise<McpConnection> {
  const url = new URL(input.url);
  const requestInit: RequestInit = { headers: input.headers };
  const transport: Transport =
    input.transport === 'sse'
      ? new SSEClientTransport(url, { fetch: input.fetch, requestInit })
      : new StreamableHTTPClientTransport(url, {
          fetch: input.fetch,
          requestInit,
          // A dropped stream is handled by the pool reconnecting on next use, not by background retries.
          reconnectionOptions: { maxRetries: 0, initialReconnectionDelay: 1000, maxReconnectionDelay: 1000, reconnectionDelayGrowFactor: 1 },
        });
  const client = new Client({ name: 'switchboard', version: '0.1.0' });
  let open = true;
  client.onclose = () => {
    open = false;
  };
  client.onerror = () => {
    // Errors also reach the awaiting request; this only keeps the SDK from logging to the console.
  };
  try {
    await client.connect(transport, { signal: input.signal, timeout: input.timeoutMs });
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
  return {
    client,
    isOpen: () => open,
    async listTools(signal) {
      const tools: McpRemoteTool[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_LIST_PAGES; page += 1) {
        const result = await client.listTools(cursor ? { cursor } : {}, { signal, timeout: input.timeoutMs });
        for (const tool of result.tools) {
          tools.push({ name: tool.name, description: tool.description ?? '', inputSchema: tool.inputSchema as Record<string, unknown> });
        }
        cursor = result.nextCursor;
        if (!cursor) break;
      }
      return tools;
    },
    async close() {
      open = false;
      await client.close().catch(() => undefined);
    },
  };
}
