import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SealedSecret } from '../domain/index.js';
import type { Database, ToolStore, Tx } from '../ports/index.js';
import type { WebhookStore } from '../ports/webhooks.js';
import { rotateSecrets, toolSecrets, webhookSecrets } from './rotate-secrets.js';
import { createSecretBox } from './secret-box.js';

type Rows = { tools: Record<string, Record<string, SealedSecret>>; webhooks: Record<string, SealedSecret> };

/** In-memory tool and webhook store slices sharing one transaction that rolls both back on error. */
function fakeStore(initial: Partial<Rows>) {
  let rows: Rows = structuredClone({ tools: {}, webhooks: {}, ...initial });
  let failOn: string | undefined;
  const tools: Pick<ToolStore, 'listAllSealedEnv' | 'replaceSealedEnv'> = {
    listAllSealedEnv: async () => Object.entries(rows.tools).map(([toolId, env]) => ({ toolId, env: structuredClone(env) })),
    replaceSealedEnv: async (toolId, env) => {
      if (toolId === failOn) throw new Error('disk full');
      rows.tools[toolId] = structuredClone(env);
    },
  };
  const webhooks: Pick<WebhookStore, 'listAllSealedSecrets' | 'replaceSealedSecret'> = {
    listAllSealedSecrets: async () => Object.entries(rows.webhooks).map(([agentId, secret]) => ({ agentId, secret: structuredClone(secret) })),
    replaceSealedSecret: async (agentId, secret) => {
      if (agentId === failOn) throw new Error('disk full');
      rows.webhooks[agentId] = structuredClone(secret);
    },
  };
  const database: Pick<Database, 'transaction'> = {
    async transaction(work) {
      const snapshot = structuredClone(rows);
      try {
        return await work({} as Tx);
      } catch (error) {
        rows = snapshot;
        throw error;
      }
    },
  };
  return {
    database,
    sources: { tools: toolSecrets(tools), webhooks: webhookSecrets(webhooks) },
    rows: () => rows,
    failWritesTo: (ownerId: string) => (failOn = ownerId),
  };
}

const oldKey = randomBytes(32).toString('base64');
const newKey = randomBytes(32).toString('base64');
const oldBox = createSecretBox({ keys: [{ keyBase64: oldKey }] });
const newBox = createSecretBox({ keys: [{ keyBase64: newKey }] });
const counts = (ownersUpdated: number, secretsResealed: number, secretsAlreadyCurrent: number) => ({ ownersUpdated, secretsResealed, secretsAlreadyCurrent });

describe('rotateSecrets', () => {
  it('reseals every tool secret with the new key and reports counts', async () => {
    const store = fakeStore({
      tools: { t1: { API_KEY: oldBox.seal('alpha'), OTHER: oldBox.seal('beta') }, t2: { TOKEN: oldBox.seal('gamma') }, t3: {} },
    });
    const report = await rotateSecrets({ ...store, oldBox, newBox });
    expect(report).toEqual({ tools: counts(2, 3, 0), webhooks: counts(0, 0, 0) });
    const { tools } = store.rows();
    expect(Object.values(tools.t1!).every((s) => s.keyId === newBox.currentKeyId)).toBe(true);
    expect(newBox.open(tools.t1!.API_KEY!)).toBe('alpha');
    expect(newBox.open(tools.t2!.TOKEN!)).toBe('gamma');
  });

  it('reseals a tool secret and an agent webhook secret together, keeping the webhook secret value', async () => {
    const webhookSecret = `whsec_${randomBytes(32).toString('base64')}`;
    const store = fakeStore({ tools: { t1: { API_KEY: oldBox.seal('alpha') } }, webhooks: { a1: oldBox.seal(webhookSecret) } });
    const report = await rotateSecrets({ ...store, oldBox, newBox });
    expect(report).toEqual({ tools: counts(1, 1, 0), webhooks: counts(1, 1, 0) });
    const { tools, webhooks } = store.rows();
    expect(webhooks.a1!.keyId).toBe(newBox.currentKeyId);
    expect(newBox.open(webhooks.a1!)).toBe(webhookSecret);
    expect(newBox.open(tools.t1!.API_KEY!)).toBe('alpha');
    expect(() => oldBox.open(webhooks.a1!)).toThrow();
  });

  it('leaves values already under the new key alone, so a rerun finishes an interrupted rotation', async () => {
    const store = fakeStore({ tools: { t1: { A: newBox.seal('done'), B: oldBox.seal('todo') } }, webhooks: { a1: newBox.seal('whsec_done'), a2: oldBox.seal('whsec_todo') } });
    const report = await rotateSecrets({ ...store, oldBox, newBox });
    expect(report).toEqual({ tools: counts(1, 1, 1), webhooks: counts(1, 1, 1) });
    expect(await rotateSecrets({ ...store, oldBox, newBox })).toEqual({ tools: counts(0, 0, 2), webhooks: counts(0, 0, 2) });
  });

  it('changes nothing when one secret cannot be opened, naming it without its value', async () => {
    const stranger = createSecretBox({ keys: [{ keyBase64: randomBytes(32).toString('base64') }] });
    const store = fakeStore({ tools: { t1: { A: oldBox.seal('alpha') }, t2: { LOST: stranger.seal('hidden-value') } } });
    const before = structuredClone(store.rows());
    const failure = rotateSecrets({ ...store, oldBox, newBox });
    await expect(failure).rejects.toThrow(/secret LOST of tool t2/);
    await expect(failure).rejects.not.toThrow(/hidden-value/);
    expect(store.rows()).toEqual(before);
  });

  it('changes no tool secret when an agent webhook secret cannot be opened, naming the agent without the value', async () => {
    const stranger = createSecretBox({ keys: [{ keyBase64: randomBytes(32).toString('base64') }] });
    const store = fakeStore({ tools: { t1: { A: oldBox.seal('alpha') } }, webhooks: { a1: oldBox.seal('whsec_fine'), a2: stranger.seal('whsec_hidden') } });
    const before = structuredClone(store.rows());
    const failure = rotateSecrets({ ...store, oldBox, newBox });
    await expect(failure).rejects.toThrow(/webhook secret of agent a2/);
    await expect(failure).rejects.not.toThrow(/whsec_hidden/);
    expect(store.rows()).toEqual(before);
  });

  it('rolls back every write, tool and webhook, when the transaction fails part way', async () => {
    const store = fakeStore({ tools: { t1: { A: oldBox.seal('alpha') }, t2: { B: oldBox.seal('beta') } }, webhooks: { a1: oldBox.seal('whsec_x') } });
    const before = structuredClone(store.rows());
    store.failWritesTo('a1');
    await expect(rotateSecrets({ ...store, oldBox, newBox })).rejects.toThrow(/disk full/);
    expect(store.rows()).toEqual(before);
  });
});
