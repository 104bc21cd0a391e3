import { z } from 'zod';

export const a2aAgentParams = z.object({ agent_id: z.uuid('agent_id must be a UUID') });

/** One JSON-RPC 2.0 request; the A2A SDK's transport handler validates method and params (errors in JSON-RPC form). */
export const a2aJsonRpcBodySchema = z
  .object({ jsonrpc: z.literal('2.0'), method: z.string().max(100), id: z.union([z.string().max(200), z.number(), z.null()]).optional(), params: z.unknown().optional() })
  .passthrough()
  .meta({ examples: [{ jsonrpc: '2.0', id: 1, method: 'SendMessage', params: { message: { messageId: 'm1', role: 'ROLE_USER', parts: [{ text: 'Hello' }] } } }] });

/** An A2A 1.0 Agent Card (protobuf JSON field names). */
export const a2aCardSchema = z
  .object({ name: z.string(), description: z.string(), supportedInterfaces: z.array(z.object({ url: z.string(), protocolBinding: z.string(), protocolVersion: z.string() }).passthrough()) })
  .passthrough();
export type A2aCardJson = z.infer<typeof a2aCardSchema>;
