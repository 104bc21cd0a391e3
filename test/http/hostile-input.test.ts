import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, invokeBody, type ApiClient } from '../support/api.js';
import { readSse } from '../support/sse-client.js';
import { startTestServer, type TestServer } from '../support/start-server.js';

function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** Writes raw bytes on a socket and resolves with what the server answered and how long it took to close. */
function rawExchange(baseUrl: string, bytes: string, waitMs = 30_000): Promise<{ text: string; ms: number }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(Number(port), hostname, () => socket.write(bytes));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('utf8')));
    socket.on('close', () => resolve({ text, ms: Date.now() - started }));
    socket.on('error', reject);
    setTimeout(() => {
      socket.destroy();
      resolve({ text, ms: Date.now() - started });
    }, waitMs).unref();
  });
}

describe('hostile input gets a 4xx, never a 5xx or a hang (issue 16 item 5)', () => {
  let server: TestServer;
  let admin: ApiClient;
  let agentId: string;

  beforeAll(async () => {
    server = await startTestServer({ env: { BODY_IDLE_TIMEOUT_MS: '1000', HEADERS_TIMEOUT_MS: '2000', DEMO_TOKEN_DELAY_MS: '150' } });
    admin = apiClient(server.baseUrl, server.adminToken);
    agentId = ((await admin.get('/agents')).body as Array<{ agent_id: string; agent_name: string }>).find((a) => a.agent_name === 'Demo agent')!.agent_id;
  });
  afterAll(async () => server?.stop());

  it('refuses JSON nested 4,000 deep in a tool config with 400', async () => {
    const response = await admin.post('/tools', { name: 'deep', kind: 'http', config: { url: 'http://127.0.0.1:9/x', body: nested(4_000) } });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/nested too deeply/);
  });

  it('accepts JSON nested within the bound', async () => {
    const response = await admin.post('/tools', { name: 'shallow', kind: 'http', config: { url: 'http://127.0.0.1:9/x', body: nested(40) } });
    expect(response.status).toBeLessThan(500);
    expect(JSON.stringify(response.body)).not.toMatch(/nested too deeply/);
  });

  it('refuses a body nested far past what JSON.parse survives with a 4xx', async () => {
    const response = await admin.post('/tools', '['.repeat(400_000) + ']'.repeat(400_000));
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });

  it('answers the fastworkflow surface in its own {"detail": …} shape, with a 4xx, for deep context and user_id', async () => {
    for (const body of [
      { user_id: 'u1', agent_id: agentId, context: nested(4_000) },
      { user_id: nested(4_000), agent_id: agentId },
    ]) {
      const response = await admin.post('/initialize', body);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(response.body).toHaveProperty('detail');
    }
  });

  it('refuses a NUL in /invoke_agent user_query and in agent-invoke messages with a 4xx', async () => {
    expect((await admin.post('/initialize', { user_id: 'nul-user', agent_id: agentId })).status).toBe(200);
    const fw = await admin.post('/invoke_agent', { user_id: 'nul-user', user_query: 'hello\u0000world' });
    expect(fw.status).toBeGreaterThanOrEqual(400);
    expect(fw.status).toBeLessThan(500);
    const invoke = await admin.post(`/agent-invoke/${agentId}/invoke`, invokeBody('a\u0000b'));
    expect(invoke.status).toBe(400);
    expect(invoke.body.error.message).toMatch(/NUL/);
  });

  it('refuses a NUL in a query string or a path id with 400', async () => {
    expect((await admin.get('/agents?limit=%00')).status).toBe(400);
    expect((await admin.get(`/agents/${agentId}%00`)).status).toBe(400);
  });

  it('cuts a body that announces 100 bytes and sends 12 with 408 within seconds', async () => {
    const head = `POST /tools HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${server.adminToken}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n`;
    const { text, ms } = await rawExchange(server.baseUrl, `${head}{"name":"ab"`, 15_000);
    expect(text).toMatch(/^HTTP\/1\.1 408/);
    expect(text).toContain('REQUEST_TIMEOUT');
    expect(ms).toBeLessThan(5_000);
  });

  it('cuts a client that never finishes its headers within seconds', async () => {
    const { text, ms } = await rawExchange(server.baseUrl, 'GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: a', 15_000);
    expect(text === '' || /^HTTP\/1\.1 408/.test(text)).toBe(true);
    expect(ms).toBeLessThan(6_000);
  });

  it('leaves a stream open longer than the body timeout alone', async () => {
    const started = Date.now();
    const capture = await readSse(`${server.baseUrl}/agent-invoke/${agentId}/invoke-stream`, {
      token: server.adminToken,
      body: invokeBody('one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen'),
    });
    expect(Date.now() - started).toBeGreaterThan(1_500);
    expect(capture.events.at(-1)?.event).toBe('end');
    expect(capture.events.some((e) => e.event === 'error')).toBe(false);
  });
});
