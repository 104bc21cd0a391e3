export type LoginMode = 'password' | 'token';

export interface StoredSession {
  token: string;
  mode: LoginMode;
}

const KEY = 'switchboard.session';

/**
 * The token lives in sessionStorage (per tab, gone when the tab closes), never localStorage or a cookie.
 * Sandboxed blocks have an opaque origin and cannot read it either way.
 */
export function createSessionStore(storage: Storage) {
  return {
    load(): StoredSession | null {
      try {
        const parsed = JSON.parse(storage.getItem(KEY) ?? 'null') as Partial<StoredSession> | null;
        if (parsed && typeof parsed.token === 'string' && (parsed.mode === 'password' || parsed.mode === 'token')) {
          return { token: parsed.token, mode: parsed.mode };
        }
      } catch {
        // A damaged entry is the same as none.
      }
      return null;
    },
    save(session: StoredSession): void {
      storage.setItem(KEY, JSON.stringify(session));
    },
    clear(): void {
      storage.removeItem(KEY);
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
