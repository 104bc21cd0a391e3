import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { SealedSecret } from '../domain/index.js';
import type { SecretBox } from '../ports/index.js';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export interface SecretBoxKey {
  /** Optional: when given it must equal `keyIdOf(key)`, so a typo cannot mislabel a key. */
  keyId?: string;
  keyBase64: string;
}

/** A short, stable id of a key (first 8 hex of its sha256) so rotation can tell keys apart. */
export function keyIdOf(keyBase64: string): string {
  return createHash('sha256').update(decodeKey(keyBase64)).digest('hex').slice(0, 8);
}

export function decodeKey(keyBase64: string): Buffer {
  const key = /^[A-Za-z0-9+/]+={0,2}$/.test(keyBase64.trim()) ? Buffer.from(keyBase64.trim(), 'base64') : Buffer.alloc(0);
  if (key.length !== KEY_BYTES) throw new Error('a secret key must be 32 bytes encoded as base64 (try: openssl rand -base64 32)');
  return key;
}

/**
 * AES-256-GCM with a random 12-byte nonce per value; sealed = base64(nonce | ciphertext | tag).
 * Seals with `currentKeyId` (defaults to the first key); opens with any known key.
 */
export function createSecretBox(options: { keys: SecretBoxKey[]; currentKeyId?: string }): SecretBox {
  const keys = new Map<string, Buffer>();
  for (const entry of options.keys) {
    const id = keyIdOf(entry.keyBase64);
    if (entry.keyId !== undefined && entry.keyId !== id) {
      throw new Error(`key id "${entry.keyId}" does not match its key (expected "${id}")`);
    }
    keys.set(id, decodeKey(entry.keyBase64));
  }
  const currentKeyId = options.currentKeyId ?? [...keys.keys()][0];
  if (currentKeyId === undefined) throw new Error('a secret box needs at least one key');
  const currentKey = keys.get(currentKeyId);
  if (!currentKey) throw new Error(`current key id "${currentKeyId}" is not among the keys`);

  return {
    currentKeyId,
    seal(plaintext: string): SealedSecret {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', currentKey, nonce);
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return { keyId: currentKeyId, sealed: Buffer.concat([nonce, ciphertext, cipher.getAuthTag()]).toString('base64') };
    },
    open(sealed: SealedSecret): string {
      const key = keys.get(sealed.keyId);
      if (!key) throw new Error(`secret was sealed with unknown key "${sealed.keyId}"`);
      const raw = Buffer.from(sealed.sealed, 'base64');
      if (raw.length < NONCE_BYTES + TAG_BYTES) throw new Error('sealed secret is too short');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, NONCE_BYTES));
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(raw.subarray(NONCE_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        // GCM's error text says nothing useful; name the cause in product words.
        throw new Error('sealed secret failed authentication (tampered or wrong key)');
      }
    },
  };
}
