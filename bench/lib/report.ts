import { round } from './stats.js';

export interface ThroughputRow {
  server: string;
  clients: number;
  tokensPerReply: number;
  /** The median of the slices' figures (a slice the host slowed down does not move it). */
  cpuPer1kTokens: number;
  /** CPU-s per 1,000 tokens of each slice, in the order they ran. */
  sliceCpuPer1kTokens: number[];
  tokensPerSecond: number;
  tokens: number;
  errors: number;
  errorSamples: string[];
  cpuSeconds: Record<string, number>;
  /** Share of the machine's CPU used by processes outside the measurement; above 0.1 the row is suspect. */
  otherCpuShare?: number;
}

export interface TtftRow {
  server: string;
  p50: number;
  p99: number;
  /** Over calling the fake upstream directly with the same 50-message history (null for the floor). */
  addedP50: number | null;
  addedP99: number | null;
}

export interface RssRow {
  server: string;
  streams: number;
  /** Pace of every stream. */
  tokenIntervalMs: number;
  /** RSS of the started, idle server just before the streams opened. */
  rssIdleMb: number;
  rssPeakMb: number;
  opened: number;
  rampSeconds: number;
  tokensPerSecond: number;
  /** Server CPU per 1,000 tokens while holding the streams (every token on its own). */
  cpuPer1kTokens: number;
  /** Time to first token of the streams opened in the second half of the ramp. */
  ttftUnderLoadMs: { p50: number; p99: number };
  errors: number;
  errorSamples: string[];
}

export interface TargetCheck {
  name: string;
  value: string;
  met: boolean;
}

export interface BenchResults {
  profile: 'quick' | 'full';
  /** Node flags every server ran with: those of `npm start`. */
  nodeFlags: string[];
  machine: { nproc: number; cpuModel: string; node: string; memoryGb: number; loadAverageAtStart: number; calibrationMs: number };
  startedAt: string;
  durationSeconds: number;
  throughput: ThroughputRow[];
  ttft: { samples: number; historyMessages: number; rows: TtftRow[] } | null;
  rss: RssRow[];
  targets: TargetCheck[];
  /** Issue 23's scenarios (bench/growth.ts), when named in --only. */
  growth: Array<{ scenario: string; name: string; figures: Record<string, number | string | null> }>;
  totalErrors: number;
}

const FLOOR = 'floor (bare node:http)';
const PROXY = 'thin proxy';

const ratio = (value: number, base: number | undefined): string => (base && Number.isFinite(value) && base > 0 ? `${(value / base).toFixed(2)}×` : '–');
const fixed = (value: number | null, digits: number): string => (value === null || !Number.isFinite(value) ? '–' : value.toFixed(digits));

export function renderMarkdown(results: BenchResults): string {
  const lines: string[] = [];
  const m = results.machine;
  lines.push(`Profile **${results.profile}**, ${results.startedAt}, ${m.nproc} × ${m.cpuModel}, ${m.memoryGb} GB, Node ${m.node}; load average ${m.loadAverageAtStart} at start; calibration ${m.calibrationMs} ms (200k JSON.parse, lower is faster); ${Math.round(results.durationSeconds)} s; every server ran with the node flags of \`npm start\`: ${results.nodeFlags.length > 0 ? results.nodeFlags.join(' ') : 'none'}.`, '');

  if (results.throughput.length > 0) {
    lines.push(
      '**CPU per 1,000 streamed tokens** (replies without delay, a new thread per request; server process utime+stime; "other load": CPU used meanwhile by processes outside the bench)',
      '',
    );
    lines.push('| server | clients | tokens / reply | CPU-s / 1k tokens | × floor | × thin proxy | tokens/s | errors | other load |', '|---|---|---|---|---|---|---|---|---|');
    for (const row of results.throughput) {
      const same = (r: ThroughputRow) => r.clients === row.clients && r.tokensPerReply === row.tokensPerReply;
      const floor = results.throughput.find((r) => r.server === FLOOR && same(r));
      const proxy = results.throughput.find((r) => r.server === PROXY && same(r));
      lines.push(
        `| ${row.server} | ${row.clients} | ${row.tokensPerReply} | ${fixed(row.cpuPer1kTokens, 4)} | ${ratio(row.cpuPer1kTokens, floor?.cpuPer1kTokens)} | ${ratio(row.cpuPer1kTokens, proxy?.cpuPer1kTokens)} | ${Math.round(row.tokensPerSecond)} | ${row.errors} | ${row.otherCpuShare === undefined ? '–' : `${Math.round(row.otherCpuShare * 100)}%${row.otherCpuShare > 0.1 ? ' (noisy)' : ''}`} |`,
      );
    }
    lines.push('');
  }

  for (const row of results.growth ?? []) lines.push(`**${row.scenario}, ${row.name}**: ${Object.entries(row.figures).map(([k, v]) => `${k} ${v}`).join(', ')}`, '');

  if (results.ttft) {
    const t = results.ttft;
    const floor = t.rows.find((r) => r.server === FLOOR);
    const proxy = t.rows.find((r) => r.server === PROXY);
    lines.push(`**Time to first token** (1 client, warm, ${t.samples} samples, ${t.historyMessages}-message thread history; ms)`, '');
    lines.push('| server | p50 | p99 | added p50 | added p99 | added p50 × thin proxy | added p99 × thin proxy |', '|---|---|---|---|---|---|---|');
    for (const row of t.rows) {
      lines.push(
        `| ${row.server} | ${fixed(row.p50, 2)} | ${fixed(row.p99, 2)} | ${fixed(row.addedP50, 2)} | ${fixed(row.addedP99, 2)} | ${row.addedP50 === null ? '–' : ratio(row.addedP50, proxy?.addedP50 ?? undefined)} | ${row.addedP99 === null ? '–' : ratio(row.addedP99, proxy?.addedP99 ?? undefined)} |`,
      );
    }
    if (floor) lines.push('', `The floor has no upstream: its p50 (${fixed(floor.p50, 2)} ms) is the cost of an HTTP round trip with SSE on this machine.`);
    lines.push('');
  }

  if (results.rss.length > 0) {
    lines.push(
      '**Memory and CPU with concurrent slow streams** (peak RSS of the server process while all streams are open; CPU per 1,000 tokens while they are held, every token arriving on its own; first token of the streams opened in the second half of the ramp)',
      '',
    );
    lines.push(
      '| server | streams | a token every | RSS MB | × floor | × thin proxy | idle RSS MB | KB per stream | × floor | × thin proxy | CPU-s / 1k tokens | × thin proxy | first token p50 / p99 ms | tokens/s held | errors |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    );
    const perStream = (r: RssRow) => ((r.rssPeakMb - r.rssIdleMb) * 1024) / r.streams;
    for (const row of results.rss) {
      const floor = results.rss.find((r) => r.server === FLOOR && r.streams === row.streams);
      const proxy = results.rss.find((r) => r.server === PROXY && r.streams === row.streams);
      lines.push(
        `| ${row.server} | ${row.streams} | ${row.tokenIntervalMs} ms | ${Math.round(row.rssPeakMb)} | ${ratio(row.rssPeakMb, floor?.rssPeakMb)} | ${ratio(row.rssPeakMb, proxy?.rssPeakMb)} | ${Math.round(row.rssIdleMb)} | ${Math.round(perStream(row))} | ${ratio(perStream(row), floor && perStream(floor))} | ${ratio(perStream(row), proxy && perStream(proxy))} | ${fixed(row.cpuPer1kTokens, 4)} | ${ratio(row.cpuPer1kTokens, proxy?.cpuPer1kTokens)} | ${fixed(row.ttftUnderLoadMs.p50, 0)} / ${fixed(row.ttftUnderLoadMs.p99, 0)} | ${Math.round(row.tokensPerSecond)} | ${row.errors} |`,
      );
    }
    lines.push('', 'PGlite rows run on a data folder that was initialised by an earlier start (a restarted server), see bench/README.md.');
    lines.push('');
  }

  if (results.targets.length > 0) {
    lines.push('**Targets**', '', '| target | measured | met |', '|---|---|---|');
    for (const target of results.targets) lines.push(`| ${target.name} | ${target.value} | ${target.met ? 'yes' : '**no**'} |`);
    lines.push('');
  }
  lines.push(`Errors in all phases: ${results.totalErrors}.`);
  const samples = [...results.throughput, ...results.rss].flatMap((r) => r.errorSamples.map((s) => `${r.server}: ${s}`));
  if (samples.length > 0) lines.push('', 'Error samples:', ...samples.slice(0, 10).map((s) => `- ${s}`));
  return lines.join('\n') + '\n';
}

export { FLOOR, PROXY, round };
