export interface User {
  userId: string;
  email: string;
  name: string;
  isAdmin: boolean;
  createdAt: Date;
}

/** The authenticated caller of a request. */
export interface Actor {
  userId: string;
  email: string;
  isAdmin: boolean;
  /** The API token or session id used, so logout can revoke exactly it. */
  tokenId: string;
}

export interface ApiToken {
  tokenId: string;
  userId: string;
  name: string;
  /** First characters of the token, shown so a person can tell tokens apart. */
  prefix: string;
  kind: 'api' | 'session';
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}
