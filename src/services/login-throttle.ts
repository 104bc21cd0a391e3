import { createHash } from 'node:crypto';
import { RateLimitedError, ServiceUnavailableError } from '../domain/index.js';
import type { LoginAttemptStore } from './login-attempt-store.js';

export interface LoginThrottleOptions {
  store: LoginAttemptStore;
  /** Attempts within the window that cost nothing; each further one locks the account 1 s, 2 s, 4 s … */
  failuresAllowed: number;
  /** Failures are forgotten this long after the last one; also the longest lock. */
  windowSeconds: number;
  /** How long an address stays "known" for an account after a successful login there. */
  knownAddressDays?: number;
}

/** The counter a login attempt was charged to, chosen by `admit` and handed back to `succeeded`. */
export interface LoginTicket {
  readonly bucket: string;
  readonly account: string;
  readonly address: string | undefined;
}

const digest = (value: string) => createHash('sha256').update(value).digest('base64url').slice(0, 32);

/**
 * Per-account login throttle (decision 1000): failures per e-mail over a window, growing lock, 429 with
 * Retry-After. Guesses from any address share the account's counter; an address that already logged in to the
 * account has its own counter, so an attacker cannot lock the real user out from where they usually sign in.
 */
export function createLoginThrottle(options: LoginThrottleOptions) {
  const { store } = options;
  const policy = { freeAttempts: options.failuresAllowed, windowMs: options.windowSeconds * 1000 };
  const knownMs = (options.knownAddressDays ?? 30) * 86_400_000;
  const knownKey = (account: string, address: string) => `known:${account}:${digest(address)}`;

  async function guarded<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof RateLimitedError) throw error;
      throw new ServiceUnavailableError('Sign-in is unavailable for a moment; try again');
    }
  }

  /** Counts the attempt before the password is checked; throws RateLimitedError while the counter is locked. */
  async function admit(email: string, address: string | undefined): Promise<LoginTicket> {
    return guarded(async () => {
      const account = digest(email.trim().toLowerCase());
      const known = address !== undefined && (await store.isRemembered(knownKey(account, address)));
      const bucket = known ? `acct:${account}:${digest(address)}` : `acct:${account}`;
      const verdict = await store.attempt(bucket, policy);
      if (!verdict.admitted) {
        const seconds = Math.max(1, Math.ceil(verdict.lockedMs / 1000));
        throw new RateLimitedError(`Too many failed sign-ins for this account; try again in ${seconds} s`, seconds);
      }
      return { bucket, account, address };
    });
  }

  /** A successful sign-in wipes the counter and makes its address known for the account. */
  async function succeeded(ticket: LoginTicket): Promise<void> {
    await guarded(async () => {
      await store.clear(ticket.bucket);
      if (ticket.address !== undefined) await store.remember(knownKey(ticket.account, ticket.address), knownMs);
    });
  }

  return { admit, succeeded, close: () => store.close() };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
