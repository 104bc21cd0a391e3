import { z } from 'zod';
import { LIMITS, emailListSchema, nameSchema, timestampSchema } from './common.js';
import { toolSchema } from './tools.js';

export const accessLevelSchema = z.enum(['owner', 'company', 'editor', 'visitor']);
const modelNameSchema = z.string().trim().min(1).max(LIMITS.name);
const toolIdsSchema = z.array(z.uuid()).max(LIMITS.ids);

export const createAgentBodySchema = z.object({
  agent_name: nameSchema,
  description: z.string().max(LIMITS.description).default(''),
  agent_style: z.string().max(LIMITS.style).default(''),
  on_status: z.boolean().default(true),
  model_name: modelNameSchema.optional(),
  tools: toolIdsSchema.default([]),
  company_id: z.uuid().nullable().default(null),
  share_editor_with: emailListSchema.default([]),
  share_visitor_with: emailListSchema.default([]),
});

/** Unknown fields are dropped, so a whole agent object (as GET returns it) can be sent back. */
export const updateAgentBodySchema = z.object({
  agent_name: nameSchema.optional(),
  description: z.string().max(LIMITS.description).optional(),
  agent_style: z.string().max(LIMITS.style).optional(),
  on_status: z.boolean().optional(),
  model_name: modelNameSchema.optional(),
  tools: toolIdsSchema.optional(),
  company_id: z.uuid().nullable().optional(),
  share_editor_with: emailListSchema.optional(),
  share_visitor_with: emailListSchema.optional(),
});

/** The public profile: what anyone who may see the agent gets (`GET /agent-invoke/{id}/info`). */
export const agentInfoSchema = z.object({
  agent_id: z.uuid(),
  agent_name: z.string(),
  description: z.string(),
  on_status: z.boolean(),
  model_name: z.string(),
  access_level: accessLevelSchema,
});
export type AgentInfoWire = z.infer<typeof agentInfoSchema>;

/** The full agent, for callers who may read its configuration. */
export const agentSchema = agentInfoSchema.extend({
  agent_style: z.string(),
  tools: z.array(z.uuid()),
  company_id: z.uuid().nullable(),
  user_id: z.uuid(),
  share_editor_with: z.array(z.string()),
  share_visitor_with: z.array(z.string()),
  created_at: timestampSchema,
  updated_at: timestampSchema,
});
export type AgentWire = z.infer<typeof agentSchema>;

/** `GET /agents` items: visitors get the profile with ids and dates, without style, tools or sharing. */
export const agentListItemSchema = agentSchema.partial({
  agent_style: true,
  tools: true,
  share_editor_with: true,
  share_visitor_with: true,
});
export type AgentListItemWire = z.infer<typeof agentListItemSchema>;
export const agentListSchema = z.array(agentListItemSchema);

/** `GET /agents/{id}`: the agent and its tools, secrets masked. */
export const agentDetailsSchema = agentSchema.extend({ tool_details: z.array(toolSchema) });
export type AgentDetailsWire = z.infer<typeof agentDetailsSchema>;
