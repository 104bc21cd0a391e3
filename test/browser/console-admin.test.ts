import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/start-server.js';
import { artifactPath } from './support/browser.js';
import { chatDriver } from './support/chat-driver.js';
import { chromiumEnabled, openChatSession, type ChatSession } from './support/chat-session.js';
import { consoleDriver } from './support/console-driver.js';

/** The console's account, user and run controls: a token shown once and revoked, a user disabled, a run cancelled. */
describe.skipIf(!chromiumEnabled)('console: tokens, users and cancelling a run', () => {
  let session: ChatSession;
  let server: TestServer;
  let page: Page;

  beforeAll(async () => {
    session = await openChatSession({ demoTokenDelayMs: 150, context: { viewport: { width: 1100, height: 850 } } });
    ({ server, page } = session);
  });

  afterAll(() => session?.close());

  const ui = () => consoleDriver(page, server.baseUrl);

  it('creates an API token that is shown once, then revokes it', async () => {
    await ui().logIn(server.adminEmail, server.adminPassword, '#/account');
    await ui().byTestId('token-name').fill('laptop');
    await ui().byTestId('token-create').click();
    const value = (await ui().byTestId('token-value').textContent()) ?? '';
    expect(value.length).toBeGreaterThan(20);
    const row = page.locator('[data-testid="token-row"]', { hasText: 'laptop' });
    await row.waitFor();
    expect(await row.textContent()).not.toContain(value);
    // The token works until it is revoked.
    expect((await fetch(`${server.baseUrl}/me`, { headers: { authorization: `Bearer ${value}` } })).status).toBe(200);
    await row.locator('[data-testid="token-revoke"]').click();
    await expect.poll(() => row.count()).toBe(0);
    expect((await fetch(`${server.baseUrl}/me`, { headers: { authorization: `Bearer ${value}` } })).status).toBe(401);
    await ui().goto('#/agents', 'agents-screen');
    await ui().goto('#/account', 'account-screen');
    expect(await page.content()).not.toContain(value);
  });

  it('creates a user, disables them and sets a new password', async () => {
    await ui().goto('#/users', 'users-screen');
    await ui().byTestId('new-user-email').fill('temp@example.test');
    await ui().byTestId('new-user-submit').click();
    const row = page.locator('[data-testid="user-row"][data-email="temp@example.test"]');
    await row.waitFor();
    const token = (await ui().byTestId('new-user-token-value').textContent()) ?? '';
    expect((await fetch(`${server.baseUrl}/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    await row.locator('[data-testid="user-toggle"]').click();
    await expect.poll(() => row.textContent()).toContain('Disabled');
    expect((await fetch(`${server.baseUrl}/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    await row.locator('[data-testid="user-password"]').fill('a-brand-new-password');
    await row.locator('[data-testid="user-reset-password"]').click();
    // Hashing a password at the OWASP cost takes a while on a loaded machine.
    await expect.poll(() => ui().byTestId('form-message').textContent(), { timeout: 10_000 }).toContain('New password set');
    await page.screenshot({ path: artifactPath('console-users-managed.png'), fullPage: true });
  });

  it('cancels a running run from its page in the runs view', async () => {
    await ui().goto('#/chat', 'app');
    const chat = chatDriver(page);
    await page.waitForFunction(() => document.querySelector('[data-testid="agent-name"]')?.textContent === 'Demo agent');
    await chat.send(`Please say back all of these words slowly: ${'word '.repeat(60)}`);
    await ui().byTestId('open-console').click();
    await ui().goto('#/runs?status=running', 'runs-screen');
    const running = page.locator('[data-testid="run-row"][data-status="running"]').first();
    await running.waitFor();
    await running.locator('[data-testid="run-link"]').click();
    await ui().byTestId('run-cancel').click();
    await expect.poll(() => ui().byTestId('run-facts').getAttribute('data-status'), { timeout: 10_000 }).toBe('cancelled');
    const replay = page.locator('[data-testid="run-detail"] [data-testid="message-assistant"]');
    await expect.poll(() => replay.getAttribute('data-outcome')).toBe('cancelled');
    await page.screenshot({ path: artifactPath('console-run-cancelled.png'), fullPage: true });
  });
});
