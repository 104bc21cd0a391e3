import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, invokeBody } from '../support/api.js';
import { serviceAvailable, testDatabaseUrl, testRedisUrl } from '../support/requirements.js';
import { readSse, tokensOf, type SseEvent } from '../support/sse-client.js';
import { providerRequestFor, script, startCluster, type Cluster } from './cluster.js';
import type { InstanceProcess } from './instance-process.js';
import { liveSse, tokenCount, type LiveSse } from './live-sse.js';
import { DEPLOY_NGINX_CONF, nginxInstalled, startNginx, type NginxProcess } from './nginx-process.js';

const postgres = serviceAvailable('PostgreSQL multi-instance', Boolean(testDatabaseUrl), 'set TEST_DATABASE_URL=postgres://user@host:5432/postgres');
const redis = serviceAvailable('Redis multi-instance', Boolean(testRedisUrl), 'set TEST_REDIS_URL=redis://127.0.0.1:6379');
const nginx = serviceAvailable('nginx multi-instance', nginxInstalled(), 'install Debian\'s nginx package (/usr/sbin/nginx)');

const LEASE_SECONDS = 2;

/** Ids 1, 2, 3, … with no gap and no repeat. */
function expectConsecutiveIds(events: SseEvent[]): void {
  expect(events.map((e) => e.id)).toEqual(events.map((_, i) => String(i + 1)));
}

const lastTwo = (events: SseEvent[]) => events.slice(-2).map((e) => [e.event, e.data]);

describe.skipIf(!postgres || !redis)('several instances on one PostgreSQL and one Redis (real processes)', () => {
  let cluster: Cluster;
  let a: InstanceProcess;
  let b: InstanceProcess;
  let c: InstanceProcess;
  let proxy: NginxProcess | undefined;
  const streams: LiveSse[] = [];

  beforeAll(async () => {
    cluster = await startCluster({ count: 3, databaseBaseUrl: testDatabaseUrl!, redisUrl: testRedisUrl!, leaseSeconds: LEASE_SECONDS });
    [a, b, c] = cluster.instances as [InstanceProcess, InstanceProcess, InstanceProcess];
    if (nginx) proxy = await startNginx({ upstreamPorts: cluster.instances.map((i) => i.port) });
  }, 60_000);

  afterAll(async () => {
    await proxy?.stop();
    await cluster?.close();
  }, 30_000);

  const invokeUrl = (instance: { baseUrl: string } | { url: string }) => `${'url' in instance ? instance.url : instance.baseUrl}/agent-invoke/${cluster.agentId}/invoke-stream`;
  const streamUrl = (base: string, runId: string) => `${base}/runs/${runId}/stream`;
  const api = (instance: InstanceProcess) => apiClient(instance.baseUrl, cluster.adminToken);
  const runIdOf = (events: SseEvent[]) => (events[0]!.data as { run_id: string }).run_id;
  /** Starts a run on `instance` and reads its stream in the background. */
  function startRun(instance: InstanceProcess, message: string, threadId: string): LiveSse {
    const live = liveSse(invokeUrl(instance), { token: cluster.adminToken, body: invokeBody(message, { threadId }) });
    streams.push(live);
    return live;
  }
  const diagnostics = () => cluster.instances.map((i) => `--- ${i.name}\n${i.output().slice(-4_000)}`).join('\n');

  it('resumes a run executing on A from B with Last-Event-ID: every later event exactly once, in order', async () => {
    const { message, text } = script('resume', 40, 20);
    const first = await readSse(invokeUrl(a), { token: cluster.adminToken, body: invokeBody(message, { threadId: 'resume' }), stopAfterEvents: 6 });
    const runId = runIdOf(first.events);
    const provider = await providerRequestFor(cluster.provider, message);
    expect(provider.finished).toBe(false); // the run is still going on A while we resume on B
    const rest = await readSse(streamUrl(b.baseUrl, runId), { token: cluster.adminToken, headers: { 'last-event-id': first.events.at(-1)!.id! } });
    const all = [...first.events, ...rest.events];
    expectConsecutiveIds(all);
    expect(tokensOf({ events: all })).toBe(text);
    const end = all.find((e) => e.event === 'status' && (e.data as { status: string }).status === 'Agent Execution End');
    expect((end?.data as { final_answer: string }).final_answer).toBe(text);
    expect(all.at(-1)).toMatchObject({ event: 'end', data: { run_id: runId, outcome: 'completed' } });
    expect(rest.events.filter((e) => e.event === 'token').length).toBeGreaterThan(0);
  });

  it('answers a second invoke on the same thread through B with 409 and the run_id running on A', async () => {
    const { message } = script('conflict', 200, 25);
    const running = startRun(a, message, 'conflict');
    await running.until((x) => x.event.event === 'token');
    const runId = runIdOf(running.events());
    const second = await api(b).post(`/agent-invoke/${cluster.agentId}/invoke-stream`, invokeBody('me too', { threadId: 'conflict' }));
    expect(second.status).toBe(409);
    expect(second.body.error.run_id).toBe(runId);
    const third = await api(c).post(`/agent-invoke/${cluster.agentId}/invoke`, invokeBody('and me', { threadId: 'conflict' }));
    expect(third.status).toBe(409);
    expect(third.body.error.run_id).toBe(runId);
    expect((await api(a).post(`/runs/${runId}/cancel`)).status).toBe(202);
    await running.done;
  });

  it('cancels through B a run executing on A within a second; the provider sees its request closed', async () => {
    const { message } = script('cancel', 200, 25);
    const running = startRun(a, message, 'cancel');
    await running.until(() => tokenCount(running) >= 3);
    const runId = runIdOf(running.events());
    const provider = await providerRequestFor(cluster.provider, message);
    const cancelledAt = performance.now();
    const cancel = await api(b).post(`/runs/${runId}/cancel`);
    expect(cancel.status).toBe(202);
    expect(cancel.body).toMatchObject({ run_id: runId, status: 'cancelling' });
    const end = await running.until((x) => x.event.event === 'end', 2_000);
    expect(end.at - cancelledAt).toBeLessThan(1_000);
    await Promise.race([provider.settled, new Promise((resolve) => setTimeout(resolve, 1_000))]);
    expect(provider.clientClosedEarly).toBe(true);
    expect(provider.tokensWritten).toBeLessThan(200);
    await running.done;
    expect(lastTwo(running.events())).toEqual([
      ['error', expect.objectContaining({ code: 'cancelled' })],
      ['end', { run_id: runId, outcome: 'cancelled' }],
    ]);
    expect((await api(b).get(`/runs/${runId}`)).body).toMatchObject({ status: 'cancelled' });
  });

  describe.skipIf(!nginx)('through nginx (deploy/nginx.conf) in front of all three instances', () => {
    /** When each token event arrived, relative to the first. */
    async function tokenTimings(base: string, label: string, tokens: number, delayMs: number) {
      const { message, text } = script(label, tokens, delayMs);
      const headers = { 'accept-encoding': 'gzip' }; // as browsers send it: a compressing proxy would act on it
      const live = liveSse(invokeUrl({ url: base }), { token: cluster.adminToken, body: invokeBody(message, { threadId: label }), headers });
      const capture = await live.done;
      const times = live.arrivals.filter((x) => x.event.event === 'token').map((x) => x.at);
      return { capture, text, spanMs: times.at(-1)! - times[0]!, scheduleMs: (tokens - 1) * delayMs };
    }

    it('delivers tokens as the provider produces them, not in one burst at the end', async () => {
      const { capture, text, spanMs, scheduleMs } = await tokenTimings(proxy!.url, 'nginx-live', 30, 40);
      expect(capture.headers.get('content-type')).toContain('text/event-stream');
      expect(capture.headers.get('content-encoding') ?? 'identity').toBe('identity');
      expect(tokensOf(capture)).toBe(text);
      expectConsecutiveIds(capture.events);
      expect(spanMs).toBeGreaterThanOrEqual(scheduleMs * 0.5);
    });

    it('detects a burst: the same measurement fails behind a proxy that buffers and compresses the stream', async () => {
      // it takes all of these to defeat the app's X-Accel-Buffering: no and Content-Encoding: identity
      const misconfigured = readFileSync(DEPLOY_NGINX_CONF, 'utf8')
        .replace('proxy_buffering off;', 'proxy_buffering on; proxy_ignore_headers X-Accel-Buffering; proxy_hide_header Content-Encoding;')
        .replace('gzip off;', 'gzip on; gzip_types text/event-stream;');
      const buffered = await startNginx({ upstreamPorts: cluster.instances.map((i) => i.port), deployConfig: misconfigured });
      try {
        const { spanMs, scheduleMs } = await tokenTimings(buffered.url, 'nginx-buffered', 30, 40);
        expect(spanMs).toBeLessThan(scheduleMs * 0.5);
      } finally {
        await buffered.stop();
      }
    });

    it('lets a chat stream cut on one instance be resumed on another without a gap or a repeat', async () => {
      const { message, text } = script('nginx-resume', 40, 20);
      const first = await readSse(invokeUrl({ url: proxy!.url }), { token: cluster.adminToken, body: invokeBody(message, { threadId: 'nginx-resume' }), stopAfterEvents: 7 });
      const runId = runIdOf(first.events);
      const rest = await readSse(streamUrl(proxy!.url, runId), { token: cluster.adminToken, headers: { 'last-event-id': first.events.at(-1)!.id! } });
      // round robin: consecutive requests go to different instances
      expect(first.headers.get('x-upstream')).toBeTruthy();
      expect(rest.headers.get('x-upstream')).toBeTruthy();
      expect(rest.headers.get('x-upstream')).not.toBe(first.headers.get('x-upstream'));
      const all = [...first.events, ...rest.events];
      expectConsecutiveIds(all);
      expect(tokensOf({ events: all })).toBe(text);
      expect(all.at(-1)).toMatchObject({ event: 'end', data: { outcome: 'completed' } });
    });
  });

  // last: A is gone afterwards
  it('kill -9 of A mid-run: after the lease B reports the run interrupted, loses nothing, and the thread goes on', async () => {
    const { message } = script('killed', 400, 25);
    const threadId = 'killed';
    const onA = startRun(a, message, threadId);
    await onA.until(() => tokenCount(onA) >= 3);
    const runId = runIdOf(onA.events());
    const provider = await providerRequestFor(cluster.provider, message);
    const watcher = liveSse(streamUrl(b.baseUrl, runId), { token: cluster.adminToken, headers: { 'last-event-id': '0' } });
    await watcher.until(() => tokenCount(watcher) >= 8);

    const killedAt = performance.now();
    await a.kill9();
    await expect(onA.done).rejects.toThrow();
    await Promise.race([provider.settled, new Promise((resolve) => setTimeout(resolve, 1_000))]);
    expect(provider.clientClosedEarly).toBe(true);
    // until the lease expires the thread is still taken by the dead run
    const early = await api(b).post(`/agent-invoke/${cluster.agentId}/invoke-stream`, invokeBody('too early', { threadId }));
    expect(early.status).toBe(409);
    expect(early.body.error.run_id).toBe(runId);

    const end = await watcher.until((x) => x.event.event === 'end', (LEASE_SECONDS + 6) * 1000).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${diagnostics()}`);
    });
    await watcher.done;
    const reapedAfterMs = end.at - killedAt;
    expect(reapedAfterMs).toBeGreaterThan(LEASE_SECONDS * 1000 * 0.5); // nobody reaped it while its lease could still be alive
    const seen = watcher.events();
    expectConsecutiveIds(seen);
    expect(lastTwo(seen)).toEqual([
      ['error', expect.objectContaining({ code: 'interrupted' })],
      ['end', { run_id: runId, outcome: 'interrupted' }],
    ]);
    const partial = tokensOf({ events: seen });
    const sawOnA = tokensOf({ events: onA.events() });
    expect(partial.startsWith(sawOnA) || sawOnA.startsWith(partial)).toBe(true);

    expect((await api(c).get(`/runs/${runId}`)).body).toMatchObject({ status: 'interrupted', error_code: 'interrupted' });
    const history = (await api(c).get(`/agents/${cluster.agentId}/threads/${threadId}/messages`)).body as Array<{ role: string; content: string; outcome: string | null; run_id: string }>;
    expect(history.map((m) => [m.role, m.content, m.outcome, m.run_id])).toEqual([
      ['user', message, null, runId],
      ['assistant', partial, 'interrupted', runId],
    ]);

    // a late watcher on another instance replays the whole run, ending the same way
    const replay = await readSse(streamUrl(c.baseUrl, runId), { token: cluster.adminToken });
    expect(replay.events).toEqual(seen);

    // the thread takes a new run, and the model is given what the user sent and the partial answer
    const next = script('after-kill', 3, 0);
    const again = await readSse(invokeUrl(b), { token: cluster.adminToken, body: invokeBody(next.message, { threadId }) });
    expect(again.events.at(-1)).toMatchObject({ event: 'end', data: { outcome: 'completed' } });
    expect(tokensOf(again)).toBe(next.text);
    const sent = (await providerRequestFor(cluster.provider, next.message)).body.messages as Array<{ role: string; content: string }>;
    expect(sent.slice(1)).toEqual([
      { role: 'user', content: message },
      { role: 'assistant', content: partial },
      { role: 'user', content: next.message },
    ]);
    console.log(`multi-instance: run of the killed instance reaped ${Math.round(reapedAfterMs)} ms after kill -9 (lease ${LEASE_SECONDS} s)`);
  }, 30_000);

  // after A's test: C is gone afterwards
  it('kill -9 of C mid-run: the first new run on its thread ends the dead run before storing its own message', async () => {
    const { message } = script('abandoned', 400, 25);
    const threadId = 'abandoned';
    const onC = startRun(c, message, threadId);
    await onC.until(() => tokenCount(onC) >= 3);
    const runId = runIdOf(onC.events());
    const watcher = liveSse(streamUrl(b.baseUrl, runId), { token: cluster.adminToken, headers: { 'last-event-id': '0' } });
    await watcher.until(() => tokenCount(watcher) >= 8);
    await c.kill9();
    await expect(onC.done).rejects.toThrow();

    // ask as soon as the thread is free (the dead run's lease expired), long before a reaper's sweep would end it
    const next = script('after-abandoned', 3, 0);
    let accepted: Awaited<ReturnType<typeof readSse>> | undefined;
    const deadline = Date.now() + (LEASE_SECONDS + 6) * 1000;
    while (!accepted && Date.now() < deadline) {
      const attempt = await readSse(invokeUrl(b), { token: cluster.adminToken, body: invokeBody(next.message, { threadId }) });
      if (attempt.status === 200) accepted = attempt;
      else {
        expect(attempt.status).toBe(409);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    expect(accepted?.events.at(-1)).toMatchObject({ event: 'end', data: { outcome: 'completed' } });
    // the watcher of the dead run was ended too
    const end = await watcher.until((x) => x.event.event === 'end', 5_000);
    expect(end.event.data).toEqual({ run_id: runId, outcome: 'interrupted' });
    const partial = tokensOf({ events: watcher.events() });

    const history = (await api(b).get(`/agents/${cluster.agentId}/threads/${threadId}/messages`)).body as Array<{ role: string; content: string; outcome: string | null }>;
    expect(history.map((m) => [m.role, m.content, m.outcome])).toEqual([
      ['user', message, null],
      ['assistant', partial, 'interrupted'],
      ['user', next.message, null],
      ['assistant', next.text, 'completed'],
    ]);
    // and the model was given the thread in that order
    const sent = (await providerRequestFor(cluster.provider, next.message)).body.messages as Array<{ role: string; content: string }>;
    expect(sent.slice(1).map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
  }, 30_000);
});
