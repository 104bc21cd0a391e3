import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/start-server.js';
import { artifactPath } from './support/browser.js';
import { chatDriver } from './support/chat-driver.js';
import { chromiumEnabled, openChatSession, type ChatSession } from './support/chat-session.js';

describe.skipIf(!chromiumEnabled)('chat page at phone width', () => {
  let session: ChatSession;
  let server: TestServer;
  let page: Page;

  beforeAll(async () => {
    session = await openChatSession({ demoTokenDelayMs: 2, context: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } });
    ({ server, page } = session);
  });

  afterAll(() => session?.close());

  it('shows a usable login form', async () => {
    await page.goto(server.baseUrl);
    await chatDriver(page).byTestId('login-form').waitFor();
    await page.screenshot({ path: artifactPath('phone-login.png') });
    const box = await chatDriver(page).byTestId('login-form').boundingBox();
    expect(box!.width).toBeLessThanOrEqual(390);
  });

  it('keeps the chat full width and moves agent details and settings into drawers', async () => {
    const chat = chatDriver(page);
    await chat.logInWithPassword(server.baseUrl, server.adminEmail, server.adminPassword);
    expect(await chat.byTestId('sidebar').isVisible()).toBe(true);
    const sidebarBox = await chat.byTestId('sidebar').boundingBox();
    expect(sidebarBox!.x + sidebarBox!.width).toBeLessThanOrEqual(1);
    const inputBox = await chat.byTestId('message-input').boundingBox();
    expect(inputBox!.width).toBeGreaterThan(250);

    await chat.send('calculator expression=6*7');
    await chat.waitForReplyEnd();
    await chat.send('show me a markdown example');
    await chat.waitForReplyEnd();
    await page.screenshot({ path: artifactPath('phone-chat.png') });

    await chat.byTestId('toggle-sidebar').click();
    await expect.poll(async () => (await chat.byTestId('sidebar').boundingBox())!.x).toBeGreaterThanOrEqual(0);
    await page.waitForTimeout(300);
    await page.screenshot({ path: artifactPath('phone-sidebar-drawer.png') });
    await chat.byTestId('scrim').click({ position: { x: 370, y: 400 } });

    await chat.byTestId('toggle-panel').click();
    await page.waitForTimeout(300);
    const panel = await chat.byTestId('side-panel').boundingBox();
    expect(panel!.x + panel!.width).toBeLessThanOrEqual(391);
    expect(panel!.x).toBeLessThan(390);
    expect(await chat.byTestId('tool-entry').count()).toBe(1);
    await page.screenshot({ path: artifactPath('phone-settings-drawer.png') });
  });
});
