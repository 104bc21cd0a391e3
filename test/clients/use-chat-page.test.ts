import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../browser/support/browser.js';
import { apiClient } from '../support/api.js';
import { chromiumPath, serviceAvailable } from '../support/requirements.js';
import { startTestServer, type TestServer } from '../support/start-server.js';
import { demoAgentId } from '../run-engine/helpers.js';
import { startStaticPageServer, type StaticPageServer } from './static-page-server.js';

const available = serviceAvailable('Chromium', chromiumPath() !== undefined, 'set CHROMIUM_PATH');

describe.runIf(available)('a useChat page (@ai-sdk/react) on another origin, in Chromium', () => {
  let server: TestServer;
  let pages: StaticPageServer;
  let browser: Browser;
  let agentId: string;
  const outDir = mkdtempSync(join(tmpdir(), 'use-chat-page-'));
  const pageUrl = (chat: string) =>
    `${pages.origin}/?${new URLSearchParams({ api: server.baseUrl, token: server.adminToken, agent: agentId, chat }).toString()}`;

  beforeAll(async () => {
    await build({ root: fileURLToPath(new URL('./use-chat-page/', import.meta.url)), logLevel: 'warn', base: './', build: { outDir, emptyOutDir: true, minify: false } });
    pages = await startStaticPageServer({ root: outDir });
    server = await startTestServer({ env: { CORS_ORIGINS: pages.origin, DEMO_TOKEN_DELAY_MS: '15' } });
    agentId = await demoAgentId(apiClient(server.baseUrl, server.adminToken));
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await pages?.close();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('streams a reply and shows the server-side tool call as a tool part', async () => {
    const tab = await browser.newPage();
    try {
      await tab.goto(pageUrl('browser-tool'));
      await tab.fill('#input', 'calculator expression="6*7"');
      await tab.click('#send');
      await tab.locator('.tool[data-state="output-available"]').waitFor({ timeout: 15_000 });
      expect(await tab.locator('.tool').textContent()).toContain('calculator');
      await tab.waitForFunction(() => document.body.dataset.chatStatus === 'ready' && document.querySelector('[data-role="assistant"] .text') !== null);
      expect(await tab.locator('[data-role="assistant"] .text').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('42')]));
      expect(await tab.locator('.error').count()).toBe(0);
    } finally {
      await tab.close();
    }
  });

  it('survives a reload mid-answer: resume: true replays the reply and follows it to the end', async () => {
    const tab = await browser.newPage();
    const api = apiClient(server.baseUrl, server.adminToken);
    try {
      await tab.goto(pageUrl('browser-resume'));
      await tab.fill('#input', `Please repeat: ${'words that take a while to stream '.repeat(30)}`);
      await tab.click('#send');
      await tab.waitForFunction(() => (document.querySelector('[data-role="assistant"] .text')?.textContent ?? '').length > 20);
      const threads = await api.get(`/agents/${agentId}/threads`);
      expect(threads.body.find((t: { thread_id: string }) => t.thread_id === 'browser-resume').running_run_id).toBeTruthy();
      await tab.reload();
      await tab.waitForFunction(() => (document.querySelector('[data-role="assistant"] .text')?.textContent ?? '').length > 0, undefined, { timeout: 15_000 });
      await tab.waitForFunction(() => document.body.dataset.chatStatus === 'ready', undefined, { timeout: 20_000 });
      const shown = (await tab.locator('[data-role="assistant"] .text').allTextContents()).join('');
      const stored = await api.get(`/agents/${agentId}/threads/browser-resume/messages`);
      const answer = stored.body.at(-1);
      expect(answer).toMatchObject({ role: 'assistant', outcome: 'completed' });
      expect(shown).toBe(answer.content);
    } finally {
      await tab.close();
    }
  });
});
