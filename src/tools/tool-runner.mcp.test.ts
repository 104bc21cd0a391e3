import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamError } from '../domain/index.js';
import { startMcpTestServer, TINY_PNG_BASE64, type McpTestServer } from '../../test/fakes/tools/mcp-test-server.js';
import { makeTool, sealedEnvLoader, testSecretBox } from '../../test/fakes/tools/tool-fixtures.js';
import { createToolRunner, type ClosableToolRunner } from './tool-runner.js';

const TOKEN = 'mcp-token-3f9a7c2e';
const neverAborted = () => new AbortController().signal;

describe('mcp tools over Streamable HTTP', () => {
  let server: McpTestServer;
  let runner: ClosableToolRunner;
  const secrets: Record<string, Record<string, string>> = {};
  const mcpTool = (url: string, transport: 'streamable-http' | 'sse' = 'streamable-http') => {
    const tool = makeTool({ kind: 'mcp', name: 'remote', config: { url, transport, headers: { Authorization: 'Bearer {{env.TOKEN}}' } }, envKeys: ['TOKEN'] });
    secrets[tool.toolId] = { TOKEN };
    return tool;
  };

  beforeAll(async () => {
    server = await startMcpTestServer({ requiredAuthorization: `Bearer ${TOKEN}`, stateful: true });
    runner = createToolRunner({ secretBox: testSecretBox, loadSealedEnv: sealedEnvLoader(secrets), allowPrivateUrls: true, defaultTimeoutMs: 5000 });
  });
  afterAll(async () => {
    await runner.close();
    await server.close();
  });

  it('lists the server tools as <tool name>__<mcp tool> with their input schemas', async () => {
    const specs = await runner.describe(mcpTool(server.url), neverAborted());
    const names = specs.map((spec) => spec.name);
    expect(names).toEqual(expect.arrayContaining(['remote__echo', 'remote__add', 'remote__picture', 'remote__dotted_name']));
    const echo = specs.find((spec) => spec.name === 'remote__echo')!;
    expect(echo.description).toBe('Echoes text back');
    expect(echo.parameters).toMatchObject({ type: 'object', properties: { text: { type: 'string' } }, required: ['text'] });
  });

  it('calls a tool and returns its result, reusing one connection', async () => {
    const tool = mcpTool(server.url);
    const first = await runner.execute({ tool, modelToolName: 'remote__echo', arguments: { text: 'hi' }, signal: neverAborted(), errorDetail: 'full' });
    expect(first).toEqual({ ok: true, output: 'echo: hi', contentForModel: 'echo: hi', blocks: [] });
    const before = server.authorizations.length;
    const sum = await runner.execute({ tool, modelToolName: 'remote__add', arguments: { a: 2, b: 3 }, signal: neverAborted(), errorDetail: 'full' });
    expect(sum).toMatchObject({ ok: true, output: { content: ['5'], structured: { sum: 5 } }, contentForModel: '5' });
    // One POST for the call itself: no new initialize handshake.
    expect(server.authorizations.length - before).toBe(1);
  });

  it('maps a sanitised model name back to the MCP tool name', async () => {
    const result = await runner.execute({ tool: mcpTool(server.url), modelToolName: 'remote__dotted_name', arguments: {}, signal: neverAborted(), errorDetail: 'full' });
    expect(result).toMatchObject({ ok: true, contentForModel: 'dotted ok' });
  });

  it('scrubs the secret header value when the server echoes it back', async () => {
    const result = await runner.execute({ tool: mcpTool(server.url), modelToolName: 'remote__whoami', arguments: {}, signal: neverAborted(), errorDetail: 'full' });
    expect(result.ok).toBe(true);
    expect(result.contentForModel).toBe('you sent Bearer ********');
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it('returns MCP image content as an image block and tells the model only a short note', async () => {
    const result = await runner.execute({ tool: mcpTool(server.url), modelToolName: 'remote__picture', arguments: {}, signal: neverAborted(), errorDetail: 'full' });
    expect(result.blocks).toHaveLength(1);
    const block = JSON.parse(result.blocks[0]!.replace('!#block#!', '').replace('!#/block#!', '')) as { type: string; content: { src: string } };
    expect(block).toMatchObject({ type: 'image', content: { src: `data:image/png;base64,${TINY_PNG_BASE64}` } });
    expect(result.contentForModel).toBe('here is a picture\n[image block shown to the user: remote__picture image]');
    expect(JSON.stringify(result.output)).not.toContain(TINY_PNG_BASE64);
  });

  it('reports a tool error as ok:false', async () => {
    const result = await runner.execute({ tool: mcpTool(server.url), modelToolName: 'remote__fail', arguments: {}, signal: neverAborted(), errorDetail: 'full' });
    expect(result).toMatchObject({ ok: false, contentForModel: 'Error: it broke', output: { error: 'it broke' } });
  });

  it('reports an unknown tool name as ok:false', async () => {
    const result = await runner.execute({ tool: mcpTool(server.url), modelToolName: 'remote__nope', arguments: {}, signal: neverAborted(), errorDetail: 'full' });
    expect(result).toMatchObject({ ok: false, contentForModel: 'Error: the MCP server of remote has no tool named nope' });
  });

  it('returns promptly with "cancelled" when the caller aborts a call that never answers', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const result = await runner.execute({ tool: mcpTool(server.url), modelToolName: 'remote__hang', arguments: {}, signal: controller.signal, errorDetail: 'full' });
    expect(result).toMatchObject({ ok: false, contentForModel: 'Error: cancelled' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('times out a call that never answers', async () => {
    const quick = createToolRunner({ secretBox: testSecretBox, loadSealedEnv: sealedEnvLoader(secrets), allowPrivateUrls: true, defaultTimeoutMs: 300 });
    try {
      const result = await quick.execute({ tool: mcpTool(server.url), modelToolName: 'remote__hang', arguments: {}, signal: neverAborted(), errorDetail: 'full' });
      expect(result).toMatchObject({ ok: false, contentForModel: 'Error: timed out after 300 ms' });
    } finally {
      await quick.close();
    }
  });

  it('works over the SSE transport too', async () => {
    const tool = mcpTool(server.sseUrl, 'sse');
    const specs = await runner.describe(tool, neverAborted());
    expect(specs.map((spec) => spec.name)).toContain('remote__echo');
    const result = await runner.execute({ tool, modelToolName: 'remote__echo', arguments: { text: 'over sse' }, signal: neverAborted(), errorDetail: 'full' });
    expect(result).toMatchObject({ ok: true, contentForModel: 'echo: over sse' });
  });
});

describe('mcp tools when the server goes away', () => {
  const secrets: Record<string, Record<string, string>> = {};
  let runner: ClosableToolRunner;
  afterEach(() => runner?.close());

  it('returns ok:false while the server is down and reconnects once it is back', async () => {
    let server = await startMcpTestServer({ stateful: true });
    const port = server.port;
    runner = createToolRunner({ secretBox: testSecretBox, loadSealedEnv: sealedEnvLoader(secrets), allowPrivateUrls: true, defaultTimeoutMs: 3000 });
    const tool = makeTool({ kind: 'mcp', name: 'flaky', config: { url: server.url, transport: 'streamable-http' } });
    const call = () => runner.execute({ tool, modelToolName: 'flaky__echo', arguments: { text: 'ping' }, signal: neverAborted(), errorDetail: 'full' });

    expect(await call()).toMatchObject({ ok: true });
    await server.close();
    const down = await call();
    expect(down.ok).toBe(false);
    expect(down.contentForModel).toMatch(/^Error: MCP server unavailable: .*ECONNREFUSED/);

    // A restarted server has forgotten the old session; the runner opens a new one.
    server = await startMcpTestServer({ stateful: true, port });
    expect(await call()).toMatchObject({ ok: true, contentForModel: 'echo: ping' });
    await server.close();
  });

  it('reconnects on next use when a live session is dropped by a restart', async () => {
    let server = await startMcpTestServer({ stateful: true });
    runner = createToolRunner({ secretBox: testSecretBox, loadSealedEnv: sealedEnvLoader(secrets), allowPrivateUrls: true, defaultTimeoutMs: 3000 });
    const tool = makeTool({ kind: 'mcp', name: 'restarted', config: { url: server.url, transport: 'streamable-http' } });
    const call = () => runner.execute({ tool, modelToolName: 'restarted__echo', arguments: { text: 'again' }, signal: neverAborted(), errorDetail: 'full' });
    expect(await call()).toMatchObject({ ok: true });
    const port = server.port;
    await server.close();
    server = await startMcpTestServer({ stateful: true, port });
    expect(await call()).toMatchObject({ ok: true, contentForModel: 'echo: again' });
    await server.close();
  });

  it('throws an UpstreamError from describe when the server is unreachable', async () => {
    const server = await startMcpTestServer();
    await server.close();
    runner = createToolRunner({ secretBox: testSecretBox, loadSealedEnv: sealedEnvLoader(secrets), allowPrivateUrls: true, defaultTimeoutMs: 3000 });
    const tool = makeTool({ kind: 'mcp', name: 'gone', config: { url: server.url, transport: 'streamable-http' } });
    await expect(runner.describe(tool, neverAborted())).rejects.toThrow(UpstreamError);
    await expect(runner.describe(tool, neverAborted())).rejects.toThrow(/tool gone: MCP server unavailable/);
  });

  it('refuses a loopback MCP server unless private addresses are allowed', async () => {
    const server = await startMcpTestServer();
    runner = createToolRunner({ secretBox: testSecretBox, loadSealedEnv: sealedEnvLoader(secrets), allowPrivateUrls: false, defaultTimeoutMs: 3000 });
    const tool = makeTool({ kind: 'mcp', name: 'local', config: { url: server.url, transport: 'streamable-http' } });
    const result = await runner.execute({ tool, modelToolName: 'local__echo', arguments: { text: 'x' }, signal: neverAborted(), errorDetail: 'full' });
    expect(result).toMatchObject({
      ok: false,
      contentForModel: 'Error: refused: 127.0.0.1 is a loopback address; set ALLOW_PRIVATE_TOOL_URLS=true to allow private addresses',
    });
    await expect(runner.describe(tool, neverAborted())).rejects.toThrow(/refused: 127.0.0.1 is a loopback address/);
    const sse = makeTool({ kind: 'mcp', name: 'local', config: { url: server.sseUrl, transport: 'sse' } });
    const overSse = await runner.execute({ tool: sse, modelToolName: 'local__echo', arguments: {}, signal: neverAborted(), errorDetail: 'full' });
    expect(overSse.contentForModel).toMatch(/refused: 127.0.0.1 is a loopback address/);
    expect(server.authorizations).toHaveLength(0);
    await server.close();
  });
});
