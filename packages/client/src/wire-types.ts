/**
 * The server's wire shapes, taken from its zod schemas in src/http/wire (type-only: no zod code reaches the
 * bundle; the published .d.ts carry them, decision 1103).
 */
import type { z } from 'zod';
import type { accessLevelSchema, agentDetailsSchema, agentInfoSchema, agentListItemSchema, createAgentBodySchema, updateAgentBodySchema } from '../../../src/http/wire/agents.js';
import type { apiTokenSchema, createTokenBodySchema, createTokenResponseSchema, loginResponseSchema, meResponseSchema, userSchema } from '../../../src/http/wire/auth.js';
import type { fwActivateBodySchema, fwCommandOutputSchema, fwConversationSchema, fwFeedbackBodySchema, fwInitializeBodySchema, fwInvokeBodySchema, fwInvokeResponseSchema, fwTraceSchema } from '../../../src/http/wire/fastworkflow.js';
import type { invokeBodySchema, invokeResponseSchema } from '../../../src/http/wire/invoke.js';
import type { llmsResponseSchema } from '../../../src/http/wire/models.js';
import type { runStreamEventSchema } from '../../../src/http/wire/run-events.js';
import type { runSchema } from '../../../src/http/wire/runs.js';
import type { threadMessageSchema, threadSummarySchema } from '../../../src/http/wire/threads.js';
import type { createToolBodySchema, toolSchema, updateToolBodySchema } from '../../../src/http/wire/tools.js';

export type AccessLevel = z.infer<typeof accessLevelSchema>;
export type User = z.infer<typeof userSchema>;
export type MeResponse = z.infer<typeof meResponseSchema>;
export type LoginResponse = z.infer<typeof loginResponseSchema>;
export type ApiToken = z.infer<typeof apiTokenSchema>;
export type CreateTokenBody = z.input<typeof createTokenBodySchema>;
export type CreateTokenResponse = z.infer<typeof createTokenResponseSchema>;
export type LlmsResponse = z.infer<typeof llmsResponseSchema>;
export type AgentSummary = z.infer<typeof agentListItemSchema>;
export type AgentDetails = z.infer<typeof agentDetailsSchema>;
export type AgentInfo = z.infer<typeof agentInfoSchema>;
export type CreateAgentBody = z.input<typeof createAgentBodySchema>;
export type UpdateAgentBody = z.input<typeof updateAgentBodySchema>;
export type Tool = z.infer<typeof toolSchema>;
export type CreateToolBody = z.input<typeof createToolBodySchema>;
export type UpdateToolBody = z.input<typeof updateToolBodySchema>;
export type ThreadSummary = z.infer<typeof threadSummarySchema>;
export type StoredMessage = z.infer<typeof threadMessageSchema>;
export type RunInfo = z.infer<typeof runSchema>;
/** What a client may send to invoke (before the server fills in defaults). */
export type InvokeBody = z.input<typeof invokeBodySchema>;
export type InvokeResponse = z.infer<typeof invokeResponseSchema>;
/** One event of an agent-invoke stream (SPEC §6), a union discriminated by `type`. */
export type RunStreamEvent = z.infer<typeof runStreamEventSchema>;
export type FwInitializeBody = z.input<typeof fwInitializeBodySchema>;
export type FwInvokeBody = z.input<typeof fwInvokeBodySchema>;
export type FwInvokeResponse = z.infer<typeof fwInvokeResponseSchema>;
export type FwConversation = z.infer<typeof fwConversationSchema>;
export type FwActivateBody = z.input<typeof fwActivateBodySchema>;
export type FwFeedbackBody = z.input<typeof fwFeedbackBodySchema>;
export type FwTrace = z.infer<typeof fwTraceSchema>;
export type FwCommandOutput = z.infer<typeof fwCommandOutputSchema>;
