import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, CancelledNotificationSchema, ErrorCode, ListToolsRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { Actor } from '../../domain/index.js';
import type { Services } from '../../services/index.js';
import { agentToolsFor } from './agent-tools.js';
import { callAgentTool } from './call-agent-tool.js';
import type { McpCancellations } from './mcp-cancellations.js';
import { agentToolInputJsonSchema, agentToolInputSchema } from './wire.js';

const SERVER_INFO = { name: 'switchboard', title: 'Switchboard agents', version: '1.0.0' };

/** The MCP server one request talks to (stateless: one per HTTP request), listing the caller's agents as tools. */
export function createAgentMcpServer(services: Services, cancellations: McpCancellations, actor: Actor): Server {
  const server = new Server(SERVER_INFO, {
    capabilities: { tools: { listChanged: false } },
    instructions: 'Each tool is a Switchboard agent: call it with {message, thread_id?}; the same thread_id continues a conversation.',
  });

  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: (await agentToolsFor(services, actor)).map(({ name, agent }) => ({
      name,
      title: agent.agentName,
      description: agent.description.trim() === '' ? `Ask the Switchboard agent "${agent.agentName}"` : agent.description,
      inputSchema: agentToolInputJsonSchema,
    })),
  }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const tool = (await agentToolsFor(services, actor)).find((candidate) => candidate.name === request.params.name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
    const parsed = agentToolInputSchema.safeParse(request.params.arguments ?? {});
    if (!parsed.success) throw new McpError(ErrorCode.InvalidParams, `Invalid arguments: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('; ')}`);
    const progressToken = request.params._meta?.progressToken;
    return callAgentTool(services, cancellations, {
      actor,
      agent: tool.agent,
      input: parsed.data,
      requestId: extra.requestId,
      abortSignal: extra.signal,
      sendProgress:
        progressToken === undefined
          ? null
          : ({ progress, message }) => extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress, message } }),
    });
  });

  // the stateless transport delivers a cancellation on a request of its own: find the call by its request id
  server.setNotificationHandler(CancelledNotificationSchema, (notification) => {
    const requestId = notification.params.requestId;
    if (requestId !== undefined) cancellations.cancel(actor.userId, requestId);
  });

  return server;
}
