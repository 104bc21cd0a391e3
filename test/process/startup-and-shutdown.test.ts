import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { apiClient, invokeBody } from '../support/api.js';
import { readSse } from '../support/sse-client.js';
import { demoAgentId, eventually } from '../run-engine/helpers.js';
import { spawnServer } from './spawn-server.js';

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-proc-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('start-up configuration errors', () => {
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ['a SECRET_KEY that is not 32 bytes of base64', { SECRET_KEY: 'c2hvcnQ=' }, /^Configuration error: SECRET_KEY: must be 32 bytes/m],
    ['a port out of range', { PORT: '70000' }, /^Configuration error: PORT: must be a whole number from 0 to 65535/m],
    ['an unreachable DATABASE_URL', { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', SECRET_KEY: randomBytes(32).toString('base64') }, /^Start-up failed: DATABASE_URL: /m],
  ];
  for (const [name, env, expected] of cases) {
    it(`stops with one clear line naming the variable for ${name}`, async () => {
      const server = spawnServer({ DATA_DIR: dataDir(), PORT: '0', ...env });
      const code = await server.exited;
      expect(code).toBe(1);
      expect(server.output()).toMatch(expected);
      expect(server.output()).not.toMatch(/\n\s+at /); // no stack trace
    }, 60_000);
  }
});

describe('graceful shutdown on SIGTERM', () => {
  it('refuses new runs with 503, interrupts a running one after the grace period, stores its partial text and exits 0', async () => {
    const dir = dataDir();
    const token = `sb_shutdown_${randomBytes(12).toString('hex')}`;
    const env = { DATA_DIR: dir, PORT: '0', ADMIN_TOKEN: token, ADMIN_PASSWORD: 'password-123', DEMO_TOKEN_DELAY_MS: '150', SHUTDOWN_GRACE_SECONDS: '1' };
    const server = spawnServer(env);
    const baseUrl = await server.ready;
    const api = apiClient(baseUrl, token);
    const agentId = await demoAgentId(api);

    let runId = '';
    let tokens = 0;
    const long = readSse(`${baseUrl}/agent-invoke/${agentId}/invoke-stream`, {
      token,
      body: invokeBody('please restate this long message with very many words so that it takes a while to stream back', { threadId: 'long' }),
      onEvent: (e) => {
        runId ||= (e.data as { run_id: string }).run_id;
        if (e.event === 'token') tokens++;
      },
    });
    await eventually(async () => tokens >= 2);
    server.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const refused = await api.post(`/agent-invoke/${agentId}/invoke-stream`, invokeBody('one more', { threadId: 'late' }));
    expect(refused.status).toBe(503);
    const ready = await api.get('/ready');
    expect(ready.status).toBe(503); // a load balancer stops sending new requests while the instance drains
    expect(ready.body.error.message).toBe('The server is shutting down');
    // the refusal is expected: one info line, no error-level log and no stack
    const refusalLines = server.output().split('\n').filter((line) => line.includes('"statusCode":503') || line.includes('request refused'));
    expect(refusalLines.length).toBeGreaterThan(0);
    expect(server.output()).not.toMatch(/"level":50/);
    expect(server.output()).not.toMatch(/ServiceUnavailableError|\n\s+at /);
    const capture = await long;
    expect(capture.events.slice(-2).map((e) => e.event)).toEqual(['error', 'end']);
    expect(capture.events.at(-1)!.data).toEqual({ run_id: runId, outcome: 'interrupted' });
    expect(await server.exited).toBe(0);

    const again = spawnServer(env);
    const againUrl = await again.ready;
    const api2 = apiClient(againUrl, token);
    expect((await api2.get(`/runs/${runId}`)).body).toMatchObject({ status: 'interrupted' });
    const messages = await api2.get(`/agents/${agentId}/threads/long/messages`);
    const partial = capture.events.filter((e) => e.event === 'token').map((e) => (e.data as { token: string }).token).join('');
    expect(messages.body.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant']);
    expect(messages.body[1]).toMatchObject({ content: partial, outcome: 'interrupted' });
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  }, 120_000);
});
