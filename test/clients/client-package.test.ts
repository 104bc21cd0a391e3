import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api.js';
import { startTestServer, type TestServer } from '../support/start-server.js';
import { demoAgentId } from '../run-engine/helpers.js';
import { startCuttingProxy, type CuttingProxy } from './cutting-proxy.js';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('../../packages/client/', import.meta.url));
const consumerScript = fileURLToPath(new URL('./scratch-consumer/run-turns.mjs', import.meta.url));
const consumerTypes = fileURLToPath(new URL('./scratch-consumer/consumer.ts.template', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

interface Item {
  type: string;
  seq: number | null;
  token?: string;
  final_answer?: string;
  outcome?: string;
}
interface Turn {
  events: Item[];
  result: { outcome: string; lastEventId: number };
  runId: string;
}

/** Every event exactly once: sequence numbers 1..n without a gap or a repeat, `end` last. */
function expectExactlyOnce(turn: Turn): void {
  expect(turn.events.map((e) => e.seq)).toEqual(turn.events.map((_, i) => i + 1));
  expect(turn.events.at(-1)).toMatchObject({ type: 'end', outcome: 'completed' });
  const tokens = turn.events.filter((e) => e.type === 'token').map((e) => e.token).join('');
  const final = turn.events.find((e) => e.type === 'status' && e.final_answer !== undefined);
  expect(tokens).toBe(final?.final_answer);
}

describe('@switchboard/client from its npm pack tarball, in a scratch project', () => {
  let server: TestServer;
  let admin: ApiClient;
  let proxy: CuttingProxy;
  const work = mkdtempSync(join(tmpdir(), 'switchboard-client-pack-'));

  beforeAll(async () => {
    server = await startTestServer({ env: { DEMO_TOKEN_DELAY_MS: '4' } });
    admin = apiClient(server.baseUrl, server.adminToken);
    proxy = await startCuttingProxy(new URL(server.baseUrl), { maxCuts: 100, minBytes: 0, maxBytes: 1500 });
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('packs, installs offline from the tarball, types a consumer, and runs turns, one through 100 random connection cuts with no event lost or doubled', async () => {
    await run('npm', ['pack', '--pack-destination', work], { cwd: packageDir, timeout: 120_000 });
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    expect(tarball).toMatch(/^switchboard-client-0\.1\.0\.tgz$/);

    const project = join(work, 'consumer');
    rmSync(project, { recursive: true, force: true });
    await run('mkdir', ['-p', project]);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    await run('npm', ['install', '--offline', '--no-audit', '--no-fund', join(work, tarball!)], { cwd: project, timeout: 120_000 });
    copyFileSync(consumerScript, join(project, 'run-turns.mjs'));

    // the published .d.ts type a consumer's code (zod, an optional peer, provides the wire types' base)
    symlinkSync(join(repoRoot, 'node_modules/zod'), join(project, 'node_modules/zod'), 'dir');
    copyFileSync(consumerTypes, join(project, 'consumer.ts'));
    await run(join(repoRoot, 'node_modules/.bin/tsc'), ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--lib', 'es2023,dom', 'consumer.ts'], { cwd: project, timeout: 120_000 });

    const { stdout } = await run('node', ['run-turns.mjs'], {
      cwd: project,
      timeout: 120_000,
      env: {
        ...process.env,
        DIRECT_URL: server.baseUrl,
        PROXY_URL: proxy.url,
        TOKEN: server.adminToken,
        AGENT_ID: await demoAgentId(admin),
        LONG_MESSAGE: `Please repeat: ${'every word must arrive exactly once '.repeat(220)}`,
      },
    });
    const output = JSON.parse(stdout) as { plain: Turn; cutTurn: Turn; reconnects: number; notFound: unknown };

    expectExactlyOnce(output.plain);
    expect(output.plain.events.map((e) => e.token ?? '').join('')).toContain('Hello from the tarball');
    expect(output.notFound).toEqual({ status: 404, code: 'NOT_FOUND' });

    expect(proxy.cuts).toBe(100);
    expect(output.reconnects).toBeGreaterThanOrEqual(100);
    expectExactlyOnce(output.cutTurn);
    const stored = await admin.get(`/agents/${await demoAgentId(admin)}/threads/tarball-cuts/messages`);
    expect(output.cutTurn.events.filter((e) => e.type === 'token').map((e) => e.token).join('')).toBe(stored.body.at(-1).content);
  }, 240_000);
});
