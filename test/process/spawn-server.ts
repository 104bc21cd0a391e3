import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the base URL once the server prints its listen line. */
  ready: Promise<string>;
  exited: Promise<number | null>;
}

/** Runs `src/main.ts` as a real process (the way `npm start` runs the built one). */
export function spawnServer(env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let resolveReady!: (url: string) => void;
  let rejectReady!: (error: Error) => void;
  const ready = new Promise<string>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  const onData = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    const match = /Server listening at (http:\/\/[^"\s]+)/.exec(output);
    if (match) resolveReady(match[1]!);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      rejectReady(new Error(`server exited (${code}) before listening:\n${output}`));
      resolve(code);
    }),
  );
  ready.catch(() => undefined); // a caller that only awaits `exited` must not see an unhandled rejection
  return { child, output: () => output, ready, exited };
}
