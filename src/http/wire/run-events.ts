import { z } from 'zod';
import { PROVIDER_ERROR_CODES, type RunEvent } from '../../domain/run-event.js';
import { usageSchema } from './invoke.js';

/**
 * The agent-invoke stream's events (SPEC §6) as the wire shows them: `event:` = `type`, `data:` = the rest.
 * Typed against the domain's RunEvent union below, so the two cannot drift; the client package and
 * /openapi.json take the stream's types from here.
 */
const runErrorCode = z.enum(['timeout', 'cancelled', ...PROVIDER_ERROR_CODES, 'tool_error', 'internal', 'interrupted']);
const runOutcome = z.enum(['completed', 'cancelled', 'failed', 'timed_out', 'interrupted']);

export const statusEventSchema = z.object({
  type: z.literal('status'),
  status: z.string(),
  run_id: z.string().optional(),
  thread_id: z.string().optional(),
  model: z.string().optional(),
  final_answer: z.string().optional(),
  usage: usageSchema.optional(),
});
export const tokenEventSchema = z.object({ type: z.literal('token'), token: z.string() });
export const toolStatusEventSchema = z.object({
  type: z.literal('tool_status'),
  tool_name: z.string(),
  call_id: z.string(),
  status: z.string(),
  is_start: z.boolean(),
  input: z.unknown().optional(),
  output: z.unknown().optional(),
  ok: z.boolean().optional(),
});
export const errorEventSchema = z.object({ type: z.literal('error'), code: runErrorCode, detail: z.string(), provider_status: z.number().int().optional() });
export const endEventSchema = z.object({ type: z.literal('end'), run_id: z.string(), outcome: runOutcome });

export const runStreamEventSchema = z.discriminatedUnion('type', [statusEventSchema, tokenEventSchema, toolStatusEventSchema, errorEventSchema, endEventSchema]);
export type RunStreamEvent = z.infer<typeof runStreamEventSchema>;

// compile-time check: every domain event is a wire event and back
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameAsDomain: Same<RunStreamEvent['type'], RunEvent['type']> = true;
const domainFitsWire = (event: RunEvent): RunStreamEvent => event;
void sameAsDomain;
void domainFitsWire;
