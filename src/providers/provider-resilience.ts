import { ProviderError, type ModelTurnResult, type ProviderErrorCode } from '../domain/index.js';
import type { ModelStreamHandlers, ModelStreamRequest } from '../ports/index.js';
import type { ModelProvider } from './model-provider.js';

/** One failed model call, as the operator's log line shows it: never a key, a prompt or a reply. */
export interface ProviderFailureReport {
  /** Absent when the call names no run (the log context then still adds the run's ids). */
  run_id?: string;
  provider: string;
  model: string;
  code: ProviderErrorCode;
  /** The provider's HTTP status, when it answered with one. */
  status: number | undefined;
  duration_ms: number;
  attempt: number;
  /** How long until the next attempt; undefined when this failure is final. */
  retry_in_ms: number | undefined;
}

export interface RetryPolicy {
  /** Retries after the first attempt; 0 = never retry. */
  maxRetries: number;
  /** Backoff before retry n (0-based) is a random wait in [0, min(maxDelayMs, baseDelayMs * 2^n)] ("full jitter"). */
  baseDelayMs: number;
  /** The longest wait, and the longest Retry-After honoured: a provider asking for more gets no retry. */
  maxDelayMs: number;
  random?: () => number;
  now?: () => number;
  onFailure?: (report: ProviderFailureReport) => void;
}

const RETRYABLE: ReadonlySet<ProviderErrorCode> = new Set(['provider_rate_limited', 'provider_unavailable']);

/**
 * Retries a provider's failed call with backoff and jitter while nothing reached the user yet (decision 1300):
 * 429, 5xx and connection failures before the first token; never after a token, never a stall or an auth error.
 */
export function withRetries(provider: ModelProvider, policy: RetryPolicy): ModelProvider {
  const random = policy.random ?? Math.random;
  const now = policy.now ?? Date.now;
  return {
    providerId: provider.providerId,
    listModels: () => provider.listModels(),
    async stream(request: ModelStreamRequest, handlers: ModelStreamHandlers): Promise<ModelTurnResult> {
      for (let attempt = 1; ; attempt++) {
        let streamed = false;
        const startedAt = now();
        try {
          return await provider.stream(request, {
            onText(delta) {
              streamed = true;
              handlers.onText(delta);
            },
          });
        } catch (error) {
          if (!(error instanceof ProviderError)) throw error;
          const wait = streamed || request.signal.aborted || attempt > policy.maxRetries ? undefined : retryDelay(error, attempt - 1, policy, random);
          policy.onFailure?.({
            ...(request.runId === undefined ? {} : { run_id: request.runId }),
            provider: provider.providerId,
            model: request.model,
            code: error.code,
            status: error.status,
            duration_ms: now() - startedAt,
            attempt,
            retry_in_ms: wait,
          });
          if (wait === undefined) throw error;
          await sleep(wait, request.signal); // an abort meanwhile: the next attempt resolves 'aborted' at once
        }
      }
    },
  };
}

/** The wait before retry number `retry` (0-based), or undefined when this failure must not be retried. */
export function retryDelay(error: ProviderError, retry: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random: () => number): number | undefined {
  if (!RETRYABLE.has(error.code)) return undefined;
  if (error.retryAfterSeconds !== undefined) {
    const asked = error.retryAfterSeconds * 1000;
    if (asked > policy.maxDelayMs) return undefined; // the user would wait longer than we allow: fail now, say when
    return asked + Math.floor(random() * policy.baseDelayMs); // a little jitter so instances do not retry in step
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
