import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox, generateKeyBase64, keyIdOf, loadOrCreateKeyFile } from './crypto/index.js';
import { runRotateKey } from './rotate-key.js';
import { openDatabase } from './storage/open-database.js';

async function seededDataDir(secret: string) {
  const dataDir = await mkdtemp(join(tmpdir(), 'sb-rotate-'));
  const { keyBase64 } = await loadOrCreateKeyFile(dataDir);
  const box = createSecretBox({ keys: [{ keyBase64 }] });
  const storage = await openDatabase({ dataDir });
  const user = await storage.users.create({ email: 'owner@example.com', name: 'Owner', passwordHash: null, isAdmin: false });
  const tool = await storage.tools.create({
    name: 'weather',
    description: '',
    kind: 'http',
    config: { url: 'https://api.example.com', method: 'GET', input_schema: { type: 'object', properties: {} } },
    env: { API_KEY: box.seal(secret), OTHER: box.seal('second value') },
    onStatus: true,
    companyId: null,
    userId: user.userId,
  });
  await storage.database.close();
  return { dataDir, oldKey: keyBase64, toolId: tool.toolId };
}

async function sealedEnvOf(dataDir: string, toolId: string) {
  const storage = await openDatabase({ dataDir });
  try {
    return await storage.tools.loadSealedEnv(toolId);
  } finally {
    await storage.database.close();
  }
}

// One seeded PGlite directory for the whole file: creating one costs seconds.
describe('rotate-key', () => {
  const secret = 'sk-rotate-me-123456';
  let seeded: Awaited<ReturnType<typeof seededDataDir>>;
  beforeAll(async () => {
    seeded = await seededDataDir(secret);
  });

  it('re-encrypts every secret with a generated key and keeps the old key file', async () => {
    const { dataDir, oldKey, toolId } = seeded;
    const lines: string[] = [];
    const result = await runRotateKey({ DATA_DIR: dataDir }, (line) => lines.push(line));

    expect(result).toMatchObject({ toolsUpdated: 1, secretsResealed: 2, secretsAlreadyCurrent: 0, oldKeyId: keyIdOf(oldKey) });
    const newKey = (await readFile(join(dataDir, 'secret.key'), 'utf8')).trim();
    expect(keyIdOf(newKey)).toBe(result.newKeyId);
    expect((await readFile(join(dataDir, 'secret.key.old'), 'utf8')).trim()).toBe(oldKey);
    expect((await stat(join(dataDir, 'secret.key'))).mode & 0o777).toBe(0o600);
    await expect(stat(join(dataDir, 'secret.key.new'))).rejects.toThrow();

    const env = await sealedEnvOf(dataDir, toolId);
    const newBox = createSecretBox({ keys: [{ keyBase64: newKey }] });
    expect(env.API_KEY!.keyId).toBe(result.newKeyId);
    expect(newBox.open(env.API_KEY!)).toBe(secret);
    expect(newBox.open(env.OTHER!)).toBe('second value');

    const printed = lines.join('\n');
    expect(printed).toMatch(/Re-encrypted 2 secrets of 1 tools/);
    for (const value of [secret, newKey, oldKey]) expect(printed).not.toContain(value);
  });

  it('uses NEW_SECRET_KEY when given', async () => {
    const wanted = generateKeyBase64();
    const result = await runRotateKey({ DATA_DIR: seeded.dataDir, NEW_SECRET_KEY: wanted }, () => undefined);
    expect(result).toMatchObject({ newKeyId: keyIdOf(wanted), secretsResealed: 2 });
    expect((await readFile(join(seeded.dataDir, 'secret.key'), 'utf8')).trim()).toBe(wanted);
    const env = await sealedEnvOf(seeded.dataDir, seeded.toolId);
    expect(createSecretBox({ keys: [{ keyBase64: wanted }] }).open(env.API_KEY!)).toBe(secret);
  });

  it('requires NEW_SECRET_KEY when SECRET_KEY comes from the environment, and checks its shape', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sb-rotate-'));
    await expect(runRotateKey({ DATA_DIR: dataDir, SECRET_KEY: generateKeyBase64() }, () => undefined)).rejects.toThrow(/NEW_SECRET_KEY: is required/);
    await expect(runRotateKey({ DATA_DIR: dataDir, NEW_SECRET_KEY: 'short' }, () => undefined)).rejects.toThrow(/NEW_SECRET_KEY: must be 32 bytes/);
  });
});
