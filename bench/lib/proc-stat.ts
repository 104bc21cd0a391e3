import { readFileSync } from 'node:fs';

/** Kernel clock ticks per second (CLK_TCK); 100 on every Linux we run on. */
const TICKS_PER_SECOND = 100;

/** User + system CPU seconds of a whole process (all its threads), from /proc/<pid>/stat. */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // fields after "(comm)": state is field 3, utime field 14, stime field 15
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Resident set size in MB, from /proc/<pid>/status (VmRSS). */
export function rssMbOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) / 1024 : 0;
}

/** CPU seconds of a process, or NaN when it is gone. */
export function safeCpuSecondsOf(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    return cpuSecondsOf(pid);
  } catch {
    return Number.NaN;
  }
}
