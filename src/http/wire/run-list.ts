import { z } from 'zod';
import { runSchema } from './runs.js';

const RUN_STATUSES = ['running', 'completed', 'cancelled', 'failed', 'timed_out', 'interrupted'] as const;

/** issue 18: GET /runs filters; `before` pages back from a run id of the previous page (or an ISO time). */
export const runListQuery = z.object({
  status: z.enum(RUN_STATUSES).optional().describe('Only runs with this status'),
  agent_id: z.uuid('agent_id must be a UUID').optional().describe('Only runs of this agent'),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size, 1 to 200 (default 50)'),
  before: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .optional()
    .describe('Runs started before this one: a run id (next_before of the previous page) or an ISO 8601 time'),
});

export const runListItemSchema = runSchema.extend({
  agent_name: z.string().nullable().describe('null once the agent is deleted'),
  duration_ms: z.number().int().nullable().describe('ended_at - started_at; null while the run is running'),
  input_tokens: z.number().nullable(),
  output_tokens: z.number().nullable(),
  total_tokens: z.number().nullable(),
});
export type RunListItemWire = z.infer<typeof runListItemSchema>;

export const runListResponseSchema = z
  .object({
    runs: z.array(runListItemSchema).describe("The caller's own runs, newest first"),
    next_before: z.string().nullable().describe('Pass as ?before= for the next page; null on the last page'),
  })
  .meta({
    examples: [
      {
        runs: [
          {
            run_id: '0193a0c4-5f2e-7a10-8c3e-2b9f0d4e6a11',
            agent_id: '5b1f4a3e-2c7d-4e8f-9a0b-1c2d3e4f5a6b',
            agent_name: 'Demo agent',
            thread_id: '1',
            model: 'local/demo',
            status: 'completed',
            surface: 'agent-invoke',
            started_at: '2026-12-03T12:00:00.000Z',
            ended_at: '2026-12-03T12:00:01.250Z',
            duration_ms: 1250,
            usage: { input_tokens: 12, output_tokens: 34, total_tokens: 46 },
            input_tokens: 12,
            output_tokens: 34,
            total_tokens: 46,
            error_code: null,
            error_detail: null,
          },
        ],
        next_before: null,
      },
    ],
  });
