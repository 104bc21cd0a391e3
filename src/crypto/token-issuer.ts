import { randomBytes } from 'node:crypto';
import type { TokenIssuer } from '../ports/index.js';
import { sha256 } from './sha256.js';

const KIND_LETTER = { api: 'a', session: 's' } as const;
const PREFIX_LENGTH = 12;

export function hashToken(token: string): string {
  return sha256(token, 'hex');
}

/** Tokens look like `sb_a_<43 base64url chars>` (api) or `sb_s_…` (session); only their sha256 is stored. */
export function createTokenIssuer(): TokenIssuer {
  return {
    issue(kind) {
      const token = `sb_${KIND_LETTER[kind]}_${randomBytes(32).toString('base64url')}`;
      return { token, prefix: token.slice(0, PREFIX_LENGTH), tokenHash: hashToken(token) };
    },
    hash: hashToken,
  };
}
