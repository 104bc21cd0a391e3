import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/start-server.js';
import { artifactPath } from './support/browser.js';
import { chatDriver } from './support/chat-driver.js';
import { chromiumEnabled, openChatSession, signInToDemoAgent, type ChatSession } from './support/chat-session.js';
import { echoedBlock } from './support/echoed-block.js';

const PICTURE = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><rect width="40" height="30" fill="#2563eb"/></svg>';

/** A media host that counts what it is asked for, path by path. */
async function countingHost(): Promise<{ origin: string; hits: (path: string) => number; close: () => Promise<void> }> {
  const seen = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0]!;
    seen.set(path, (seen.get(path) ?? 0) + 1);
    response.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'no-store' });
    response.end(PICTURE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: (path) => seen.get(path) ?? 0,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe.skipIf(!chromiumEnabled)('chat page: media from model output loads only from MEDIA_ORIGINS (issue 16 item 4)', () => {
  let session: ChatSession;
  let server: TestServer;
  let page: Page;
  let listed: Awaited<ReturnType<typeof countingHost>>;
  let outside: Awaited<ReturnType<typeof countingHost>>;
  const violations: string[] = [];

  beforeAll(async () => {
    [listed, outside] = await Promise.all([countingHost(), countingHost()]);
    session = await openChatSession({ demoTokenDelayMs: 1, env: { MEDIA_ORIGINS: listed.origin }, context: { viewport: { width: 1280, height: 900 } } });
    ({ server, page } = session);
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) violations.push(`${message.location().url}: ${message.text()}`);
    });
    await signInToDemoAgent(session);
  });

  afterAll(async () => {
    await session?.close();
    await Promise.all([listed?.close(), outside?.close()]);
  });

  async function ask(threadId: string, message: string): Promise<void> {
    const chat = chatDriver(page);
    await chat.openThreadById(threadId);
    await chat.send(message);
    expect(await chat.waitForReplyEnd()).toBe('completed');
  }

  it('serves the page under a policy with no inline script that names the listed origin', async () => {
    const response = await page.goto(server.baseUrl);
    const policy = (await response?.allHeaders())?.['content-security-policy'] ?? '';
    expect(policy).toMatch(/script-src 'self'(;|$)/);
    expect(policy).toMatch(new RegExp(`img-src [^;]*${listed.origin}`));
    await chatDriver(page).byTestId('agent-name').waitFor();
  });

  it('does not fetch an image from an origin not listed until "Load" is clicked', async () => {
    await ask('outside', echoedBlock('image', { src: `${outside.origin}/pic-outside.svg?d=secret`, alt: 'chart' }));
    const box = chatDriver(page).lastAgent().locator('[data-testid="blocked-media"]');
    expect(await box.locator('[data-testid="blocked-media-url"]').textContent()).toBe(`${outside.origin}/pic-outside.svg?d=secret`);
    expect(await chatDriver(page).lastAgent().locator('img').count()).toBe(0);
    await page.waitForTimeout(500);
    expect(outside.hits('/pic-outside.svg')).toBe(0);
    await chatDriver(page).lastAgent().screenshot({ path: artifactPath('media-blocked.png') });

    await box.locator('[data-testid="media-load"]').click();
    await expect.poll(() => outside.hits('/pic-outside.svg')).toBe(1);
    const frame = page.frameLocator('[data-testid="loaded-media"]').last();
    await expect.poll(() => frame.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(40);
    expect(await chatDriver(page).lastAgent().locator('[data-testid="loaded-media"]').getAttribute('sandbox')).toBe('allow-scripts');
    await chatDriver(page).lastAgent().screenshot({ path: artifactPath('media-loaded.png') });
  });

  it('never emits an <img> for a markdown image from an origin not listed', async () => {
    await ask('outside-md', echoedBlock('markdown', `Look: ![leak](${outside.origin}/pic-md.svg?d=secret) and ![fine](${listed.origin}/pic-md-listed.svg)`));
    const reply = chatDriver(page).lastAgent();
    expect(await reply.locator('[data-testid="blocked-media-url"]').textContent()).toBe(`${outside.origin}/pic-md.svg?d=secret`);
    expect(await reply.locator('img').evaluateAll((images) => images.map((img) => img.getAttribute('src')))).toEqual([`${listed.origin}/pic-md-listed.svg`]);
    await expect.poll(() => listed.hits('/pic-md-listed.svg')).toBe(1);
    await page.waitForTimeout(300);
    expect(outside.hits('/pic-md.svg')).toBe(0);
  });

  it('loads an image from a listed origin in place', async () => {
    await ask('listed', echoedBlock('image', { src: `${listed.origin}/pic-listed.svg`, alt: 'listed' }));
    const image = chatDriver(page).lastAgent().locator('[data-testid="block-image"] img');
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(40);
    expect(listed.hits('/pic-listed.svg')).toBe(1);
    expect(await chatDriver(page).lastAgent().locator('[data-testid="blocked-media"]').count()).toBe(0);
  });

  it('left the page nothing its policy had to refuse', () => {
    expect(violations).toEqual([]);
  });

  it('keeps an HTML block to the listed origins too, while its scripts still run', async () => {
    await ask('html-media', echoedBlock('html', `<p id="m">wait</p><img src="${outside.origin}/pic-frame.svg"><img id="ok" src="${listed.origin}/pic-frame-listed.svg"><script>document.getElementById("m").textContent="script ran"</script>`));
    const frame = page.frameLocator('[data-testid="block-html"] iframe').last();
    await expect.poll(() => frame.locator('#m').textContent()).toBe('script ran');
    await expect.poll(() => listed.hits('/pic-frame-listed.svg')).toBe(1);
    await page.waitForTimeout(300);
    expect(outside.hits('/pic-frame.svg')).toBe(0);
  });

  it('gives the sandbox frame its own strict policy and refuses a bad origin list with a 400', async () => {
    const good = await fetch(`${server.baseUrl}/sandbox-frame?media=${encodeURIComponent(listed.origin)}`);
    expect(good.status).toBe(200);
    const policy = good.headers.get('content-security-policy') ?? '';
    expect(policy).toContain('sandbox allow-scripts');
    expect(policy).toContain("connect-src 'none'");
    expect(policy).toContain(`img-src 'self' data: blob: ${listed.origin}`);
    for (const bad of ['javascript:alert(1)', 'https://x.test/path', "https://x.test; script-src *", 'x'.repeat(9000)]) {
      const response = await fetch(`${server.baseUrl}/sandbox-frame?media=${encodeURIComponent(bad)}`);
      expect(response.status, bad.slice(0, 40)).toBe(400);
    }
  });
});
