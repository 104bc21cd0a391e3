import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api.js';
import { startMcpTestServer, type McpTestServer } from '../fakes/tools/mcp-test-server.js';
import { expectOk } from './support/people.js';
import { startServer, type HttpTestServer } from './support/server.js';

describe('tool Test and Discover keep the SSRF guard of tool calls (issue 18)', () => {
  let server: HttpTestServer;
  let mcp: McpTestServer;
  let admin: ApiClient;

  beforeAll(async () => {
    [server, mcp] = await Promise.all([startServer({ env: { ALLOW_PRIVATE_TOOL_URLS: 'false' } }), startMcpTestServer()]);
    admin = apiClient(server.baseUrl, server.adminToken);
  });
  afterAll(async () => {
    await Promise.all([server?.stop(), mcp?.close()]);
  });

  it('refuses to discover a loopback MCP server: 502 at once, the server never called', async () => {
    const started = Date.now();
    const refused = await admin.post('/tools/discover', { config: { url: mcp.url, transport: 'streamable-http' } });
    expect(refused.status).toBe(502);
    expect(refused.body.error.message).toMatch(/refused|private|loopback|not allowed/i);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(mcp.authorizations).toEqual([]);
  });

  it('reports a test call to a loopback http tool as a refused call (ok: false)', async () => {
    const tool = expectOk<{ tool_id: string }>(
      await admin.post('/tools', {
        name: 'inside',
        kind: 'http',
        config: { url: `${mcp.url.replace('/mcp', '/anything')}`, method: 'GET', input_schema: { type: 'object', properties: {} } },
      }),
      201,
    );
    const result = expectOk<{ ok: boolean; output: unknown }>(await admin.post(`/tools/${tool.tool_id}/test`, { input: {} }));
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result.output)).toMatch(/refused|private|loopback|not allowed/i);
    expect(mcp.authorizations).toEqual([]);
  });
});
