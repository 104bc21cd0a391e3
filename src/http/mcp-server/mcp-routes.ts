import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Services } from '../../services/index.js';
import type { App } from '../app-types.js';
import { createAgentMcpServer } from './agent-mcp-server.js';
import { createMcpCancellations } from './mcp-cancellations.js';

const DESCRIPTION =
  'Model Context Protocol, Streamable HTTP, stateless (no Mcp-Session-Id). Every agent the bearer token may run is a tool (input `{message, thread_id?}`); a call answers with the final answer as content, sends `notifications/progress` (status lines, batched tokens) when the request has a progress token, and `notifications/cancelled` cancels its run. Body: one JSON-RPC 2.0 message; Accept: application/json, text/event-stream.';

/** MCP clients read a 401 by its WWW-Authenticate header (the bearer token is the only scheme here). */
const bearerChallenge = async (_request: unknown, reply: { statusCode: number; header(name: string, value: string): unknown }) => {
  if (reply.statusCode === 401) reply.header('www-authenticate', 'Bearer realm="switchboard", error="invalid_token"');
};

/** `/mcp`: the SDK's own server transport inside a Fastify route, one server and transport per request. */
export function registerMcpServerRoutes(app: App, services: Services): void {
  const cancellations = createMcpCancellations();

  app.post('/mcp', { onSend: bearerChallenge, schema: { summary: 'MCP server: the caller’s agents as tools (Streamable HTTP)', description: DESCRIPTION, tags: ['mcp'] } }, async (request, reply) => {
    const server = createAgentMcpServer(services, cancellations, request.actor);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    reply.hijack();
    reply.raw.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(request.raw, reply.raw, request.body);
  });

  // stateless: no server-initiated stream to open (GET) and no session to end (DELETE)
  const notAllowed = { jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed: this MCP server is stateless; POST JSON-RPC messages to /mcp' }, id: null };
  for (const method of ['GET', 'DELETE'] as const) {
    app.route({
      method,
      url: '/mcp',
      onSend: bearerChallenge,
      schema: { summary: `MCP: ${method} is not used by this stateless server (405)`, tags: ['mcp'] },
      handler: async (_request, reply) => reply.code(405).header('allow', 'POST').send(notAllowed),
    });
  }
}
