import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { connectPglite, pgliteSettings, type Connection } from './connect-pglite.js';
import { resolveMigrationsFolder } from './migrations-folder.js';

const migrationsFolder = resolveMigrationsFolder();
const folders: string[] = [];
function freshDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-pglite-'));
  folders.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

// The executor is driver-neutral, so its results are untyped; PGlite's carry `rows`.
function firstRow(result: unknown): Record<string, unknown> {
  return (result as { rows: Array<Record<string, unknown>> }).rows[0] ?? {};
}

async function setting(connection: Connection, name: string): Promise<string> {
  return String(firstRow(await connection.db.execute(sql.raw(`show ${name}`)))[name]);
}

async function countUsers(connection: Connection, emailPattern: string): Promise<number> {
  return Number(firstRow(await connection.db.execute(sql`select count(*)::int as n from users where email like ${emailPattern}`)).n);
}

describe('connectPglite', () => {
  it('creates and migrates an empty data dir, with the small-memory settings', async () => {
    const dataDir = freshDataDir();
    const connection = await connectPglite({ dataDir, migrationsFolder });
    try {
      expect(existsSync(join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true);
      expect(pgliteSettings).toContain('shared_buffers=16MB');
      expect(await setting(connection, 'shared_buffers')).toBe('16MB');
      expect(await setting(connection, 'maintenance_work_mem')).toBe('16MB');
      expect(await countUsers(connection, '%')).toBe(0);
    } finally {
      await connection.close();
    }
  }, 60_000);

  it('reopens the same data dir with its rows and the same settings', async () => {
    const dataDir = freshDataDir();
    const first = await connectPglite({ dataDir, migrationsFolder });
    await first.db.execute(sql`insert into users (email, name) values ('kept@example.com', 'Kept')`);
    await first.close();

    const again = await connectPglite({ dataDir, migrationsFolder });
    try {
      expect(await countUsers(again, 'kept@example.com')).toBe(1);
      expect(await setting(again, 'shared_buffers')).toBe('16MB');
    } finally {
      await again.close();
    }
  }, 60_000);

  it('keeps committed rows when the process is killed without closing', async () => {
    const dataDir = freshDataDir();
    const script = join(dataDir, 'commit-then-wait.mts');
    const modulePath = fileURLToPath(new URL('./connect-pglite.ts', import.meta.url));
    writeFileSync(
      script,
      `const { connectPglite } = await import(${JSON.stringify(modulePath)});
       const c = await connectPglite({ dataDir: ${JSON.stringify(dataDir)}, migrationsFolder: ${JSON.stringify(migrationsFolder)} });
       for (let i = 0; i < 20; i++) await c.db.execute(\`insert into users (email, name) values ('killed-\${i}@example.com', 'K')\`);
       console.log('committed');
       setInterval(() => undefined, 1000);`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('committed')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`the writer exited (${code}) before committing`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    const reopened = await connectPglite({ dataDir, migrationsFolder });
    try {
      expect(await countUsers(reopened, 'killed-%')).toBe(20);
    } finally {
      await reopened.close();
    }
  }, 90_000);
});
