import type { CancelListener, RunCancellation } from '../ports/index.js';
import { CancelRegistry } from './cancel-registry.js';
import { closeRedisConnection, openRedisConnection, type RedisConnectionSource } from './redis-connection.js';
import { redisKeys } from './redis-keys.js';

export interface RedisRunCancellationOptions {
  redis: RedisConnectionSource;
  keyPrefix?: string;
  /** How long a cancel is remembered for a run that registers late (or while a subscriber reconnects). Default 60000. */
  cancelKeyTtlMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Cancel across instances: every instance subscribes once to `<prefix>run-cancel`; cancel() publishes the
 * run id and also sets `<prefix>run:<id>:cancel` for a short while, which register() checks once its
 * subscription is live, so a cancel racing a registration (or a reconnect) is not lost.
 */
export function createRedisRunCancellation(options: RedisRunCancellationOptions): RunCancellation {
  const keyPrefix = options.keyPrefix ?? 'switchboard:';
  const cancelKeyTtlMs = options.cancelKeyTtlMs ?? 60_000;
  const onError = options.onError ?? (() => {});
  const connectionOptions = options.onError ? { onError } : {};
  const commands = openRedisConnection(options.redis, { enableAutoPipelining: true }, connectionOptions);
  // No retry limit: SUBSCRIBE must wait out a Redis that is down at start-up rather than give up.
  const subscriber = openRedisConnection(options.redis, { maxRetriesPerRequest: null }, connectionOptions);
  const channel = redisKeys.cancelChannel(keyPrefix);
  const registry = new CancelRegistry();

  const abortLocal = (runId: string): void => registry.cancel(runId);

  /** Aborts every listed run whose cancel key is set: covers cancels published while we were not listening. */
  async function checkCancelKeys(runIds: string[]): Promise<void> {
    if (runIds.length === 0) return;
    const flags = await commands.mget(runIds.map((runId) => redisKeys.runCancel(keyPrefix, runId)));
    flags.forEach((flag, i) => {
      if (flag !== null) abortLocal(runIds[i]!);
    });
  }

  subscriber.on('message', (from: string, runId: string) => {
    if (from === channel) abortLocal(runId);
  });
  const listening = subscriber.subscribe(channel).then(
    () => {
      // ioredis re-subscribes by itself after a reconnect; what was published in between is in the keys.
      subscriber.on('ready', () => void checkCancelKeys(registry.runIds()).catch(onError));
    },
    (error: unknown) => onError(error),
  );

  return {
    register(runId: string, onCancel: CancelListener) {
      const unregister = registry.add(runId, onCancel);
      void listening.then(() => checkCancelKeys([runId])).catch(onError);
      return { unregister };
    },

    async cancel(runId: string): Promise<void> {
      abortLocal(runId); // same instance: no round trip
      // One connection keeps SET before PUBLISH, so whoever hears the message can also find the key.
      await Promise.all([
        commands.set(redisKeys.runCancel(keyPrefix, runId), '1', 'PX', cancelKeyTtlMs),
        commands.publish(channel, runId),
      ]);
    },

    async shutdown(): Promise<void> {
      registry.clear();
      await Promise.all([closeRedisConnection(subscriber), closeRedisConnection(commands)]);
    },
  };
}
