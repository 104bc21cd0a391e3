import { createHash } from 'node:crypto';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { McpToolConfig, ModelToolSpec, SealedSecret, Tool } from '../domain/index.js';
import type { FetchLike } from './guarded-fetch.js';
import { openMcpConnection, type McpConnection, type McpRemoteTool } from './mcp-connection.js';
import type { McpConnectionPool } from './mcp-connection-pool.js';
import { MCP_NAME_SEPARATOR, mcpModelToolName } from './mcp-names.js';
import { mcpCallResult } from './mcp-result.js';
import { findOutboundError } from './outbound-error.js';
import { IN_HEADER, IN_URL, renderTemplate } from './render-template.js';
import { toolFailure, type RawToolResult } from './tool-result.js';

export interface McpCallContext {
  tool: Tool;
  config: McpToolConfig;
  env: Record<string, string>;
  sealedEnv: Record<string, SealedSecret>;
  pool: McpConnectionPool;
  fetch: FetchLike;
  signal: AbortSignal;
  timeoutMs: number;
}

/** model tool name -> MCP tool name, per live connection (filled whenever tools are listed). */
const toolNames = new WeakMap<McpConnection, Map<string, string>>();

function configHash(context: McpCallContext): string {
  return createHash('sha256').update(JSON.stringify([context.config, context.sealedEnv])).digest('hex');
}

function connect(context: McpCallContext): Promise<McpConnection> {
  const values = { input: {}, env: context.env };
  const headers = Object.fromEntries(Object.entries(context.config.headers ?? {}).map(([name, value]) => [name, renderTemplate(value, values, IN_HEADER)]));
  return context.pool.get(context.tool.toolId, configHash(context), () =>
    openMcpConnection({
      url: renderTemplate(context.config.url, values, IN_URL),
      transport: context.config.transport,
      headers,
      fetch: context.fetch,
      signal: context.signal,
      timeoutMs: context.timeoutMs,
    }),
  );
}

/** A broken connection (not a tool error, a refusal or an abort) is worth one fresh attempt. */
function isConnectionFailure(error: unknown, signal: AbortSignal): boolean {
  if (signal.aborted || findOutboundError(error)) return false;
  return !(error instanceof McpError) || error.code === ErrorCode.ConnectionClosed;
}

/** Runs `work` on the tool's cached connection; on a dropped connection reconnects and retries once. */
async function withConnection<T>(context: McpCallContext, work: (connection: McpConnection) => Promise<T>): Promise<T> {
  let connection: McpConnection | undefined;
  try {
    connection = await connect(context);
    return await work(connection);
  } catch (error) {
    if (!isConnectionFailure(error, context.signal)) throw error;
    await context.pool.drop(context.tool.toolId, connection);
    const fresh = await connect(context);
    return await work(fresh);
  }
}

async function listTools(connection: McpConnection, context: McpCallContext): Promise<McpRemoteTool[]> {
  const tools = await connection.listTools(context.signal);
  toolNames.set(connection, new Map(tools.map((tool) => [mcpModelToolName(context.tool.name, tool.name), tool.name])));
  return tools;
}

/** The MCP server's tools as `<tool name>__<mcp tool>` model tools. */
export async function describeMcpTools(context: McpCallContext): Promise<ModelToolSpec[]> {
  const tools = await withConnection(context, (connection) => listTools(connection, context));
  return tools.map((remote) => ({
    name: mcpModelToolName(context.tool.name, remote.name),
    description: remote.description || context.tool.description,
    parameters: remote.inputSchema?.type === 'object' ? remote.inputSchema : { type: 'object', properties: {} },
  }));
}

/** Calls one MCP tool; failures of the tool itself come back as `ok: false`, connection trouble throws. */
export async function executeMcpTool(context: McpCallContext & { modelToolName: string; arguments: Record<string, unknown> }): Promise<RawToolResult> {
  const prefix = `${context.tool.name}${MCP_NAME_SEPARATOR}`;
  if (!context.modelToolName.startsWith(prefix.replace(/[^A-Za-z0-9_-]/g, '_'))) {
    return toolFailure(`${context.modelToolName} is not a tool of ${context.tool.name}`);
  }
  return withConnection(context, async (connection) => {
    let names = toolNames.get(connection);
    if (!names?.has(context.modelToolName)) {
      await listTools(connection, context);
      names = toolNames.get(connection);
    }
    const mcpName = names?.get(context.modelToolName);
    if (!mcpName) return toolFailure(`the MCP server of ${context.tool.name} has no tool named ${context.modelToolName.slice(prefix.length)}`);
    // The SDK's own timeout is a backstop; the call signal carries the real limit and its message.
    const result = await connection.client.callTool({ name: mcpName, arguments: context.arguments }, undefined, {
      signal: context.signal,
      timeout: context.timeoutMs + 1000,
    });
    return mcpCallResult(result as Record<string, unknown>, context.modelToolName);
  });
}
