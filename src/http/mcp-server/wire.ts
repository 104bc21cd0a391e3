import { z } from 'zod';

/** The arguments of every agent tool. */
export const agentToolInputSchema = z.object({
  message: z.string().min(1).max(200_000).describe('What to ask the agent'),
  thread_id: z.string().min(1).max(200).optional().describe('Continue this conversation (the agent remembers it); a new thread when left out'),
});
export type AgentToolInput = z.infer<typeof agentToolInputSchema>;

/** The same as the JSON Schema that tools/list shows. */
export const agentToolInputJsonSchema = z.toJSONSchema(agentToolInputSchema) as { type: 'object'; [key: string]: unknown };

/** Documents the body of POST /mcp in /openapi.json; the MCP SDK's transport validates it. */
export const jsonRpcBodySchema = z
  .union([z.object({ jsonrpc: z.literal('2.0') }).passthrough(), z.array(z.object({ jsonrpc: z.literal('2.0') }).passthrough()).max(100)])
  .describe('A JSON-RPC 2.0 message of the Model Context Protocol (initialize, tools/list, tools/call, notifications/…)');
