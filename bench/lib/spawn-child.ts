import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';

export interface Child {
  name: string;
  pid: number;
  proc: ChildProcess;
  /** What the child reported when it was ready (port, url, …). */
  info: Record<string, any>;
  /** Output the child wrote (kept for error messages). */
  output(): string;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  env?: Record<string, string | undefined>;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** Soft limit of open files to set before exec (raised up to the hard limit by the shell). */
  openFiles?: number;
  /** Wait for an IPC `ready` message (bench children) or for `waitFor` to resolve (Switchboard). */
  ipc: boolean;
  waitFor?: (child: Omit<Child, 'info'>) => Promise<Record<string, any>>;
  timeoutMs?: number;
}

const quote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;

/** Starts `node <file>` through `sh -c 'ulimit -n …; exec node …'`, so the pid we measure is node itself. */
export async function spawnChild(name: string, file: string, options: SpawnOptions): Promise<Child> {
  const command = [process.execPath, ...(options.nodeArgs ?? []), file].map(quote).join(' ');
  const limit = options.openFiles ? `ulimit -n ${options.openFiles} 2>/dev/null; ` : '';
  const proc = spawn('/bin/sh', ['-c', `${limit}exec ${command}`], {
    env: options.env as NodeJS.ProcessEnv,
    stdio: options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  // BENCH_CHILD_OUTPUT=<dir>: every child's whole output goes to <dir>/<name>.log too (e.g. with --trace-gc)
  if (process.env.BENCH_CHILD_OUTPUT) {
    const file = createWriteStream(join(process.env.BENCH_CHILD_OUTPUT, `${name.replace(/[^\w.-]+/g, '-')}.log`));
    proc.stdout!.pipe(file);
    proc.stderr!.pipe(file);
  }
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));

  const base = {
    name,
    pid: proc.pid!,
    proc,
    output: () => output,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  const ready = options.ipc
    ? new Promise<Record<string, any>>((resolve) => {
        const onMessage = (message: any) => {
          if (message?.type !== 'ready') return;
          proc.off('message', onMessage);
          resolve(message);
        };
        proc.on('message', onMessage);
      })
    : options.waitFor!(base);
  const timeoutMs = options.timeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  const failed = Promise.race([
    exited.then(() => {
      throw new Error(`${name} exited during start-up:\n${output}`);
    }),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${name} not ready after ${timeoutMs} ms:\n${output}`)), timeoutMs);
    }),
  ]);
  try {
    const info = await Promise.race([ready, failed]);
    return { ...base, info };
  } catch (error) {
    await base.stop();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Sends one command to a bench child and waits for its result. */
export function ask<T>(child: Child, command: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: any) => {
      if (message?.type === 'result') {
        child.proc.off('message', onMessage);
        resolve(message.result as T);
      } else if (message?.type === 'failed') {
        child.proc.off('message', onMessage);
        reject(new Error(`${child.name}: ${message.error}`));
      }
    };
    child.proc.on('message', onMessage);
    child.proc.send(command as object);
  });
}
