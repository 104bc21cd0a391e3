import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const webDir = join(repoRoot, 'web');
const builtIndex = join(webDir, 'dist', 'index.html');
const lockDir = join(tmpdir(), 'switchboard-web-build.lock');

function newestSourceMs(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).filter((name) => !name.endsWith('.test.ts')).map((name) => newestSourceMs(join(path, name))));
}

function isFresh(): boolean {
  if (!existsSync(builtIndex)) return false;
  const sources = Math.max(newestSourceMs(join(webDir, 'src')), newestSourceMs(join(webDir, 'index.html')), newestSourceMs(join(webDir, 'vite.config.ts')));
  return statSync(builtIndex).mtimeMs >= sources;
}

/**
 * Builds web/dist when it is missing or older than web/src. Call it BEFORE starting the server: the static
 * route lists the built files when the server starts. A lock folder keeps parallel test files from
 * building over each other.
 */
export async function ensureWebBuild(): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (isFresh()) return;
    try {
      mkdirSync(lockDir);
      break;
    } catch {
      if (Date.now() > deadline) rmSync(lockDir, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    if (isFresh()) return;
    const { build } = await import('vite');
    await build({ configFile: join(webDir, 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}
