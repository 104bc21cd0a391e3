import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { apiClient, invokeBody } from '../support/api.js';
import { readSse, tokensOf, type SseEvent } from '../support/sse-client.js';
import { demoAgentId, eventually } from '../run-engine/helpers.js';
import { spawnServer, type ServerProcess } from './spawn-server.js';

const TOKEN_DELAY_MS = 40;

describe('SIGKILL of a single-process server (PGlite) mid-answer, then a restart on the same data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-kill-'));
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    for (const server of servers) if (server.child.exitCode === null) server.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the partial answer (at most ~1 s lost), and a resume replays it and ends with error interrupted, end', async () => {
    const token = `sb_kill_${randomBytes(12).toString('hex')}`;
    const env = { DATA_DIR: dir, PORT: '0', ADMIN_TOKEN: token, ADMIN_PASSWORD: 'password-123', DEMO_TOKEN_DELAY_MS: String(TOKEN_DELAY_MS) };
    const first = spawnServer(env);
    servers.push(first);
    const baseUrl = await first.ready;
    const agentId = await demoAgentId(apiClient(baseUrl, token));

    const message = Array.from({ length: 300 }, (_, i) => `word${i}`).join(' '); // ~12 s of answer
    const seen: SseEvent[] = [];
    const cut = readSse(`${baseUrl}/agent-invoke/${agentId}/invoke-stream`, { token, body: invokeBody(message, { threadId: 'killed' }), onEvent: (e) => seen.push(e) }).catch(() => null);
    await eventually(async () => seen.filter((e) => e.event === 'token').length >= 60, 30_000); // ~2.4 s in: past two checkpoints
    first.child.kill('SIGKILL');
    await first.exited;
    await cut;
    const runId = (seen[0]!.data as { run_id: string }).run_id;
    const sawText = tokensOf({ events: seen });
    const sawTokens = seen.filter((e) => e.event === 'token').length;

    const second = spawnServer(env);
    servers.push(second);
    const secondUrl = await second.ready;
    const api = apiClient(secondUrl, token);
    expect((await api.get(`/runs/${runId}`)).body).toMatchObject({ status: 'interrupted', error_code: 'interrupted' });
    const messages = await api.get(`/agents/${agentId}/threads/killed/messages`);
    expect(messages.body.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant']);
    expect(messages.body[0]).toMatchObject({ content: message });
    const kept: string = messages.body[1].content;
    expect(messages.body[1]).toMatchObject({ outcome: 'interrupted', run_id: runId });
    expect(kept.length).toBeGreaterThan(0);
    expect(sawText.startsWith(kept)).toBe(true);
    // bounded loss: each token is one word here; a checkpoint a second is ~25 tokens (slack for a busy machine)
    const keptTokens = kept.split(' ').filter(Boolean).length;
    expect(sawTokens - keptTokens).toBeLessThanOrEqual(2 * (1000 / TOKEN_DELAY_MS));

    // from the start: what was kept, then the ending
    const replay = await readSse(`${secondUrl}/runs/${runId}/stream`, { token });
    expect(replay.status).toBe(200);
    expect(replay.events.map((e) => e.id)).toEqual(replay.events.map((_, i) => String(i + 1)));
    expect(tokensOf(replay)).toBe(kept);
    expect(replay.events.slice(-2).map((e) => [e.event, e.data])).toEqual([
      ['error', expect.objectContaining({ code: 'interrupted' })],
      ['end', { run_id: runId, outcome: 'interrupted' }],
    ]);
    // as a client reconnecting with the last id it saw (past what was kept): the stream ends cleanly
    const lastSeen = Number(seen.at(-1)!.id);
    const endSeq = Number(replay.events.at(-1)!.id);
    const resumed = await readSse(`${secondUrl}/runs/${runId}/stream`, { token, headers: { 'last-event-id': String(lastSeen) } });
    expect(resumed.status).toBe(200);
    if (lastSeen > endSeq) expect(resumed.events.map((e) => e.event)).toEqual(['error', 'end']);
    else expect(resumed.events.at(-1)).toMatchObject({ event: 'end', data: { outcome: 'interrupted' } });

    // the thread goes on, and the model is given the kept text
    const next = await readSse(`${secondUrl}/agent-invoke/${agentId}/invoke-stream`, { token, body: invokeBody('and now?', { threadId: 'killed' }) });
    expect(next.events.at(-1)).toMatchObject({ event: 'end', data: { outcome: 'completed' } });
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 120_000);
});
