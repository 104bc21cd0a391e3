import { z } from 'zod';
import { usageSchema } from './invoke.js';
import { RUN_SURFACES } from '../../domain/run.js';

export const runIdParams = z.object({ run_id: z.uuid('run_id must be a UUID') });

export const runStreamQuery = z.object({
  last_event_id: z.coerce.number().int().nonnegative().optional().describe('Resume after this event id (same as the Last-Event-ID header)'),
});

export const runSchema = z.object({
  run_id: z.string(),
  agent_id: z.string(),
  thread_id: z.string(),
  model: z.string(),
  status: z.enum(['running', 'completed', 'cancelled', 'failed', 'timed_out', 'interrupted']),
  surface: z.enum(RUN_SURFACES),
  started_at: z.string(),
  ended_at: z.string().nullable(),
  usage: usageSchema.nullable(),
  error_code: z.string().nullable(),
  error_detail: z.string().nullable(),
});
export type RunWire = z.infer<typeof runSchema>;

/** issue 19: GET /runs/{id} adds the final answer of an ended run (null while it runs) to the run. */
export const runDetailSchema = runSchema.extend({ final_answer: z.string().nullable().describe('The stored answer once the run has ended; partial for a run that did not complete') });
