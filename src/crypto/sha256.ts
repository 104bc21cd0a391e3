import * as nodeCrypto from 'node:crypto';

type Encoding = 'hex' | 'base64url';

/**
 * SHA-256 of a string (UTF-8). The one-shot `crypto.hash` (Node 20.12+) skips the Hash object that
 * `createHash().update().digest()` allocates; every authenticated request hashes its token twice (the
 * rate-limit key and the token lookup). Older Node 20 releases fall back to createHash.
 */
export const sha256: (text: string, encoding: Encoding) => string =
  typeof nodeCrypto.hash === 'function'
    ? (text, encoding) => nodeCrypto.hash('sha256', text, encoding)
    : (text, encoding) => nodeCrypto.createHash('sha256').update(text, 'utf8').digest(encoding);
