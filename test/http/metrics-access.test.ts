import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api.js';
import { startTestServer, type TestServer } from '../support/start-server.js';

const METRICS_TOKEN = 'metrics-scraper-secret-0123456789';

describe('/metrics is not public (issue 16 item 6)', () => {
  let server: TestServer;
  let userToken: string;
  beforeAll(async () => {
    server = await startTestServer({ env: { METRICS_TOKEN } });
    const created = await apiClient(server.baseUrl, server.adminToken).post('/users', { email: 'plain@example.com', name: 'plain' });
    userToken = created.body.token;
  });
  afterAll(async () => server?.stop());

  const scrape = (token?: string) => fetch(`${server.baseUrl}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('refuses a scrape without a token, with a wrong one, or with a near miss of METRICS_TOKEN', async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape('sb_not-a-real-token')).status).toBe(401);
    expect((await scrape(`${METRICS_TOKEN}x`)).status).toBe(401);
    expect((await scrape(METRICS_TOKEN.slice(0, -1))).status).toBe(401);
  });

  it("refuses an ordinary user's token with 403", async () => {
    const response = await scrape(userToken);
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('switchboard_');
  });

  it('serves Prometheus text to METRICS_TOKEN and to a platform admin', async () => {
    for (const token of [METRICS_TOKEN, server.adminToken]) {
      const response = await scrape(token);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      expect(await response.text()).toContain('switchboard_');
    }
  });

  it('documents the bearer requirement in /openapi.json', async () => {
    const spec = (await (await fetch(`${server.baseUrl}/openapi.json`)).json()) as any;
    expect(spec.paths['/metrics'].get.security).not.toEqual([]);
  });
});
