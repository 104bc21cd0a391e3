import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpToolConfig } from '../domain/index.js';
import { startLocalServer, type LocalServer } from '../../test/fakes/tools/local-http-server.js';
import { makeTool, sealedEnvLoader, testSecretBox } from '../../test/fakes/tools/tool-fixtures.js';
import { blockNonPublicAddresses } from './address-policy.js';
import { createToolRunner, type ClosableToolRunner } from './tool-runner.js';

const SECRET = 'sk-test-9d8c7b6a "quoted" & spaced';
const neverAborted = () => new AbortController().signal;
const IMAGE_BLOCK = '!#block#!{"type":"image","content":{"src":"data:image/png;base64,AAAA","alt":"chart"}}!#/block#!';

let api: LocalServer;
let runner: ClosableToolRunner;
const secrets: Record<string, Record<string, string>> = {};

function httpTool(config: Partial<HttpToolConfig> & { path: string }, env: Record<string, string> = { API_KEY: SECRET }) {
  const { path, ...rest } = config;
  const tool = makeTool({
    kind: 'http',
    name: 'weather',
    config: {
      url: `${api.origin}${path}`,
      method: 'GET',
      input_schema: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city'] },
      ...rest,
    },
    envKeys: Object.keys(env),
  });
  secrets[tool.toolId] = env;
  return tool;
}

beforeAll(async () => {
  api = await startLocalServer((req, res, body) => {
    const url = new URL(req.url!, 'http://x');
    const json = (status: number, value: unknown) => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    if (url.pathname === '/weather') {
      // Requires the key and, like many careless APIs, echoes it back.
      if (req.headers['x-api-key'] !== SECRET) return json(401, { error: 'bad key', got: req.headers['x-api-key'] ?? null });
      return json(200, { city: url.searchParams.get('q'), temp_c: 21, debug: { key: req.headers['x-api-key'], query: url.search } });
    }
    if (url.pathname === '/echo') return json(200, { method: req.method, query: url.search, headers: req.headers, body: body ? JSON.parse(body) : null });
    if (url.pathname === '/chart') return json(200, { summary: 'chart ready', render: IMAGE_BLOCK });
    if (url.pathname === '/text') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('plain words');
    if (url.pathname === '/big') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(5000));
    if (url.pathname === '/hang') return;
    if (url.pathname === '/to-private') return void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    json(404, { error: 'no such route' });
  });
  runner = createToolRunner({ secretBox: testSecretBox, loadSealedEnv: sealedEnvLoader(secrets), allowPrivateUrls: true, defaultTimeoutMs: 5000 });
});
afterAll(async () => {
  await runner.close();
  await api.close();
});

describe('http tools', () => {
  it('describes itself with its input schema', async () => {
    const tool = httpTool({ path: '/weather' });
    const { input_schema } = tool.config as HttpToolConfig;
    expect(await runner.describe(tool, neverAborted())).toEqual([{ name: 'weather', description: 'a test tool', parameters: input_schema }]);
  });

  it('sends the secret in a header and keeps it out of a result that echoes it back', async () => {
    const tool = httpTool({ path: '/weather?q={{input.city}}', headers: { 'X-Api-Key': '{{env.API_KEY}}' } });
    const result = await runner.execute({ tool, modelToolName: 'weather', arguments: { city: 'São Paulo & co' }, signal: neverAborted(), errorDetail: 'full' });
    expect(result.ok).toBe(true);
    expect(result.output).toMatchObject({ city: 'São Paulo & co', temp_c: 21, debug: { key: '********' } });
    const everything = JSON.stringify(result);
    for (const form of [SECRET, encodeURIComponent(SECRET), JSON.stringify(SECRET).slice(1, -1), 'sk-test-9d8c7b6a']) {
      expect(everything).not.toContain(form);
    }
  });

  it('scrubs the secret from a failure that echoes it', async () => {
    const tool = httpTool({ path: '/weather', headers: { 'X-Api-Key': '{{env.API_KEY}}x' } });
    const result = await runner.execute({ tool, modelToolName: 'weather', arguments: { city: 'Oslo' }, signal: neverAborted(), errorDetail: 'full' });
    expect(result).toMatchObject({ ok: false, output: { error: 'HTTP 401 Unauthorized', status: 401, body: { got: '********x' } } });
    expect(result.contentForModel).toMatch(/^Error: HTTP 401 Unauthorized: /);
    expect(JSON.stringify(result)).not.toContain('sk-test-9d8c7b6a');
  });

  it('URL-encodes input in the url, and sends typed and JSON-escaped values in the body', async () => {
    const tool = httpTool({
      path: '/echo?q={{input.city}}&k={{env.API_KEY}}',
      method: 'POST',
      headers: { 'X-City': '{{input.city}}' },
      body: { city: '{{input.city}}', days: '{{input.days}}', note: 'for {{input.city}}', list: ['{{input.days}}'] },
    });
    const result = await runner.execute({ tool, modelToolName: 'weather', arguments: { city: 'a/b "c"', days: 3 }, signal: neverAborted(), errorDetail: 'full' });
    expect(result.ok).toBe(true);
    expect(result.output).toMatchObject({
      method: 'POST',
      query: `?q=${encodeURIComponent('a/b "c"')}&k=********`,
      headers: { 'x-city': 'a/b "c"', 'content-type': 'application/json' },
      body: { city: 'a/b "c"', days: 3, note: 'for a/b "c"', list: [3] },
    });
  });

  it('renders a string body as JSON text with escaped values', async () => {
    const tool = httpTool({ path: '/echo', method: 'PUT', body: '{"q": "{{input.city}}", "key": "{{env.API_KEY}}"}' });
    const result = await runner.execute({ tool, modelToolName: 'weather', arguments: { city: 'say "hi"\n' }, signal: neverAborted(), errorDetail: 'full' });
    expect(result.output).toMatchObject({ method: 'PUT', body: { q: 'say "hi"\n', key: '********' } });
  });

  it('refuses a call without a required input', async () => {
    const result = await runner.execute({ tool: httpTool({ path: '/echo' }), modelToolName: 'weather', arguments: {}, signal: neverAborted(), errorDetail: 'full' });
    expect(result).toMatchObject({ ok: false, contentForModel: 'Error: missing required input: city' });
  });

  it('returns text responses as text and reports non-2xx as ok:false with the status', async () => {
    const text = await runner.execute({ tool: httpTool({ path: '/text' }), modelToolName: 'weather', arguments: { city: 'x' }, signal: neverAborted(), errorDetail: 'full' });
    expect(text).toMatchObject({ ok: true, output: 'plain words', contentForModel: 'plain words' });
    const missing = await runner.execute({ tool: httpTool({ path: '/missing' }), modelToolName: 'weather', arguments: { city: 'x' }, signal: neverAborted(), errorDetail: 'full' });
    expect(missing).toMatchObject({ ok: false, output: { status: 404, body: { error: 'no such route' } } });
  });

  it('caps the response size', async () => {
    const small = createToolRunner({ secretBox: testSecretBox, loadSealedEnv: sealedEnvLoader(secrets), allowPrivateUrls: true, defaultTimeoutMs: 5000, fetchMaxBytes: 1024 });
    const result = await small.execute({ tool: httpTool({ path: '/big' }), modelToolName: 'weather', arguments: { city: 'x' }, signal: neverAborted(), errorDetail: 'full' });
    await small.close();
    expect(result.ok).toBe(true);
    expect(result.contentForModel).toBe(`${'x'.repeat(1024)}\n[truncated: the response was larger than 1 KiB]`);
  });

  it('lifts content blocks out of a JSON result', async () => {
    const result = await runner.execute({ tool: httpTool({ path: '/chart' }), modelToolName: 'weather', arguments: { city: 'x' }, signal: neverAborted(), errorDetail: 'full' });
    expect(result.blocks).toEqual([IMAGE_BLOCK]);
    expect(result.output).toEqual({ summary: 'chart ready', render: '[image block shown to the user: chart]' });
    expect(result.contentForModel).not.toContain('data:image');
  });

  it('honours timeout_ms', async () => {
    const started = Date.now();
    const result = await runner.execute({ tool: httpTool({ path: '/hang', timeout_ms: 200 }), modelToolName: 'weather', arguments: { city: 'x' }, signal: neverAborted(), errorDetail: 'full' });
    expect(result).toMatchObject({ ok: false, contentForModel: 'Error: timed out after 200 ms' });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('returns promptly with "cancelled" when the caller aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const result = await runner.execute({ tool: httpTool({ path: '/hang' }), modelToolName: 'weather', arguments: { city: 'x' }, signal: controller.signal, errorDetail: 'full' });
    expect(result).toMatchObject({ ok: false, contentForModel: 'Error: cancelled' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('reports a secret that cannot be decrypted without showing it', async () => {
    const tool = httpTool({ path: '/echo' });
    const broken = createToolRunner({
      secretBox: { open: () => { throw new Error('tampered'); } },
      loadSealedEnv: sealedEnvLoader(secrets),
      allowPrivateUrls: true,
      defaultTimeoutMs: 1000,
    });
    const result = await broken.execute({ tool, modelToolName: 'weather', arguments: { city: 'x' }, signal: neverAborted(), errorDetail: 'full' });
    await broken.close();
    expect(result).toMatchObject({ ok: false, contentForModel: 'Error: the secret API_KEY of this tool cannot be decrypted; was the secret key changed?' });
  });
});

describe('http tools and private addresses', () => {
  it('refuses a loopback API unless private addresses are allowed', async () => {
    const strict = createToolRunner({ secretBox: testSecretBox, loadSealedEnv: sealedEnvLoader(secrets), allowPrivateUrls: false, defaultTimeoutMs: 1000 });
    const result = await strict.execute({ tool: httpTool({ path: '/text' }), modelToolName: 'weather', arguments: { city: 'x' }, signal: neverAborted(), errorDetail: 'full' });
    await strict.close();
    expect(result).toMatchObject({
      ok: false,
      contentForModel: 'Error: refused: 127.0.0.1 is a loopback address; set ALLOW_PRIVATE_TOOL_URLS=true to allow private addresses',
    });
  });

  it('refuses a redirect to the cloud metadata address', async () => {
    const strict = createToolRunner({
      secretBox: testSecretBox,
      loadSealedEnv: sealedEnvLoader(secrets),
      allowPrivateUrls: false,
      defaultTimeoutMs: 1000,
      addressPolicy: (ip) => (ip === '127.0.0.1' ? null : blockNonPublicAddresses(ip)),
    });
    const result = await strict.execute({ tool: httpTool({ path: '/to-private' }), modelToolName: 'weather', arguments: { city: 'x' }, signal: neverAborted(), errorDetail: 'full' });
    await strict.close();
    expect(result.contentForModel).toBe('Error: refused: 169.254.169.254 is a link-local address; set ALLOW_PRIVATE_TOOL_URLS=true to allow private addresses');
  });
});
