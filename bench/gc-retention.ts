/**
 * What a long-lived collection does to the young-generation GC when entries come and go with every run
 * (docs/decisions/0700). Each mode runs in its own node process with the flags of `npm start` and
 * `--trace-gc-nvp`: 50 concurrent "runs" of ~60 ms, each putting an 8 KB payload into one process-wide
 * structure at its start and taking it out at its end, and allocating short-lived garbage meanwhile. Prints the
 * bytes each scavenge copies and promotes. A payload whose run has ended should die young: whatever is promoted
 * was kept alive by the structure after it was removed.
 *
 * Usage: npx tsx bench/gc-retention.ts [--seconds=8]
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SlotMap } from '../src/domain/index.js';
import { startNodeFlags } from './lib/start-flags.js';

const MODES = ['none', 'Map', 'Set', 'EventTarget', 'SlotMap'] as const;
type Mode = (typeof MODES)[number];

function child(mode: Mode, seconds: number): void {
  const map = new Map<string, object>();
  const set = new Set<object>();
  const target = new EventTarget();
  const slots = new SlotMap<string, object>();
  let runs = 0;
  const run = (lane: number): void => {
    const payload = { id: `run-${lane}-${runs}`, parts: Array.from({ length: 200 }, (_, k) => ({ k })) };
    let remove = (): void => {};
    if (mode === 'Map') {
      map.set(payload.id, payload);
      remove = () => map.delete(payload.id);
    } else if (mode === 'Set') {
      set.add(payload);
      remove = () => set.delete(payload);
    } else if (mode === 'EventTarget') {
      const listener = () => payload;
      target.addEventListener('abort', listener);
      remove = () => target.removeEventListener('abort', listener);
    } else if (mode === 'SlotMap') {
      slots.set(payload.id, payload);
      remove = () => slots.delete(payload.id);
    }
    let step = 0;
    const tick = (): void => {
      let garbage: object[] = [];
      for (let j = 0; j < 200; j++) garbage.push({ j, s: `x${j}` });
      garbage = [];
      if (++step < 6) setTimeout(tick, 10);
      else {
        remove();
        runs++;
        setImmediate(() => run(lane));
      }
    };
    tick();
  };
  for (let lane = 0; lane < 50; lane++) run(lane);
  setTimeout(() => {
    process.stdout.write(`runs=${runs}\n`);
    process.exit(0);
  }, seconds * 1000);
}

function average(rows: Record<string, string>[], key: string): number {
  return rows.reduce((sum, row) => sum + Number.parseFloat(row[key] ?? '0'), 0) / Math.max(1, rows.length);
}

function parent(seconds: number): void {
  const self = fileURLToPath(import.meta.url);
  const flags = startNodeFlags(fileURLToPath(new URL('..', import.meta.url)));
  console.log(`| structure | runs | scavenges | KB surviving a scavenge | KB promoted per scavenge |`);
  console.log(`|---|---|---|---|---|`);
  for (const mode of MODES) {
    const out = spawnSync(process.execPath, [...flags, '--trace-gc-nvp', '--import', 'tsx', self, `--child=${mode}`, `--seconds=${seconds}`], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (out.status !== 0) throw new Error(`${mode}: ${out.stderr}`);
    const lines = out.stdout.split('\n');
    // the second half: the process has settled
    const scavenges = lines.filter((line) => line.includes('gc=s'));
    const rows = scavenges.slice(Math.floor(scavenges.length / 2)).map((line) => Object.fromEntries(line.split(/\s+/).filter((x) => x.includes('=')).map((x) => x.split('=') as [string, string])));
    const runs = lines.find((line) => line.startsWith('runs='))?.slice(5) ?? '?';
    console.log(`| ${mode} | ${runs} | ${scavenges.length} | ${(average(rows, 'new_space_survived') / 1024).toFixed(0)} | ${(average(rows, 'promoted') / 1024).toFixed(0)} |`);
  }
}

const secondsArg = Number(process.argv.find((a) => a.startsWith('--seconds='))?.slice(10) ?? 8);
const childMode = process.argv.find((a) => a.startsWith('--child='))?.slice(8) as Mode | undefined;
if (childMode) child(childMode, secondsArg);
else parent(secondsArg);
