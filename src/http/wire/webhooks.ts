import { z } from 'zod';

/** issue 19: PUT /agents/{agent_id}/webhook. The secret is write-only: no response ever repeats it. */
export const webhookBodySchema = z.object({
  url: z.url({ protocol: /^https?$/ }).max(2_000).nullable().describe('Where run outcomes are POSTed; null keeps only the secret (for per-run webhook_url)'),
  secret: z.string().max(200).optional().describe('whsec_<base64 of at least 24 bytes>; leave out to keep the stored one or have one made'),
  rotate_secret: z.boolean().default(false).describe('Make a new secret, returned once in this response'),
});

export const webhookSchema = z.object({
  url: z.string().nullable(),
  secret_set: z.literal(true),
  updated_at: z.string(),
  /** Present only in the response that created it: store it now, it is never shown again. */
  secret: z.string().optional(),
});

export const webhookDeliveriesQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

export const webhookDeliverySchema = z.object({
  delivery_id: z.string(),
  run_id: z.string(),
  event: z.string(),
  url: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number(),
  response_status: z.number().nullable(),
  last_error: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const webhookDeliveriesSchema = z.object({ deliveries: z.array(webhookDeliverySchema) });
