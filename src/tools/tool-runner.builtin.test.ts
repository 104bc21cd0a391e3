import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../test/fakes/tools/local-http-server.js';
import { makeTool, sealedEnvLoader, testSecretBox } from '../../test/fakes/tools/tool-fixtures.js';
import { createToolRunner, type ClosableToolRunner } from './tool-runner.js';

const neverAborted = () => new AbortController().signal;
const builtin = (name: 'calculator' | 'current_time' | 'fetch_url', description = '') =>
  makeTool({ kind: 'builtin', name, description, config: { builtin: name } });
const options = { secretBox: testSecretBox, loadSealedEnv: sealedEnvLoader({}), defaultTimeoutMs: 2000 };

let page: LocalServer;
let open: ClosableToolRunner;
let strict: ClosableToolRunner;

beforeAll(async () => {
  page = await startLocalServer((req, res) => {
    if (req.url === '/article') {
      return void res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end('<html><head><title>News</title><script>var x=1</script></head><body><h1>Big day</h1><p>Things &amp; stuff.</p></body></html>');
    }
    if (req.url === '/huge') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('y'.repeat(300 * 1024));
    if (req.url === '/hang') return;
    res.writeHead(404, { 'content-type': 'text/plain' }).end('gone');
  });
  open = createToolRunner({ ...options, allowPrivateUrls: true, now: () => new Date('2024-03-10T12:00:00Z') });
  strict = createToolRunner({ ...options, allowPrivateUrls: false });
});
afterAll(async () => {
  await Promise.all([open.close(), strict.close()]);
  await page.close();
});

describe('builtin tools', () => {
  it('describe themselves with a default description and schema', async () => {
    const [spec] = await open.describe(builtin('calculator'), neverAborted());
    expect(spec).toMatchObject({ name: 'calculator', parameters: { required: ['expression'] } });
    expect(spec!.description).toMatch(/arithmetic/);
    expect((await open.describe(builtin('calculator', 'Mine'), neverAborted()))[0]!.description).toBe('Mine');
  });

  it('calculates', async () => {
    const result = await open.execute({ tool: builtin('calculator'), modelToolName: 'calculator', arguments: { expression: '2 * (3 + 4) ^ 2' }, signal: neverAborted(), errorDetail: 'full' });
    expect(result).toEqual({ ok: true, output: { expression: '2 * (3 + 4) ^ 2', result: 98 }, contentForModel: '98', blocks: [] });
  });

  it('explains a calculation it cannot do', async () => {
    const result = await open.execute({ tool: builtin('calculator'), modelToolName: 'calculator', arguments: { expression: '1/0' }, signal: neverAborted(), errorDetail: 'full' });
    expect(result).toMatchObject({ ok: false, contentForModel: 'Error: cannot calculate "1/0": division by zero' });
    const missing = await open.execute({ tool: builtin('calculator'), modelToolName: 'calculator', arguments: {}, signal: neverAborted(), errorDetail: 'full' });
    expect(missing.contentForModel).toMatch(/expression is required/);
  });

  it('tells the current time in a time zone', async () => {
    const result = await open.execute({ tool: builtin('current_time'), modelToolName: 'current_time', arguments: { timezone: 'Asia/Tokyo' }, signal: neverAborted(), errorDetail: 'full' });
    expect(result.ok).toBe(true);
    expect(result.output).toMatchObject({ iso: '2024-03-10T12:00:00.000Z', timezone: 'Asia/Tokyo' });
    expect((result.output as { formatted: string }).formatted).toMatch(/Sunday, March 10, 2024 at 9:00:00\sPM GMT\+9/);
    const bad = await open.execute({ tool: builtin('current_time'), modelToolName: 'current_time', arguments: { timezone: 'Mars/Base' }, signal: neverAborted(), errorDetail: 'full' });
    expect(bad.contentForModel).toMatch(/unknown time zone "Mars\/Base"/);
  });

  it('refuses a call under another name', async () => {
    const result = await open.execute({ tool: builtin('calculator'), modelToolName: 'other', arguments: {}, signal: neverAborted(), errorDetail: 'full' });
    expect(result.ok).toBe(false);
  });
});

describe('fetch_url', () => {
  const fetchUrl = (runner: ClosableToolRunner, url: string, signal = neverAborted()) =>
    runner.execute({ tool: builtin('fetch_url'), modelToolName: 'fetch_url', arguments: { url }, signal, errorDetail: 'full' });

  it('returns a page as text with status and content type', async () => {
    const result = await fetchUrl(open, `${page.origin}/article`);
    expect(result.ok).toBe(true);
    expect(result.output).toEqual({ status: 200, content_type: 'text/html; charset=utf-8', text: 'News\n\nBig day\n\nThings & stuff.' });
  });

  it('caps the size at 256 KiB with a note', async () => {
    const result = await fetchUrl(open, `${page.origin}/huge`);
    const output = result.output as { text: string; truncated: boolean };
    expect(output.truncated).toBe(true);
    expect(output.text).toHaveLength(256 * 1024 + '\n[truncated: the response was larger than 256 KiB]'.length);
  });

  it('reports a missing page as ok:false with its status', async () => {
    expect(await fetchUrl(open, `${page.origin}/nope`)).toMatchObject({ ok: false, output: { status: 404, text: 'gone' } });
  });

  it('gives up on a page that never answers when the caller cancels', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    expect(await fetchUrl(open, `${page.origin}/hang`, controller.signal)).toMatchObject({ ok: false, contentForModel: 'Error: cancelled' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it.each([
    ['http://127.0.0.1:{port}/article', 'refused: 127.0.0.1 is a loopback address; set ALLOW_PRIVATE_TOOL_URLS=true to allow private addresses'],
    ['http://[::1]:{port}/article', 'refused: ::1 is a loopback address'],
    ['http://10.0.0.1/', 'refused: 10.0.0.1 is a private address'],
    ['http://169.254.169.254/latest/meta-data/', 'refused: 169.254.169.254 is a link-local address'],
    ['http://localhost:{port}/article', 'refused: localhost resolves to'],
  ])('refuses %s when private addresses are not allowed', async (url, message) => {
    const result = await fetchUrl(strict, url.replace('{port}', String(page.port)));
    expect(result.ok).toBe(false);
    expect(result.contentForModel).toContain(`Error: ${message}`);
  });

  it('reaches localhost when private addresses are allowed', async () => {
    expect(await fetchUrl(open, `http://localhost:${page.port}/article`)).toMatchObject({ ok: true });
  });

  it('explains a url that is not absolute', async () => {
    expect((await fetchUrl(open, 'example.com')).contentForModel).toBe('Error: "example.com" is not an absolute URL; include https://');
  });
});
