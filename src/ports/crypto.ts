import type { SealedSecret } from '../domain/index.js';

/** Encrypts tool secrets. The database never sees the key or a plaintext value. */
export interface SecretBox {
  readonly currentKeyId: string;
  seal(plaintext: string): SealedSecret;
  /** Throws if the key id is unknown or the ciphertext was tampered with. */
  open(sealed: SealedSecret): string;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string): Promise<boolean>;
  /** True for a hash made at an older cost: it is replaced on the next successful login. */
  needsRehash(hash: string): boolean;
}

export interface TokenIssuer {
  /** A new random token, its display prefix and the hash that is stored. */
  issue(kind: 'api' | 'session'): { token: string; prefix: string; tokenHash: string };
  hash(token: string): string;
}
