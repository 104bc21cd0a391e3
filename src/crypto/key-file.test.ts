import { chmod, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateKeyFile, promoteNewKeyFile, stageNewKeyFile } from './key-file.js';

const tempDir = () => mkdtemp(join(tmpdir(), 'sb-key-'));

describe('loadOrCreateKeyFile', () => {
  it('creates a 32-byte key with mode 0600 on first start and reads the same key afterwards', async () => {
    const dir = join(await tempDir(), 'nested');
    const first = await loadOrCreateKeyFile(dir);
    expect(first.created).toBe(true);
    expect(Buffer.from(first.keyBase64, 'base64')).toHaveLength(32);
    expect((await stat(first.path)).mode & 0o777).toBe(0o600);
    const second = await loadOrCreateKeyFile(dir);
    expect(second).toMatchObject({ created: false, keyBase64: first.keyBase64, otherKeysBase64: [] });
  });

  it('refuses a key file other users can read', async () => {
    const dir = await tempDir();
    const { path } = await loadOrCreateKeyFile(dir);
    await chmod(path, 0o644);
    await expect(loadOrCreateKeyFile(dir)).rejects.toThrow(/chmod 600/);
  });

  it('refuses a key file that does not hold 32 bytes of base64', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'secret.key'), 'too short\n', { mode: 0o600 });
    await expect(loadOrCreateKeyFile(dir)).rejects.toThrow(/32-byte key/);
  });

  it('stages a new key, resumes a staged one, and promotes it keeping the old key', async () => {
    const dir = await tempDir();
    const original = await loadOrCreateKeyFile(dir);
    const wanted = Buffer.alloc(32, 7).toString('base64');
    expect(await stageNewKeyFile(dir, wanted)).toEqual({ keyBase64: wanted, resumed: false });
    expect(await stageNewKeyFile(dir, Buffer.alloc(32, 9).toString('base64'))).toEqual({ keyBase64: wanted, resumed: true });
    expect((await loadOrCreateKeyFile(dir)).otherKeysBase64).toEqual([wanted]);
    await promoteNewKeyFile(dir);
    const after = await loadOrCreateKeyFile(dir);
    expect(after.keyBase64).toBe(wanted);
    expect(after.otherKeysBase64).toEqual([original.keyBase64]);
    expect((await readFile(join(dir, 'secret.key.old'), 'utf8')).trim()).toBe(original.keyBase64);
  });
});
