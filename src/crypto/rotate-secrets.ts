import type { SealedSecret } from '../domain/index.js';
import type { Database, SecretBox, ToolStore } from '../ports/index.js';

export interface RotationReport {
  toolsUpdated: number;
  secretsResealed: number;
  /** Secrets that were already sealed with the new key (a resumed rotation). */
  secretsAlreadyCurrent: number;
}

/**
 * Re-encrypts every tool secret from `oldBox`'s keys to `newBox`'s current key. All values are opened
 * and resealed first (crypto stays outside the transaction), then written in one transaction, so a
 * failure leaves every secret as it was. Messages name tools and secret names, never values.
 */
export async function rotateSecrets(input: {
  tools: Pick<ToolStore, 'listAllSealedEnv' | 'replaceSealedEnv'>;
  database: Pick<Database, 'transaction'>;
  oldBox: Pick<SecretBox, 'open'>;
  newBox: Pick<SecretBox, 'seal' | 'currentKeyId'>;
}): Promise<RotationReport> {
  const { tools, database, oldBox, newBox } = input;
  const report: RotationReport = { toolsUpdated: 0, secretsResealed: 0, secretsAlreadyCurrent: 0 };
  const updates: Array<{ toolId: string; env: Record<string, SealedSecret> }> = [];

  for (const { toolId, env } of await tools.listAllSealedEnv()) {
    const next: Record<string, SealedSecret> = {};
    let changed = false;
    for (const [name, sealed] of Object.entries(env)) {
      if (sealed.keyId === newBox.currentKeyId) {
        next[name] = sealed;
        report.secretsAlreadyCurrent += 1;
        continue;
      }
      let plaintext: string;
      try {
        plaintext = oldBox.open(sealed);
      } catch (error) {
        throw new Error(`cannot open secret ${name} of tool ${toolId}: ${(error as Error).message}; nothing was changed`);
      }
      next[name] = newBox.seal(plaintext);
      report.secretsResealed += 1;
      changed = true;
    }
    if (changed) updates.push({ toolId, env: next });
  }

  await database.transaction(async (tx) => {
    for (const update of updates) await tools.replaceSealedEnv(update.toolId, update.env, tx);
  });
  report.toolsUpdated = updates.length;
  return report;
}
