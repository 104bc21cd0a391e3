import type { Clock } from '../ports/index.js';
import type { WebhookDelivery, WebhookDeliveryStatus, WebhookPost, WebhookStore } from '../ports/webhooks.js';
import { signWebhook } from './webhook-signature.js';

export interface WebhookDelivererDeps {
  store: Pick<WebhookStore, 'createDelivery' | 'recordAttempt' | 'claimStale'>;
  post: WebhookPost;
  /** The agent's plaintext signing secret, for deliveries taken over from a sender that is gone; null if removed. */
  secretOf: (agentId: string) => Promise<string | null>;
  clock: Clock;
  maxAttempts: number;
  /** Delay before the first retry; doubled for each next one. */
  retryBaseMs: number;
  timeoutMs: number;
  logError: (context: Record<string, unknown>, message: string) => void;
}

export interface WebhookMessage {
  agentId: string;
  runId: string;
  event: string;
  url: string;
  /** The plaintext signing secret, opened for this delivery only. */
  secret: string;
  payload: Record<string, unknown>;
}

type AttemptOutcome = { status: WebhookDeliveryStatus; responseStatus: number | null; lastError: string | null; retry: boolean };

const SHUT_DOWN = 'the server shut down before the webhook was delivered; it is resumed later';

/** A receiver that answered 408, 429 or 5xx, or could not be reached, may succeed later; any other answer is final. */
function judge(answer: { status: number } | { refused: string }): AttemptOutcome {
  if ('refused' in answer) return { status: 'failed', responseStatus: null, lastError: answer.refused, retry: false };
  const { status } = answer;
  if (status >= 200 && status < 300) return { status: 'delivered', responseStatus: status, lastError: null, retry: false };
  if (status >= 300 && status < 400) return { status: 'failed', responseStatus: status, lastError: 'the receiver answered with a redirect; redirects are not followed', retry: false };
  const retry = status >= 500 || status === 408 || status === 429;
  return { status: retry ? 'pending' : 'failed', responseStatus: status, lastError: `the receiver answered ${status}`, retry };
}

/**
 * Delivers signed webhook events: one delivery-log row per event and URL (its id is the `webhook-id` every
 * attempt repeats, so receivers can drop duplicates), a fresh timestamp and signature per attempt, bounded
 * retries with doubling delays. The row keeps the body: a delivery whose sender stopped (shutdown, crash)
 * stays pending and is taken over by `sweep` on any instance once stale. Never throws.
 */
export function createWebhookDeliverer(deps: WebhookDelivererDeps) {
  const shutdown = new AbortController();
  const inFlight = new Set<Promise<void>>();
  /** Longer than any wait between two attempts of a live sender, so only orphaned rows look stale. */
  const staleMs = deps.retryBaseMs * 2 ** Math.max(0, deps.maxAttempts - 2) + 2 * deps.timeoutMs + 1_000;
  let sweeper: NodeJS.Timeout | undefined;

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        shutdown.signal.removeEventListener('abort', done);
        resolve();
      }
      shutdown.signal.addEventListener('abort', done, { once: true });
    });

  async function attempt(delivery: WebhookDelivery, secret: string): Promise<AttemptOutcome> {
    const signed = signWebhook({ secret, deliveryId: delivery.deliveryId, timestampSeconds: Math.floor(deps.clock.now().getTime() / 1000), body: delivery.body });
    const headers = { 'content-type': 'application/json', 'switchboard-event': delivery.event, ...signed };
    try {
      return judge(await deps.post({ url: delivery.url, headers, body: delivery.body, signal: AbortSignal.any([AbortSignal.timeout(deps.timeoutMs), shutdown.signal]) }));
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      return { status: 'pending', responseStatus: null, lastError: timedOut ? `no answer within ${deps.timeoutMs} ms` : 'the receiver could not be reached', retry: true };
    }
  }

  /** Attempts from `delivery.attempts + 1` until the delivery is final, the attempts are spent, or the server stops. */
  async function attemptUntilFinal(delivery: WebhookDelivery, secret: string): Promise<void> {
    if (delivery.attempts >= deps.maxAttempts) {
      await deps.store.recordAttempt(delivery.deliveryId, { status: 'failed', attempts: delivery.attempts, responseStatus: delivery.responseStatus, lastError: delivery.lastError }, deps.clock.now());
      return;
    }
    for (let attempts = delivery.attempts + 1; attempts <= deps.maxAttempts; attempts += 1) {
      if (shutdown.signal.aborted) return; // left pending: resumed by a sweep later
      const outcome = await attempt(delivery, secret);
      if (shutdown.signal.aborted && outcome.retry) {
        await deps.store.recordAttempt(delivery.deliveryId, { status: 'pending', attempts, responseStatus: outcome.responseStatus, lastError: SHUT_DOWN }, deps.clock.now());
        return;
      }
      const final = !outcome.retry || attempts >= deps.maxAttempts;
      const status: WebhookDeliveryStatus = final && outcome.status === 'pending' ? 'failed' : outcome.status;
      await deps.store.recordAttempt(delivery.deliveryId, { status, attempts, responseStatus: outcome.responseStatus, lastError: outcome.lastError }, deps.clock.now());
      if (final) return;
      await wait(deps.retryBaseMs * 2 ** (attempts - 1));
    }
  }

  function track(task: Promise<void>, context: Record<string, unknown>): Promise<void> {
    const safe = task.catch((error: unknown) => deps.logError({ ...context, err: error instanceof Error ? error.message : String(error) }, 'webhook delivery could not be recorded'));
    inFlight.add(safe);
    void safe.finally(() => inFlight.delete(safe));
    return safe;
  }

  /** Starts delivering in the background; the promise ends when the delivery is final (for tests and shutdown). */
  function deliver(message: WebhookMessage): Promise<void> {
    const run = async () => {
      const body = JSON.stringify(message.payload);
      const delivery = await deps.store.createDelivery({ agentId: message.agentId, runId: message.runId, event: message.event, url: message.url, body }, deps.clock.now());
      await attemptUntilFinal(delivery, message.secret);
    };
    return track(run(), { runId: message.runId });
  }

  /** Takes over pending deliveries whose sender is gone and goes on with their attempts. */
  async function sweep(): Promise<number> {
    if (shutdown.signal.aborted) return 0;
    const now = deps.clock.now();
    const orphaned = await deps.store.claimStale(new Date(now.getTime() - staleMs), now, 100);
    for (const delivery of orphaned) {
      const resume = async () => {
        const secret = await deps.secretOf(delivery.agentId);
        if (secret === null) {
          await deps.store.recordAttempt(delivery.deliveryId, { status: 'failed', attempts: delivery.attempts, responseStatus: delivery.responseStatus, lastError: "the agent's webhook secret was removed" }, deps.clock.now());
          return;
        }
        await attemptUntilFinal(delivery, secret);
      };
      void track(resume(), { deliveryId: delivery.deliveryId });
    }
    return orphaned.length;
  }

  /** Sweeps now and then every `staleMs` (at most every minute) until `close`. */
  function startSweeping(): void {
    const every = Math.min(staleMs, 60_000);
    const tick = () => void sweep().catch((error: unknown) => deps.logError({ err: error instanceof Error ? error.message : String(error) }, 'webhook sweep failed'));
    tick();
    sweeper = setInterval(tick, every);
    sweeper.unref();
  }

  /** Stops sweeping and sending; deliveries waiting for a retry stay pending for a later sweep. */
  async function close(): Promise<void> {
    clearInterval(sweeper);
    shutdown.abort();
    await Promise.allSettled([...inFlight]);
  }

  return { deliver, sweep, startSweeping, close };
}

export type WebhookDeliverer = ReturnType<typeof createWebhookDeliverer>;
