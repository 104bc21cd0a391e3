import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * Loaded into a server with `--import` (bench scenario `quiet`): every second, one JSON line with that second's
 * event-loop delay (ms: p50, p99, max) appended to $EVENT_LOOP_PROBE_FILE, so the bench reads the seconds of its
 * measuring window only. 10 ms resolution: the target is p99 ≤ 50 ms.
 */
const file = process.env.EVENT_LOOP_PROBE_FILE;
if (file) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  setInterval(() => {
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    appendFileSync(file, `${JSON.stringify({ at: Date.now(), p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max) })}\n`);
    histogram.reset();
  }, 1_000).unref();
}
