import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SealedSecret } from '../domain/index.js';
import type { Database, ToolStore, Tx } from '../ports/index.js';
import { rotateSecrets } from './rotate-secrets.js';
import { createSecretBox } from './secret-box.js';

/** An in-memory ToolStore slice whose transaction rolls back on error. */
function fakeStore(initial: Record<string, Record<string, SealedSecret>>) {
  let rows = structuredClone(initial);
  let failOn: string | undefined;
  const tools: Pick<ToolStore, 'listAllSealedEnv' | 'replaceSealedEnv'> = {
    listAllSealedEnv: async () => Object.entries(rows).map(([toolId, env]) => ({ toolId, env: structuredClone(env) })),
    replaceSealedEnv: async (toolId, env) => {
      if (toolId === failOn) throw new Error('disk full');
      rows[toolId] = structuredClone(env);
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
  return { tools, database, rows: () => rows, failWritesTo: (toolId: string) => (failOn = toolId) };
}

const oldKey = randomBytes(32).toString('base64');
const newKey = randomBytes(32).toString('base64');
const oldBox = createSecretBox({ keys: [{ keyBase64: oldKey }] });
const newBox = createSecretBox({ keys: [{ keyBase64: newKey }] });

describe('rotateSecrets', () => {
  it('reseals every secret with the new key and reports counts', async () => {
    const store = fakeStore({
      t1: { API_KEY: oldBox.seal('alpha'), OTHER: oldBox.seal('beta') },
      t2: { TOKEN: oldBox.seal('gamma') },
      t3: {},
    });
    const report = await rotateSecrets({ ...store, oldBox, newBox });
    expect(report).toEqual({ toolsUpdated: 2, secretsResealed: 3, secretsAlreadyCurrent: 0 });
    const rows = store.rows();
    expect(Object.values(rows.t1!).every((s) => s.keyId === newBox.currentKeyId)).toBe(true);
    expect(newBox.open(rows.t1!.API_KEY!)).toBe('alpha');
    expect(newBox.open(rows.t2!.TOKEN!)).toBe('gamma');
  });

  it('leaves secrets already under the new key alone, so a rerun finishes an interrupted rotation', async () => {
    const store = fakeStore({ t1: { A: newBox.seal('done'), B: oldBox.seal('todo') } });
    const report = await rotateSecrets({ ...store, oldBox, newBox });
    expect(report).toEqual({ toolsUpdated: 1, secretsResealed: 1, secretsAlreadyCurrent: 1 });
    expect(await rotateSecrets({ ...store, oldBox, newBox })).toEqual({ toolsUpdated: 0, secretsResealed: 0, secretsAlreadyCurrent: 2 });
  });

  it('changes nothing when one secret cannot be opened, naming it without its value', async () => {
    const stranger = createSecretBox({ keys: [{ keyBase64: randomBytes(32).toString('base64') }] });
    const store = fakeStore({ t1: { A: oldBox.seal('alpha') }, t2: { LOST: stranger.seal('hidden-value') } });
    const before = structuredClone(store.rows());
    const failure = rotateSecrets({ ...store, oldBox, newBox });
    await expect(failure).rejects.toThrow(/secret LOST of tool t2/);
    await expect(failure).rejects.not.toThrow(/hidden-value/);
    expect(store.rows()).toEqual(before);
  });

  it('rolls back every write when the transaction fails part way', async () => {
    const store = fakeStore({ t1: { A: oldBox.seal('alpha') }, t2: { B: oldBox.seal('beta') } });
    const before = structuredClone(store.rows());
    store.failWritesTo('t2');
    await expect(rotateSecrets({ ...store, oldBox, newBox })).rejects.toThrow(/disk full/);
    expect(store.rows()).toEqual(before);
  });
});
