/**
 * Wire shapes the page uses, taken from the server's zod schemas in src/http/wire (type-only: nothing
 * of zod reaches the bundle). See docs/decisions/0501-web-api-types.md.
 */
import type { z } from 'zod';
import type { accessLevelSchema, agentDetailsSchema, agentInfoSchema, agentListItemSchema } from '../../src/http/wire/agents.js';
import type { loginResponseSchema, meResponseSchema, userSchema } from '../../src/http/wire/auth.js';
import type { invokeBodySchema } from '../../src/http/wire/invoke.js';
import type { llmsResponseSchema, modelInfoSchema } from '../../src/http/wire/models.js';
import type { runSchema } from '../../src/http/wire/runs.js';
import type { threadMessageSchema, threadSummarySchema } from '../../src/http/wire/threads.js';
import type { toolSchema } from '../../src/http/wire/tools.js';
import type { apiTokenSchema, createTokenResponseSchema } from '../../src/http/wire/auth.js';
import type { companySchema, memberSchema, companyRoleSchema } from '../../src/http/wire/companies.js';
import type { invitationSchema, receivedInvitationSchema } from '../../src/http/wire/invitations.js';
import type { runListItemSchema, runListResponseSchema } from '../../src/http/wire/run-list.js';
import type { discoveredToolSchema, toolTestResponseSchema } from '../../src/http/wire/tool-tests.js';
import type { createUserResponseSchema, userAccountSchema } from '../../src/http/wire/users.js';

export type AccessLevel = z.infer<typeof accessLevelSchema>;
export type User = z.infer<typeof userSchema>;
export type MeResponse = z.infer<typeof meResponseSchema>;
export type LoginResponse = z.infer<typeof loginResponseSchema>;
export type ModelInfo = z.infer<typeof modelInfoSchema>;
export type LlmsResponse = z.infer<typeof llmsResponseSchema>;
/** `GET /agents` items (visitors get no style, tools or sharing). */
export type AgentSummary = z.infer<typeof agentListItemSchema>;
export type ToolDetail = z.infer<typeof toolSchema>;
export type AgentDetails = z.infer<typeof agentDetailsSchema>;
export type AgentInfo = z.infer<typeof agentInfoSchema>;
export type ThreadSummary = z.infer<typeof threadSummarySchema>;
export type StoredMessage = z.infer<typeof threadMessageSchema>;
export type RunInfo = z.infer<typeof runSchema>;
/** What a client may send (before the server fills in defaults). */
export type InvokeBody = z.input<typeof invokeBodySchema>;
export type Company = z.infer<typeof companySchema>;
export type CompanyRole = z.infer<typeof companyRoleSchema>;
export type Member = z.infer<typeof memberSchema>;
export type Invitation = z.infer<typeof invitationSchema>;
export type ReceivedInvitation = z.infer<typeof receivedInvitationSchema>;
export type RunListItem = z.infer<typeof runListItemSchema>;
export type RunListResponse = z.infer<typeof runListResponseSchema>;
export type ToolTestResult = z.infer<typeof toolTestResponseSchema>;
export type DiscoveredTool = z.infer<typeof discoveredToolSchema>;
export type UserAccount = z.infer<typeof userAccountSchema>;
export type CreateUserResponse = z.infer<typeof createUserResponseSchema>;
export type ApiToken = z.infer<typeof apiTokenSchema>;
export type CreateTokenResponse = z.infer<typeof createTokenResponseSchema>;
