import { z } from 'zod';

/** issue 18: GET /ui-config (public). */
export const uiConfigResponseSchema = z
  .object({
    media_origins: z
      .array(z.string())
      .describe('MEDIA_ORIGINS: origins images and videos of model or tool output may load from (besides this server and data:image/)'),
  })
  .meta({ examples: [{ media_origins: ['https://media.example.com'] }] });
export type UiConfigWire = z.infer<typeof uiConfigResponseSchema>;
