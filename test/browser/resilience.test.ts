import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api.js';
import type { TestServer } from '../support/start-server.js';
import { artifactPath } from './support/browser.js';
import { chatDriver } from './support/chat-driver.js';
import { chromiumEnabled, openChatSession, signInToDemoAgent, type ChatSession } from './support/chat-session.js';

const LONG_MESSAGE = Array.from({ length: 80 }, (_, i) => `word${i + 1}`).join(' ');

/** Where to cut an SSE body: halfway through the data line of the `n`-th token frame. */
function cutInsideTokenFrame(body: string, n: number): number {
  let index = -1;
  for (let i = 0; i < n; i += 1) {
    index = body.indexOf('event: token', index + 1);
    if (index === -1) throw new Error(`fewer than ${n} token frames`);
  }
  const data = body.indexOf('data:', index);
  return data + 12;
}

describe.skipIf(!chromiumEnabled)('chat page: stop, dropped connections, auto-scroll', () => {
  let session: ChatSession;
  let server: TestServer;
  let page: Page;
  let demoAgentId: string;

  beforeAll(async () => {
    session = await openChatSession({ demoTokenDelayMs: 40, context: { viewport: { width: 1280, height: 720 } } });
    ({ server, page } = session);
    demoAgentId = await signInToDemoAgent(session);
  });

  afterAll(() => session?.close());

  const lastStoredAssistant = async (threadId: string) => {
    const messages = (await apiClient(server.baseUrl, server.adminToken).get(`/agents/${demoAgentId}/threads/${threadId}/messages`)).body as Array<{ role: string; content: string; outcome: string | null }>;
    return messages.filter((m) => m.role === 'assistant').at(-1);
  };

  it('stops a reply with Stop: the partial answer stays visible and is stored', async () => {
    const chat = chatDriver(page);
    await chat.openThreadById('stop');
    const cancels: Request[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && /\/runs\/[^/]+\/cancel$/.test(request.url())) cancels.push(request);
    });
    await chat.send(LONG_MESSAGE);
    await page.waitForFunction(() => {
      const all = document.querySelectorAll('[data-testid="message-assistant"] [data-testid="message-text"]');
      return (all[all.length - 1]?.textContent ?? '').includes('word5 ');
    });
    await chat.byTestId('stop-button').click();
    expect(await chat.waitForReplyEnd()).toBe('cancelled');
    expect(cancels).toHaveLength(1);
    const shown = await chat.lastAgentText();
    expect(shown).toContain('You said: word1');
    expect(shown).not.toContain('word80');
    expect(await chat.lastAgent().locator('[data-testid="message-outcome"]').textContent()).toBe('Stopped');
    expect(await chat.byTestId('status-text').textContent()).toBe('Stopped');
    expect(await chat.byTestId('message-input').isDisabled()).toBe(false);
    const stored = await lastStoredAssistant('stop');
    expect(stored?.outcome).toBe('cancelled');
    // Rendered markdown drops the trailing space of a stopped answer.
    expect(stored?.content.trimEnd()).toBe(shown);
    await page.screenshot({ path: artifactPath('desktop-stopped.png') });
  });

  it('resumes after the connection drops mid-reply: nothing missing, nothing doubled', async () => {
    const chat = chatDriver(page);
    await chat.openThreadById('drop');
    const resumes: Request[] = [];
    page.on('request', (request) => {
      if (/\/runs\/[^/]+\/stream/.test(request.url())) resumes.push(request);
    });
    // The first stream is cut in the middle of a token frame, as a dying proxy would.
    await page.route('**/agent-invoke/*/invoke-stream', async (route) => {
      const response = await route.fetch();
      const body = await response.text();
      await route.fulfill({ response, body: body.slice(0, cutInsideTokenFrame(body, 8)) });
    }, { times: 1 });
    await chat.send('Tell me something that arrives in many small pieces so the cut lands in the middle');
    expect(await chat.waitForReplyEnd()).toBe('completed');
    expect(resumes).toHaveLength(1);
    const lastEventId = Number(await resumes[0]!.headerValue('last-event-id'));
    expect(lastEventId).toBeGreaterThan(5);
    const shown = await chat.lastAgentText();
    const stored = await lastStoredAssistant('drop');
    expect(shown).toBe(stored?.content);
    expect(shown.match(/You said:/g)).toHaveLength(1);
    expect(shown).toContain('cut lands in the middle');
  });

  it('joins a run already going on the thread instead of failing (409 with run_id)', async () => {
    const chat = chatDriver(page);
    await chat.openThreadById('busy');
    // Start a slow run from outside the page on the same agent, user and thread.
    const outside = fetch(`${server.baseUrl}/agent-invoke/${demoAgentId}/invoke-stream`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ input: { messages: LONG_MESSAGE, context: '' }, config: { configurable: { thread_id: 'busy' } }, metadata: { reset_memory: false, load_from_json: false, agent_style: '' }, agent_config: null }),
    });
    const first = await outside;
    const reader = first.body!.getReader();
    await reader.read();
    await chat.send('my turn please');
    expect(await chat.byTestId('chat-notice').last().textContent()).toContain('already being written');
    expect(await chat.waitForReplyEnd()).toBe('completed');
    expect(await chat.lastAgentText()).toContain('word80');
    await reader.cancel();
  });

  it('stops following new text when the reader scrolls up, and offers a jump back', async () => {
    const chat = chatDriver(page);
    await chat.openThreadById('scroll');
    const messages = chat.byTestId('messages');
    // Fill the window first so the next reply starts below the fold.
    for (let i = 0; i < 2; i += 1) {
      await chat.send(`filler\n${'.\n'.repeat(14)}`);
      await chat.waitForReplyEnd();
    }
    const atBottom = () => messages.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 50);
    expect(await atBottom()).toBe(true);
    await chat.send(LONG_MESSAGE);
    await page.waitForFunction(() => document.querySelector('[data-testid="message-assistant"]:last-of-type')?.textContent !== '');
    await messages.hover();
    await page.mouse.wheel(0, -600);
    await expect.poll(() => chat.byTestId('jump-to-latest').isVisible()).toBe(true);
    const heldAt = await messages.evaluate((el) => el.scrollTop);
    await page.waitForTimeout(600);
    expect(await messages.evaluate((el) => el.scrollTop)).toBe(heldAt);
    expect(await atBottom()).toBe(false);
    await chat.byTestId('jump-to-latest').click();
    await expect.poll(atBottom).toBe(true);
    await page.waitForTimeout(300);
    expect(await atBottom()).toBe(true);
    await chat.waitForReplyEnd();
  });
});
