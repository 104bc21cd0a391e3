import { z } from 'zod';

export const modelInfoSchema = z.object({
  id: z.string(),
  provider: z.string(),
  label: z.string(),
  supports_tools: z.boolean(),
});

/** `GET /get-llms`: `available_models` is the seed's shape; the rest is ours. */
export const llmsResponseSchema = z.object({
  available_models: z.array(z.string()),
  default_model: z.string(),
  models: z.array(modelInfoSchema),
});
export type LlmsResponse = z.infer<typeof llmsResponseSchema>;

export const healthResponseSchema = z.object({ status: z.literal('ok') });
export const readyResponseSchema = z.object({ status: z.literal('ready') });
