import { z } from 'zod';
import { LIMITS } from './common.js';
import { envKeySchema, toolConfigSchema } from './tools.js';

/** issue 18: POST /tools/{id}/test runs the tool once, as a model call would. */
export const toolTestBodySchema = z
  .object({
    input: z.record(z.string().max(LIMITS.name), z.unknown()).default({}).describe('The arguments of the call (what the model would send)'),
    tool_name: z.string().min(1).max(200).optional().describe('MCP tools only: which of the server’s tools to call (a name POST /tools/discover lists)'),
  })
  .meta({ examples: [{ input: { city: 'Paris' } }, { input: { text: 'hi' }, tool_name: 'echo' }] });

export const toolTestResponseSchema = z
  .object({
    ok: z.boolean().describe('false when the tool failed; output then says why'),
    output: z.unknown().describe('The result as the tool panel shows it, secrets scrubbed'),
    blocks: z.array(z.string()).describe('Content blocks (!#block#!…!#/block#!) the result carried'),
    duration_ms: z.number().int(),
  })
  .meta({ examples: [{ ok: true, output: { status: 200, body: { temperature: 21 } }, blocks: [], duration_ms: 84 }] });

/** POST /tools/discover lists an MCP server's tools before (or without) saving the tool. */
export const toolDiscoverBodySchema = z
  .object({
    config: toolConfigSchema.describe('An MCP tool config: {"url", "transport", "headers"?}'),
    env: z
      .record(envKeySchema, z.string().min(1).max(LIMITS.secretValue))
      .refine((env) => Object.keys(env).length <= LIMITS.secrets, { message: `at most ${LIMITS.secrets} secrets` })
      .default({})
      .describe('Secrets for the header templates; "********" means the stored value of tool_id'),
    tool_id: z.uuid().optional().describe('An MCP tool you may edit: its stored secrets fill what env leaves out, while the URL keeps its origin'),
  })
  .meta({
    examples: [
      { config: { url: 'https://mcp.example.com/mcp', transport: 'streamable-http', headers: { Authorization: 'Bearer {{env.MCP_TOKEN}}' } }, env: { MCP_TOKEN: 'secret' } },
    ],
  });

export const discoveredToolSchema = z.object({
  name: z.string().describe("The MCP tool's name (the model sees it as <tool name>__<name>)"),
  description: z.string(),
  input_schema: z.record(z.string(), z.unknown()),
});

export const toolDiscoverResponseSchema = z
  .object({ tools: z.array(discoveredToolSchema) })
  .meta({ examples: [{ tools: [{ name: 'echo', description: 'Echoes its input', input_schema: { type: 'object', properties: { text: { type: 'string' } } } }] }] });
