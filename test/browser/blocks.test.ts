import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/start-server.js';
import { artifactPath } from './support/browser.js';
import { chatDriver } from './support/chat-driver.js';
import { chromiumEnabled, openChatSession, signInToDemoAgent, type ChatSession } from './support/chat-session.js';
import { echoedBlock } from './support/echoed-block.js';

describe.skipIf(!chromiumEnabled)('chat page: special content blocks and the XSS corpus', () => {
  let session: ChatSession;
  let server: TestServer;
  let page: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    session = await openChatSession({ demoTokenDelayMs: 2, context: { viewport: { width: 1280, height: 900 } } });
    ({ server, page } = session);
    // Offline tests: outside hosts (the demo video) are refused quickly instead of timing out.
    await session.context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await signInToDemoAgent(session);
  });

  afterAll(() => session?.close());

  async function askInFreshThread(threadId: string, message: string): Promise<void> {
    const chat = chatDriver(page);
    await chat.openThreadById(threadId);
    await chat.send(message);
    expect(await chat.waitForReplyEnd()).toBe('completed');
  }

  const shot = async (name: string): Promise<void> => {
    await page.waitForTimeout(300);
    await chatDriver(page).lastAgent().screenshot({ path: artifactPath(`block-${name}.png`) });
  };

  it('renders an image block with its caption', async () => {
    await askInFreshThread('img', 'show me an image example');
    const block = chatDriver(page).lastAgent().locator('[data-testid="block-image"]');
    await block.waitFor();
    const image = block.locator('img');
    expect(await image.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    expect(await block.locator('figcaption').textContent()).toContain('Switchboard demo image');
    await shot('image');
  });

  it('renders a video block with controls and a caption; one from an outside address waits for Load', async () => {
    // The demo's clip is served by the server itself, so it plays in place.
    await askInFreshThread('vid', 'video example please');
    const demo = chatDriver(page).lastAgent().locator('[data-testid="block-video"]');
    await demo.waitFor();
    const src = await demo.locator('video').getAttribute('src');
    expect(src?.startsWith(`${server.baseUrl}/`)).toBe(true);
    expect(await demo.locator('video').evaluate((v: HTMLVideoElement) => v.controls)).toBe(true);
    expect(await demo.locator('figcaption').textContent()).toBeTruthy();
    await shot('video');
    // The same block from another site (MEDIA_ORIGINS lists none here) shows its address and "Load".
    await askInFreshThread('vid2', echoedBlock('video', { src: 'https://media.example.test/clip.mp4', alt: 'Clip', additional: 'Outside clip' }));
    const outside = chatDriver(page).lastAgent().locator('[data-testid="block-video"]');
    await outside.waitFor();
    expect(await outside.locator('video').count()).toBe(0);
    expect(await outside.locator('[data-testid="blocked-media-url"]').textContent()).toBe('https://media.example.test/clip.mp4');
    expect(await outside.locator('figcaption').textContent()).toBe('Clip — Outside clip');
    await shot('video-blocked');
  });

  it('renders a markdown block as formatted, sanitized HTML', async () => {
    await askInFreshThread('md', 'a markdown example');
    const block = chatDriver(page).lastAgent().locator('[data-testid="block-markdown"]');
    await block.waitFor();
    expect(await block.locator('h1').textContent()).toBe('Demo markdown');
    expect(await block.locator('li').count()).toBe(2);
    expect(await block.locator('strong').count()).toBeGreaterThan(0);
    expect(await block.locator('pre code').textContent()).toContain("console.log('hello from the demo model')");
    await shot('markdown');
  });

  it('runs an HTML block\'s script inside a sandboxed frame without same-origin', async () => {
    await askInFreshThread('htm', 'an html example');
    const block = chatDriver(page).lastAgent().locator('[data-testid="block-html"]');
    await block.waitFor();
    expect(await block.locator('iframe').getAttribute('sandbox')).toBe('allow-scripts');
    const frame = page.frameLocator('[data-testid="block-html"] iframe').last();
    await frame.locator('#demo-button').click();
    await expect.poll(() => frame.locator('#demo-text').textContent()).toBe('You clicked the button.');
    // The frame reported its height, so the card is not cut off.
    await expect.poll(() => block.locator('iframe').evaluate((f: HTMLIFrameElement) => f.getBoundingClientRect().height)).toBeGreaterThan(100);
    await shot('html');
  });

  it('renders a JSON block pretty-printed and collapsible', async () => {
    await askInFreshThread('jsn', 'json example');
    const block = chatDriver(page).lastAgent().locator('[data-testid="block-json"]');
    await block.waitFor();
    const pre = block.locator('pre');
    expect(await pre.textContent()).toContain('"deterministic": true');
    expect(await pre.textContent()).toContain('\n  "agent": {\n    "name": "Demo agent"');
    await shot('json');
    await block.locator('summary').click();
    expect(await pre.isVisible()).toBe(false);
  });

  it('shows an error box for a block with invalid JSON or a forbidden source', async () => {
    await askInFreshThread('bad', `first !#block#!{"type": oops}!#/block#! then ${echoedBlock('image', { src: 'javascript:alert(1)' })} end`);
    const errors = chatDriver(page).lastAgent().locator('[data-testid="block-error"]');
    await expect.poll(() => errors.count()).toBeGreaterThanOrEqual(2);
    expect(await errors.first().isVisible()).toBe(true);
    expect(await chatDriver(page).lastAgent().locator('img').count()).toBe(0);
    await shot('errors');
  });

  it('runs nothing from the XSS corpus in the page\'s origin', async () => {
    await page.evaluate(() => localStorage.clear());
    const markers = () =>
      page.evaluate(() => ({
        flag: (window as unknown as { __xss?: unknown }).__xss ?? null,
        title: document.title,
        localStorage: Object.keys(localStorage),
        cookie: document.cookie,
      }));
    const sandboxProbe = echoedBlock(
      'html',
      '<p id="probe">probing</p><script>var r=[];' +
        "function t(n,f){try{f();r.push(n+':allowed')}catch(e){r.push(n+':blocked')}}" +
        "t('parent-title',function(){parent.document.title='pwned'});" +
        "t('parent-flag',function(){parent.__xss='frame'});" +
        "t('local-storage',function(){localStorage.setItem('pwned','1')});" +
        "t('parent-local-storage',function(){parent.localStorage.setItem('pwned','1')});" +
        "t('parent-session-token',function(){r.push(String(parent.sessionStorage.length))});" +
        "t('cookie',function(){document.cookie='pwned=1';if(document.cookie.indexOf('pwned')<0)throw 0});" +
        "try{top.location.href='about:blank#pwned'}catch(e){}" +
        "document.getElementById('probe').textContent=r.join(' ');</script>",
    );
    const corpus = [
      '<img src=x onerror="window.__xss=1;alert(1)">',
      '<script>window.__xss=2</script>',
      '<svg onload="window.__xss=3"></svg><iframe src="javascript:parent.__xss=4"></iframe>',
      '"><a href="javascript:window.__xss=5" data-testid="evil-link">click</a><style>body{display:none}</style>',
      echoedBlock('markdown', '<img src=x onerror="parent.__xss=7"> [click me](javascript:window.__xss=8) <a href="javascript:window.__xss=9">raw link</a> <iframe srcdoc="<script>parent.__xss=10</script>"></iframe> <form action="javascript:window.__xss=11"><button>go</button></form>'),
      echoedBlock('video', { src: 'javascript:window.__xss=12' }),
      echoedBlock('image', { src: 'data:application/xhtml+xml,<script>window.__xss=13</script>' }),
      sandboxProbe,
    ];
    const chat = chatDriver(page);
    await chat.openThreadById('xss');
    for (const payload of corpus) {
      await chat.send(payload);
      expect(await chat.waitForReplyEnd()).toBe('completed');
    }
    // Click every link the agent produced; none may run script.
    for (const link of await page.locator('[data-testid="message-assistant"] a').all()) await link.click({ timeout: 2000 }).catch(() => undefined);
    await page.waitForTimeout(500);

    // The plain payloads came back as visible text, not markup.
    const replies = page.locator('[data-testid="message-assistant"] [data-testid="message-text"]');
    expect(await replies.nth(0).textContent()).toContain('<img src=x onerror="window.__xss=1;alert(1)">');
    expect(await replies.nth(1).textContent()).toContain('<script>window.__xss=2</script>');
    expect(await page.locator('[data-testid="messages"] script, [data-testid="messages"] [onerror], [data-testid="messages"] svg[onload], [data-testid="messages"] form, [data-testid="messages"] style').count()).toBe(0);
    expect(await page.locator('[data-testid="messages"] a[href^="javascript"], [data-testid="messages"] iframe:not([sandbox="allow-scripts"])').count()).toBe(0);
    expect(await page.locator('[data-testid="block-error"]').count()).toBeGreaterThanOrEqual(2);

    const frame = page.frameLocator('[data-testid="block-html"] iframe').last();
    await expect.poll(() => frame.locator('#probe').textContent()).not.toBe('probing');
    const probe = (await frame.locator('#probe').textContent()) ?? '';
    expect(probe).not.toContain(':allowed');
    expect(probe).toContain('parent-title:blocked');
    expect(probe).toContain('local-storage:blocked');
    expect(probe).toContain('cookie:blocked');

    expect(await markers()).toEqual({ flag: null, title: 'Switchboard', localStorage: [], cookie: '' });
    expect(dialogs).toEqual([]);
    expect(page.url()).not.toContain('pwned');
    await page.screenshot({ path: artifactPath('xss-corpus.png'), fullPage: false });
  });
});
