import type { FastifyReply } from 'fastify';
import type { Services } from '../../services/index.js';
import { actorOf, type App } from '../app-types.js';
import { errorResponses, idParamsSchema } from '../wire/common.js';
import { toolDiscoverBodySchema, toolDiscoverResponseSchema, toolTestBodySchema, toolTestResponseSchema } from '../wire/tool-tests.js';

/** Aborted when the client goes away before the answer is sent, so a slow tool call stops with it. */
function signalOf(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort(new Error('the client went away'));
  });
  return controller.signal;
}

/** issue 18: the console's "Test" and "Discover" on tools. */
export function registerToolTestRoutes(app: App, services: Pick<Services, 'toolTests'>): void {
  const tags = ['tools'];

  app.post(
    '/tools/:id/test',
    {
      schema: {
        tags,
        summary: 'Run a tool once with sample input (editors of the tool)',
        description: 'Runs through the same tool runner as a model call: SSRF guard, timeouts, secrets scrubbed from the output.',
        params: idParamsSchema,
        body: toolTestBodySchema,
        response: { 200: toolTestResponseSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await services.toolTests.test(actorOf(request), request.params.id, {
        arguments: request.body.input,
        toolName: request.body.tool_name,
        signal: signalOf(reply),
      });
      return { ok: result.ok, output: result.output, blocks: result.blocks, duration_ms: result.durationMs };
    },
  );

  app.post(
    '/tools/discover',
    {
      schema: {
        tags,
        summary: "List an MCP server's tools",
        description: 'Connects with the given config (SSRF guard as for tool calls). An unreachable or refused server answers 502.',
        body: toolDiscoverBodySchema,
        response: { 200: toolDiscoverResponseSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const tools = await services.toolTests.discover(actorOf(request), {
        config: request.body.config,
        env: request.body.env,
        toolId: request.body.tool_id,
        signal: signalOf(reply),
      });
      return { tools: tools.map((tool) => ({ name: tool.name, description: tool.description, input_schema: tool.inputSchema })) };
    },
  );
}
