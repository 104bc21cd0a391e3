import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { chromiumPath, serviceAvailable } from '../../support/requirements.js';
import { startTestServer, type TestServer } from '../../support/start-server.js';
import { launchChromium } from './browser.js';
import { chatDriver } from './chat-driver.js';
import { ensureWebBuild } from './web-build.js';

/** Whether the browser suites can run here (they print a "skipped:" line otherwise; CI=true fails instead). */
export const chromiumEnabled = serviceAvailable('Chromium', Boolean(chromiumPath()), 'install Debian chromium or set CHROMIUM_PATH');

export interface ChatSession {
  server: TestServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * What every chat-page suite starts with: the built page, a test server whose demo model writes a word
 * every `demoTokenDelayMs`, and one Chromium page. Whatever started is stopped again if a later step fails.
 */
export async function openChatSession(options: { demoTokenDelayMs: number; context: BrowserContextOptions; env?: Record<string, string> }): Promise<ChatSession> {
  await ensureWebBuild();
  const server = await startTestServer({ env: { ...options.env, DEMO_TOKEN_DELAY_MS: String(options.demoTokenDelayMs) } });
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const context = await browser.newContext(options.context);
    const page = await context.newPage();
    const opened = browser;
    return {
      server,
      browser: opened,
      context,
      page,
      async close() {
        await opened.close();
        await server.stop();
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await server.stop();
    throw error;
  }
}

/** Signs in on the page as the bootstrap admin and opens the demo agent; its id. */
export async function signInToDemoAgent(session: ChatSession): Promise<string> {
  const chat = chatDriver(session.page);
  await chat.logInWithPassword(session.server.baseUrl, session.server.adminEmail, session.server.adminPassword);
  return chat.pickAgent('Demo agent');
}
