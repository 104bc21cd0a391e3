import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../..');
const MINUTE = 60_000;
// about two minutes on a busy machine (a build, an npm ci, a cold start): always under CI, on demand elsewhere
const enabled = process.env.CI === 'true' || process.env.RELEASE_TEST === '1';
if (!enabled) console.log('skipped: release install suite (runs under CI=true, or set RELEASE_TEST=1)');

/**
 * Issue 21 item 6: a fresh checkout is built, then installed the way production installs it
 * (`npm ci --omit=dev`: no dev dependency, no build at install or start) and started with `npm start`.
 * The checkout is the working tree's tracked and unignored files: what a clone of the next commit holds.
 */
describe.skipIf(!enabled)('a built release installs with npm ci --omit=dev and starts with npm start', () => {
  let clone: string;
  let child: ChildProcess | undefined;
  let output = '';
  let baseUrl: string;

  beforeAll(async () => {
    clone = mkdtempSync(join(tmpdir(), 'switchboard-clone-'));
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO, encoding: 'utf8' }).split('\0').filter(Boolean);
    for (const file of files) {
      if (!existsSync(join(REPO, file))) continue; // deleted in the working tree, not yet committed
      mkdirSync(dirname(join(clone, file)), { recursive: true });
      cpSync(join(REPO, file), join(clone, file));
    }
    // the build needs the dev tools (tsc, vite): borrow the checkout's node_modules for it, then drop them
    symlinkSync(join(REPO, 'node_modules'), join(clone, 'node_modules'), 'dir');
    run('npm', ['run', 'build'], clone);
    unlinkSync(join(clone, 'node_modules'));

    run('npm', ['ci', '--omit=dev', '--no-fund', '--no-audit', '--prefer-offline'], clone);
    renameSync(join(clone, 'src'), join(clone, 'src.moved')); // the release must not read its source tree

    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    child = spawn('npm', ['start'], {
      cwd: clone,
      detached: true, // its own process group: npm and node stop together
      env: cleanEnv({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: join(clone, 'data'), LOG_LEVEL: 'info' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  }, 5 * MINUTE);

  afterAll(async () => {
    if (child?.pid && child.exitCode === null) {
      process.kill(-child.pid, 'SIGTERM');
      await new Promise((resolve) => child!.once('exit', resolve));
    }
    if (clone) rmSync(clone, { recursive: true, force: true });
  });

  it('answers /health, serves the console and ran its migrations from dist/', async () => {
    const health = await waitFor(`${baseUrl}/health`, 2 * MINUTE, () => output);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const page = await fetch(`${baseUrl}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    expect(existsSync(join(clone, 'dist', 'src', 'storage', 'migrations', 'meta', '_journal.json'))).toBe(true);
    expect(existsSync(join(clone, 'node_modules', 'typescript'))).toBe(false); // no dev dependency installed
    expect(output).not.toMatch(/tsc|vite v\d/); // npm start did not build
  }, 3 * MINUTE);
});

function run(command: string, args: string[], cwd: string): void {
  try {
    execFileSync(command, args, { cwd, env: cleanEnv({}), stdio: 'pipe', encoding: 'utf8', timeout: 4 * MINUTE });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${failed.stdout ?? ''}\n${failed.stderr ?? ''}`);
  }
}

/** The test runner's environment without what would change how npm and the server behave. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(VITEST|NODE_OPTIONS|npm_|DATABASE_URL|REDIS_URL|SECRET_KEY|ADMIN_)/i.test(name)) continue;
    env[name] = value;
  }
  return { ...env, ...extra };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitFor(url: string, timeoutMs: number, log: () => string): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fetch(url);
    } catch {
      if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms; the server said:\n${log()}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
