import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

/** Page-level helpers that read like the steps a person takes. */
export function chatDriver(page: Page) {
  const byTestId = (id: string): Locator => page.locator(`[data-testid="${id}"]`);
  const lastAgent = (): Locator => byTestId('message-assistant').last();

  return {
    byTestId,
    lastAgent,

    async logInWithPassword(baseUrl: string, email: string, password: string): Promise<void> {
      await page.goto(baseUrl);
      await byTestId('login-email').fill(email);
      await byTestId('login-password').fill(password);
      await byTestId('login-submit').click();
      await byTestId('agent-name').waitFor();
    },

    async logInWithToken(baseUrl: string, token: string): Promise<void> {
      await page.goto(baseUrl);
      await byTestId('login-mode-token').click();
      await byTestId('login-token').fill(token);
      await byTestId('login-submit').click();
      await byTestId('agent-name').waitFor();
    },

    async pickAgent(name: string): Promise<string> {
      const select = byTestId('agent-select');
      const value = await select.locator('option', { hasText: name }).first().getAttribute('value');
      if (!value) throw new Error(`no agent named ${name}`);
      await select.selectOption(value);
      await page.waitForFunction((n) => document.querySelector('[data-testid="agent-name"]')?.textContent === n, name);
      return value;
    },

    /** Type into the thread-id setting and confirm, as a person would. */
    async openThreadById(threadId: string): Promise<void> {
      const input = byTestId('settings-thread-id');
      await input.fill(threadId);
      await input.press('Tab');
      await page.waitForFunction((id) => document.querySelector('[data-testid="chat-thread"]')?.textContent === `# ${id}`, threadId);
      await page.waitForFunction(() => !document.querySelector('[data-testid="chat-empty"]')?.textContent?.includes('Loading'));
    },

    async send(text: string): Promise<void> {
      const before = await byTestId('message-assistant').count();
      await byTestId('message-input').fill(text);
      await byTestId('message-input').press('Enter');
      await expect.poll(() => byTestId('message-assistant').count()).toBeGreaterThan(before);
    },

    /** Waits for the newest reply to end and returns its outcome. */
    async waitForReplyEnd(timeoutMs = 20_000): Promise<string> {
      await page.waitForFunction(() => {
        const all = document.querySelectorAll('[data-testid="message-assistant"]');
        return all[all.length - 1]?.getAttribute('data-outcome') != null;
      }, undefined, { timeout: timeoutMs });
      return (await lastAgent().getAttribute('data-outcome')) ?? '';
    },

    /** The newest answer as the reader sees it (answers are rendered markdown: paragraphs read as blank lines). */
    async lastAgentText(): Promise<string> {
      return lastAgent().locator('[data-testid="message-text"]').innerText();
    },

    /** Samples the newest reply's text on every animation frame until it ends (done inside the page, so nothing is missed). */
    async observeReplyGrowth(): Promise<string[]> {
      return page.evaluate(
        () =>
          new Promise<string[]>((resolve) => {
            const seen: string[] = [];
            const tick = (): void => {
              const all = document.querySelectorAll('[data-testid="message-assistant"]');
              const last = all[all.length - 1];
              const text = last?.querySelector('[data-testid="message-text"]')?.textContent ?? '';
              if (seen[seen.length - 1] !== text) seen.push(text);
              if (last?.getAttribute('data-outcome') != null) resolve(seen);
              else requestAnimationFrame(tick);
            };
            tick();
          }),
      );
    },
  };
}
