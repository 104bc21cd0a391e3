import type { SealedSecret } from '../domain/index.js';
import type { Database, SecretBox, ToolStore, Tx } from '../ports/index.js';
import type { WebhookStore } from '../ports/webhooks.js';

/** One kind of sealed value the rotation re-seals: each owner (a tool, an agent) with its values by name. */
export interface SealedValues {
  listAll(): Promise<Array<{ ownerId: string; values: Record<string, SealedSecret> }>>;
  /** Writes one owner's values, all of them, inside the rotation's transaction. */
  replace(ownerId: string, values: Record<string, SealedSecret>, tx: Tx): Promise<void>;
  /** How a message names one value: owner and name, never the value. */
  describe(ownerId: string, name: string): string;
}

export interface RotationCounts {
  /** Owners whose values were written again. */
  ownersUpdated: number;
  secretsResealed: number;
  /** Values that were already sealed with the new key (a resumed rotation). */
  secretsAlreadyCurrent: number;
}

export type RotationReport<K extends string = string> = Record<K, RotationCounts>;

/** Tool secrets: each tool's env, by secret name. */
export function toolSecrets(tools: Pick<ToolStore, 'listAllSealedEnv' | 'replaceSealedEnv'>): SealedValues {
  return {
    listAll: async () => (await tools.listAllSealedEnv()).map(({ toolId, env }) => ({ ownerId: toolId, values: env })),
    replace: (toolId, env, tx) => tools.replaceSealedEnv(toolId, env, tx),
    describe: (toolId, name) => `secret ${name} of tool ${toolId}`,
  };
}

/** Agent webhook signing secrets: one per agent. */
export function webhookSecrets(webhooks: Pick<WebhookStore, 'listAllSealedSecrets' | 'replaceSealedSecret'>): SealedValues {
  return {
    listAll: async () => (await webhooks.listAllSealedSecrets()).map(({ agentId, secret }) => ({ ownerId: agentId, values: { secret } })),
    replace: (agentId, values, tx) => webhooks.replaceSealedSecret(agentId, values.secret!, tx),
    describe: (agentId) => `webhook secret of agent ${agentId}`,
  };
}

/**
 * Re-encrypts every value of every source from `oldBox`'s keys to `newBox`'s current key. All values are
 * opened and resealed first (crypto stays outside the transaction), then all sources are written in one
 * transaction, so a failure leaves every value as it was. Messages name owners and names, never values.
 */
export async function rotateSecrets<K extends string>(input: {
  sources: Record<K, SealedValues>;
  database: Pick<Database, 'transaction'>;
  oldBox: Pick<SecretBox, 'open'>;
  newBox: Pick<SecretBox, 'seal' | 'currentKeyId'>;
}): Promise<RotationReport<K>> {
  const { sources, database, oldBox, newBox } = input;
  const report = {} as RotationReport<K>;
  const updates: Array<{ source: SealedValues; ownerId: string; values: Record<string, SealedSecret> }> = [];

  for (const [kind, source] of Object.entries(sources) as Array<[K, SealedValues]>) {
    const counts: RotationCounts = (report[kind] = { ownersUpdated: 0, secretsResealed: 0, secretsAlreadyCurrent: 0 });
    for (const { ownerId, values } of await source.listAll()) {
      const next: Record<string, SealedSecret> = {};
      let changed = false;
      for (const [name, sealed] of Object.entries(values)) {
        if (sealed.keyId === newBox.currentKeyId) {
          next[name] = sealed;
          counts.secretsAlreadyCurrent += 1;
          continue;
        }
        let plaintext: string;
        try {
          plaintext = oldBox.open(sealed);
        } catch (error) {
          throw new Error(`cannot open ${source.describe(ownerId, name)}: ${(error as Error).message}; nothing was changed`);
        }
        next[name] = newBox.seal(plaintext);
        counts.secretsResealed += 1;
        changed = true;
      }
      if (changed) {
        updates.push({ source, ownerId, values: next });
        counts.ownersUpdated += 1;
      }
    }
  }

  await database.transaction(async (tx) => {
    for (const { source, ownerId, values } of updates) await source.replace(ownerId, values, tx);
  });
  return report;
}
