import { z } from 'zod';
import { InvalidInputError, type SealedSecret } from '../domain/index.js';

const sealedEnvSchema = z.record(
  z.string().min(1),
  z.strictObject({ keyId: z.string().min(1), sealed: z.string().min(1) }),
);

/** The last guard before the database (which checks again): only sealed values, never plaintext. */
export function assertSealedEnv(env: Record<string, SealedSecret>): Record<string, SealedSecret> {
  const parsed = sealedEnvSchema.safeParse(env);
  if (!parsed.success) throw new InvalidInputError('Tool secrets must be stored sealed');
  return parsed.data;
}
