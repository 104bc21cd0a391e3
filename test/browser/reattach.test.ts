import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api.js';
import type { TestServer } from '../support/start-server.js';
import { artifactPath } from './support/browser.js';
import { chatDriver } from './support/chat-driver.js';
import { chromiumEnabled, openChatSession, signInToDemoAgent, type ChatSession } from './support/chat-session.js';

// 80 words at 60 ms a token: the reply takes about five seconds, long enough to reload in the middle.
const LONG_MESSAGE = Array.from({ length: 80 }, (_, i) => `word${i + 1}`).join(' ');

describe.skipIf(!chromiumEnabled)('chat page: re-attaching to a reply that is still being written', () => {
  let session: ChatSession;
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let demoAgentId: string;

  beforeAll(async () => {
    session = await openChatSession({ demoTokenDelayMs: 60, context: { viewport: { width: 1280, height: 760 } } });
    ({ server, browser, context, page } = session);
    demoAgentId = await signInToDemoAgent(session);
  });

  afterAll(() => session?.close());

  const stored = async (threadId: string) =>
    (await apiClient(server.baseUrl, server.adminToken).get(`/agents/${demoAgentId}/threads/${threadId}/messages`)).body as Array<{ role: string; content: string; run_id: string | null; outcome: string | null }>;

  /** Sends the long message and returns once the reply has started showing, with its run id. */
  async function startSlowReply(p: Page, threadId: string): Promise<string> {
    const chat = chatDriver(p);
    await chat.openThreadById(threadId);
    await chat.send(LONG_MESSAGE);
    await p.waitForFunction(() => {
      const all = document.querySelectorAll('[data-testid="message-assistant"] [data-testid="message-text"]');
      return (all[all.length - 1]?.textContent ?? '').includes('word4 ');
    });
    const runId = await chat.lastAgent().getAttribute('data-run-id');
    expect(runId).toBeTruthy();
    return runId!;
  }

  const streamRequests = (p: Page): Request[] => {
    const seen: Request[] = [];
    p.on('request', (request) => {
      if (/\/runs\/[^/]+\/stream/.test(request.url())) seen.push(request);
    });
    return seen;
  };

  /** Waits until the page shows the re-attached bubble for `runId`, still streaming. */
  async function waitForReattached(p: Page, runId: string): Promise<void> {
    await p.waitForFunction((id) => document.querySelector(`[data-testid="message-assistant"][data-run-id="${id}"]`) !== null, runId);
  }

  it('re-attaches after a reload mid-reply: the bubble keeps growing and ends with the stored answer, once', async () => {
    const chat = chatDriver(page);
    const runId = await startSlowReply(page, 'reload');
    const shownBeforeReload = await chat.lastAgentText();
    expect(shownBeforeReload).not.toContain('word80');

    const joins = streamRequests(page);
    await page.reload();
    await chat.byTestId('agent-name').waitFor();
    await waitForReattached(page, runId);
    // The reload came back to the same thread, and the page behaves as during any run.
    expect(await chat.byTestId('chat-thread').textContent()).toBe('# reload');
    expect(await chat.lastAgent().getAttribute('data-outcome')).toBeNull();
    expect(await chat.byTestId('message-input').isDisabled()).toBe(true);
    expect(await chat.byTestId('stop-button').isVisible()).toBe(true);
    await page.screenshot({ path: artifactPath('desktop-reattached.png') });

    const growth = (await chat.observeReplyGrowth()).filter((text) => text !== '');
    expect(growth.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < growth.length; i += 1) expect(growth[i]!.startsWith(growth[i - 1]!)).toBe(true);
    expect(await chat.waitForReplyEnd()).toBe('completed');

    // Joined from the start, without a Last-Event-ID: the replay drew the words shown before the reload.
    expect(joins).toHaveLength(1);
    expect(joins[0]!.url()).toContain(`/runs/${runId}/stream`);
    expect(Number((await joins[0]!.headerValue('last-event-id')) ?? '0')).toBe(0);

    const shown = await chat.lastAgentText();
    const answer = (await stored('reload')).filter((m) => m.role === 'assistant').at(-1);
    expect(answer?.run_id).toBe(runId);
    expect(shown).toBe(answer?.content);
    expect(shown.startsWith(shownBeforeReload)).toBe(true);
    expect(shown.match(/You said:/g)).toHaveLength(1);
    expect(shown).toContain('word80');
    expect(await chat.byTestId('message-user').count()).toBe(1);
    expect(await chat.byTestId('message-assistant').count()).toBe(1);
    expect(await chat.byTestId('message-user').locator('[data-testid="message-text"]').textContent()).toBe(LONG_MESSAGE);
    // After `end` the page is as after a normal run.
    expect(await chat.byTestId('status-text').textContent()).toBe('Done');
    expect(await chat.byTestId('message-input').isDisabled()).toBe(false);
    expect(await chat.byTestId('stop-button').isVisible()).toBe(false);
  });

  it('shows the same live reply in a second tab that opens the thread while it is being written', async () => {
    const chat = chatDriver(page);
    const runId = await startSlowReply(page, 'tabs');

    const second = await context.newPage();
    const other = chatDriver(second);
    await other.logInWithPassword(server.baseUrl, server.adminEmail, server.adminPassword);
    await other.pickAgent('Demo agent');
    // Picking the thread from the list, as a person would.
    await other.byTestId('thread-item').and(second.locator('[data-thread-id="tabs"]')).click();
    await waitForReattached(second, runId);
    expect(await other.byTestId('message-input').isDisabled()).toBe(true);
    expect(await other.byTestId('stop-button').isVisible()).toBe(true);
    const growth = (await other.observeReplyGrowth()).filter((text) => text !== '');
    expect(growth.length).toBeGreaterThanOrEqual(5);

    expect(await other.waitForReplyEnd()).toBe('completed');
    expect(await chat.waitForReplyEnd()).toBe('completed');
    const answer = (await stored('tabs')).filter((m) => m.role === 'assistant').at(-1)?.content;
    expect(await other.lastAgentText()).toBe(answer);
    expect(await chat.lastAgentText()).toBe(answer);
    expect(await other.byTestId('message-user').count()).toBe(1);
    expect(await other.byTestId('message-assistant').count()).toBe(1);
    expect(await other.byTestId('status-text').textContent()).toBe('Done');
    expect(await other.byTestId('message-input').isDisabled()).toBe(false);
    await second.close();
  });

  it('stops a re-attached reply with Stop: the partial answer shown is the one stored', async () => {
    const chat = chatDriver(page);
    const runId = await startSlowReply(page, 'stop-after-reload');
    await page.reload();
    await waitForReattached(page, runId);
    await page.waitForFunction(() => {
      const all = document.querySelectorAll('[data-testid="message-assistant"] [data-testid="message-text"]');
      return (all[all.length - 1]?.textContent ?? '').includes('word8 ');
    });
    await chat.byTestId('stop-button').click();
    expect(await chat.waitForReplyEnd()).toBe('cancelled');
    const shown = await chat.lastAgentText();
    expect(shown).not.toContain('word80');
    const answer = (await stored('stop-after-reload')).filter((m) => m.role === 'assistant').at(-1);
    expect(answer?.outcome).toBe('cancelled');
    // Rendered markdown drops the trailing space of a stopped answer.
    expect(shown).toBe(answer?.content.trimEnd());
    expect(await chat.byTestId('status-text').textContent()).toBe('Stopped');
    expect(await chat.byTestId('message-assistant').count()).toBe(1);
  });

  it('shows a finished thread from its history only, without joining any run', async () => {
    const chat = chatDriver(page);
    const joins = streamRequests(page);
    await page.reload();
    await chat.byTestId('agent-name').waitFor();
    await expect.poll(() => chat.byTestId('message-assistant').count()).toBe(1);
    expect(await chat.byTestId('chat-thread').textContent()).toBe('# stop-after-reload');
    await page.waitForTimeout(300);
    expect(joins).toHaveLength(0);
    expect(await chat.byTestId('message-input').isDisabled()).toBe(false);
  });
});
