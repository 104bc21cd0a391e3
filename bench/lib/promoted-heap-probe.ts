/**
 * Imported into a server under test (`BENCH_NODE_ARGS="--import ./bench/results/build/bench/lib/promoted-heap-probe.js"`):
 * 15 s after start it runs V8's sampling heap profiler for 6 s, keeping only what no scavenge freed (objects that
 * were promoted, or are still alive), and writes `bench/results/profiles/promoted-<pid>.heapprofile`. Summarise it
 * with `npx tsx bench/heap-summary.ts <file>`. Objects of runs that ended long before have no business there
 * (docs/decisions/0700).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { fileURLToPath } from 'node:url';

const START_MS = 15_000;
const DURATION_MS = 6_000;
const session = new Session();
session.connect();
const post = (method: string, params?: object) =>
  new Promise<unknown>((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));

setTimeout(() => {
  void (async () => {
    await post('HeapProfiler.enable');
    await post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: false });
    setTimeout(() => {
      void (async () => {
        const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: unknown };
        const dir = fileURLToPath(new URL('../../../profiles/', import.meta.url));
        mkdirSync(dir, { recursive: true });
        writeFileSync(`${dir}promoted-${process.pid}.heapprofile`, JSON.stringify(profile));
      })();
    }, DURATION_MS).unref();
  })();
}, START_MS).unref();
