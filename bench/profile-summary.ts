import { readFileSync } from 'node:fs';

/**
 * Summarises a V8 .cpuprofile (from `npm run bench -- --cpu-prof`): self time by function and by package/file.
 * Usage: npx tsx bench/profile-summary.ts bench/results/profiles/<file>.cpuprofile [top] [--from=s --to=s] [--timeline=1]
 */
interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
  children?: number[];
}
const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const [file, topArg] = positional;
/** --from=<s> --to=<s>: only samples taken in this window (seconds since the profile started). */
const option = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const fromS = Number(option('from') ?? 0);
const toS = Number(option('to') ?? Infinity);
if (!file) throw new Error('usage: profile-summary <file.cpuprofile> [top]');
const top = Number(topArg ?? 40);
const raw = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
let elapsedUs = 0;
const sampleTimesS = raw.timeDeltas.map((d) => (elapsedUs += d) / 1e6);
const profile = { nodes: raw.nodes, samples: raw.samples.filter((_, i) => sampleTimesS[i]! >= fromS && sampleTimesS[i]! < toS) };
// hitCount covers the whole profile: recount for the window
const windowHits = new Map<number, number>();
for (const id of profile.samples) windowHits.set(id, (windowHits.get(id) ?? 0) + 1);
for (const node of profile.nodes) node.hitCount = windowHits.get(node.id) ?? 0;
if (option('timeline')) {
  const idleIdsAll = new Set(raw.nodes.filter((n) => ['(idle)', '(program)'].includes(n.callFrame.functionName)).map((n) => n.id));
  const perSecond = new Map<number, { busy: number; all: number }>();
  raw.samples.forEach((id, i) => {
    const second = Math.floor(sampleTimesS[i]!);
    const bucket = perSecond.get(second) ?? { busy: 0, all: 0 };
    bucket.all++;
    if (!idleIdsAll.has(id)) bucket.busy++;
    perSecond.set(second, bucket);
  });
  console.log('second: busy %');
  for (const [second, b] of perSecond) console.log(`${second}: ${Math.round((b.busy / b.all) * 100)}%`);
}
const IDLE = new Set(['(idle)', '(program)']);
const idleIds = new Set(profile.nodes.filter((n) => IDLE.has(n.callFrame.functionName)).map((n) => n.id));
// percentages are of busy time: idle and (program) samples are left out
const total = profile.samples.filter((id) => !idleIds.has(id)).length;
const byFunction = new Map<string, number>();
const byModule = new Map<string, number>();
function moduleOf(url: string): string {
  if (!url) return '(native/vm)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  if (url.startsWith('node:')) return url;
  return url.replace(/^.*\/build\//, '');
}
for (const node of profile.nodes) {
  if (!node.hitCount || idleIds.has(node.id)) continue;
  const f = node.callFrame;
  const key = `${f.functionName || '(anonymous)'} ${moduleOf(f.url)}:${f.lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + node.hitCount);
  const mod = moduleOf(f.url);
  byModule.set(mod, (byModule.get(mod) ?? 0) + node.hitCount);
}
const show = (title: string, map: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [key, hits] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((hits / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
};
// inclusive: a sample counts for every module and source file on its stack
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const inclusive = new Map<string, number>();
const inclusiveFn = new Map<string, number>();
const hits = new Map<number, number>();
for (const id of profile.samples) if (!idleIds.has(id)) hits.set(id, (hits.get(id) ?? 0) + 1);
for (const [id, count] of hits) {
  const seen = new Set<string>();
  const seenFn = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const f = byId.get(at)!.callFrame;
    seen.add(moduleOf(f.url));
    if (f.url.includes('/build/src/')) seenFn.add(`${f.functionName || '(anonymous)'} ${moduleOf(f.url)}:${f.lineNumber + 1}`);
  }
  for (const key of seen) inclusive.set(key, (inclusive.get(key) ?? 0) + count);
  for (const key of seenFn) inclusiveFn.set(key, (inclusiveFn.get(key) ?? 0) + count);
}
console.log(`busy samples: ${total} of ${profile.samples.length}`);
show('inclusive time by module', inclusive);
show('inclusive time by Switchboard function', inclusiveFn);
show('self time by module', byModule);
show('self time by function', byFunction);
