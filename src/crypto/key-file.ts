import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeKey } from './secret-box.js';

export const KEY_FILE_NAME = 'secret.key';
/** Left behind by rotate-key: the previous key, still readable for data it did not reach. */
export const OLD_KEY_FILE_NAME = 'secret.key.old';
/** Written by rotate-key before re-encrypting, renamed over secret.key afterwards. */
export const NEW_KEY_FILE_NAME = 'secret.key.new';

export interface KeyFile {
  /** base64 of the 32-byte key in DATA_DIR/secret.key */
  keyBase64: string;
  path: string;
  created: boolean;
  /** Keys of secret.key.new / secret.key.old when present, so a half-finished rotation stays readable. */
  otherKeysBase64: string[];
}

export function generateKeyBase64(): string {
  return randomBytes(32).toString('base64');
}

/** Reads DATA_DIR/secret.key, or creates it (32 random bytes, base64, mode 0600) on first start. */
export async function loadOrCreateKeyFile(dataDir: string): Promise<KeyFile> {
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, KEY_FILE_NAME);
  let created = false;
  try {
    await writeKeyFileExclusive(path, generateKeyBase64());
    created = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const keyBase64 = await readKeyFile(path);
  const otherKeysBase64: string[] = [];
  for (const name of [NEW_KEY_FILE_NAME, OLD_KEY_FILE_NAME]) {
    const other = await readKeyFile(join(dataDir, name)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (other !== undefined && other !== keyBase64) otherKeysBase64.push(other);
  }
  return { keyBase64, path, created, otherKeysBase64 };
}

/** Reads and checks one key file: owner-only permissions and exactly 32 bytes of base64. */
export async function readKeyFile(path: string): Promise<string> {
  const info = await stat(path);
  // Like ssh, refuse a key other users can read rather than silently using it.
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
    throw new Error(`${path} is readable by other users (mode ${(info.mode & 0o777).toString(8)}); run: chmod 600 ${path}`);
  }
  const keyBase64 = (await readFile(path, 'utf8')).trim();
  try {
    decodeKey(keyBase64);
  } catch {
    throw new Error(`${path} must hold a 32-byte key encoded as base64 (try: openssl rand -base64 32 > ${path})`);
  }
  return keyBase64;
}

/** Creates a key file that must not exist yet, mode 0600, flushed to disk. */
export async function writeKeyFileExclusive(path: string, keyBase64: string): Promise<void> {
  decodeKey(keyBase64);
  const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    await handle.writeFile(`${keyBase64}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * The key a rotation should move to: secret.key.new left by an interrupted rotation wins, so its
 * sealed values are never orphaned; otherwise `wanted` is staged as secret.key.new.
 */
export async function stageNewKeyFile(dataDir: string, wanted: string): Promise<{ keyBase64: string; resumed: boolean }> {
  const path = join(dataDir, NEW_KEY_FILE_NAME);
  try {
    await writeKeyFileExclusive(path, wanted);
    return { keyBase64: wanted, resumed: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { keyBase64: await readKeyFile(path), resumed: true };
  }
}

/** After a committed rotation: secret.key becomes secret.key.old and secret.key.new becomes secret.key. */
export async function promoteNewKeyFile(dataDir: string): Promise<void> {
  await rename(join(dataDir, KEY_FILE_NAME), join(dataDir, OLD_KEY_FILE_NAME));
  await rename(join(dataDir, NEW_KEY_FILE_NAME), join(dataDir, KEY_FILE_NAME));
}

/** Drops a staged key whose rotation failed before anything was written with it. */
export async function discardNewKeyFile(dataDir: string): Promise<void> {
  await unlink(join(dataDir, NEW_KEY_FILE_NAME)).catch(() => undefined);
}
