import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpToolConfig } from '../domain/index.js';
import type { ToolErrorDetail } from '../ports/index.js';
import { startLocalServer, type LocalServer } from '../../test/fakes/tools/local-http-server.js';
import { makeTool, sealedEnvLoader, testSecretBox } from '../../test/fakes/tools/tool-fixtures.js';
import { blockNonPublicAddresses } from './address-policy.js';
import { createToolRunner, type ClosableToolRunner } from './tool-runner.js';

const neverAborted = () => new AbortController().signal;

let api: LocalServer;
let closedPort: number;
let open: ClosableToolRunner;
let guarded: ClosableToolRunner;

const httpTool = (url: string, extra: Partial<HttpToolConfig> = {}) =>
  makeTool({
    kind: 'http',
    name: 'lookup',
    config: { url, method: 'GET', input_schema: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] }, ...extra },
  });

beforeAll(async () => {
  api = await startLocalServer((req, res) => {
    if (req.url === '/hang') return;
    res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'database at db.internal:5432 is down' }));
  });
  const spare = await startLocalServer(() => undefined);
  closedPort = spare.port;
  await spare.close();
  const options = { secretBox: testSecretBox, loadSealedEnv: sealedEnvLoader({}), defaultTimeoutMs: 5000 };
  open = createToolRunner({ ...options, allowPrivateUrls: true });
  guarded = createToolRunner({ ...options, allowPrivateUrls: false, addressPolicy: blockNonPublicAddresses });
});
afterAll(async () => {
  await open.close();
  await guarded.close();
  await api.close();
});

describe('tool errors by detail level', () => {
  const cases: Array<{ name: string; runner: () => ClosableToolRunner; url: () => string; extra?: Partial<HttpToolConfig>; generic: string; full: RegExp }> = [
    { name: 'a refused connection', runner: () => open, url: () => `http://127.0.0.1:${closedPort}/x`, generic: 'The tool failed (unreachable)', full: /ECONNREFUSED 127\.0\.0\.1:\d+/ },
    { name: 'an error status', runner: () => open, url: () => `${api.origin}/fail`, generic: 'The tool failed (bad response)', full: /HTTP 500.*db\.internal:5432/ },
    { name: 'a timeout', runner: () => open, url: () => `${api.origin}/hang`, extra: { timeout_ms: 150 }, generic: 'The tool failed (timeout)', full: /timed out after 150 ms/ },
    { name: 'an SSRF refusal', runner: () => guarded, url: () => 'http://10.1.2.3:8080/admin', generic: 'The tool failed (refused)', full: /10\.1\.2\.3 is a private address/ },
  ];

  const call = (runner: ClosableToolRunner, url: string, extra: Partial<HttpToolConfig> | undefined, errorDetail: ToolErrorDetail) =>
    runner.execute({ tool: httpTool(url, extra), modelToolName: 'lookup', arguments: { q: 'x' }, signal: neverAborted(), errorDetail });

  it.each(cases)('shows $name only as "$generic" at the generic level, nowhere naming the host or port', async ({ runner, url, extra, generic }) => {
    const result = await call(runner(), url(), extra, 'generic');
    expect(result).toEqual({ ok: false, output: { error: generic, category: expect.any(String) }, contentForModel: `Error: ${generic}`, blocks: [] });
    const everything = JSON.stringify(result);
    expect(everything).not.toMatch(/127\.0\.0\.1|10\.1\.2\.3|db\.internal|\b\d{4,5}\b/);
  });

  it.each(cases)('shows $name in detail at the full level', async ({ runner, url, extra, full }) => {
    const result = await call(runner(), url(), extra, 'full');
    expect(result.ok).toBe(false);
    expect(result.contentForModel).toMatch(full);
  });

  it('shows an unreachable MCP server only as "The tool failed (unreachable)" at the generic level', async () => {
    const tool = makeTool({ kind: 'mcp', name: 'remote', config: { url: `http://127.0.0.1:${closedPort}/mcp`, transport: 'streamable-http' } });
    const generic = await open.execute({ tool, modelToolName: 'remote__echo', arguments: {}, signal: neverAborted(), errorDetail: 'generic' });
    expect(generic.contentForModel).toBe('Error: The tool failed (unreachable)');
    const full = await open.execute({ tool, modelToolName: 'remote__echo', arguments: {}, signal: neverAborted(), errorDetail: 'full' });
    expect(full.contentForModel).toContain(`127.0.0.1:${closedPort}`);
  });

  it('keeps the text of a problem with the call input at every level (it names only the input)', async () => {
    const tool = httpTool(`${api.origin}/fail`);
    const result = await guarded.execute({ tool, modelToolName: 'lookup', arguments: {}, signal: neverAborted(), errorDetail: 'generic' });
    expect(result).toMatchObject({ ok: false, contentForModel: 'Error: missing required input: q' });
  });
});
