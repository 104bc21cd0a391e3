import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api.js';
import type { TestServer } from '../support/start-server.js';
import { artifactPath } from './support/browser.js';
import { chatDriver } from './support/chat-driver.js';
import { chromiumEnabled, openChatSession, type ChatSession } from './support/chat-session.js';

describe.skipIf(!chromiumEnabled)('chat page: sign-in, live streaming, tools, threads', () => {
  let session: ChatSession;
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let demoAgentId: string;

  beforeAll(async () => {
    session = await openChatSession({ demoTokenDelayMs: 40, context: { viewport: { width: 1280, height: 820 } } });
    ({ server, browser, context, page } = session);
    const agents = await apiClient(server.baseUrl, server.adminToken).get('/agents');
    demoAgentId = (agents.body as Array<{ agent_id: string; agent_name: string }>).find((a) => a.agent_name === 'Demo agent')!.agent_id;
  });

  afterAll(() => session?.close());

  const storedMessages = async (threadId: string, token = server.adminToken) =>
    (await apiClient(server.baseUrl, token).get(`/agents/${demoAgentId}/threads/${threadId}/messages`)).body as Array<{ role: string; content: string; outcome: string | null }>;

  it('serves the chat page at /', async () => {
    const response = await fetch(`${server.baseUrl}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<div id="app"');
  });

  it('refuses a wrong password with a visible message', async () => {
    const chat = chatDriver(page);
    await page.goto(server.baseUrl);
    await chat.byTestId('login-email').fill(server.adminEmail);
    await chat.byTestId('login-password').fill('not-the-password');
    await chat.byTestId('login-submit').click();
    // The login throttle may answer a wrong password after a short delay.
    await expect.poll(() => chat.byTestId('login-error').textContent(), { timeout: 10_000 }).toBe('Wrong email or password.');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });

  it('signs in with email and password and shows the demo agent with its tools', async () => {
    const chat = chatDriver(page);
    await chat.logInWithPassword(server.baseUrl, server.adminEmail, server.adminPassword);
    await chat.pickAgent('Demo agent');
    await expect.poll(() => chat.byTestId('agent-tool').count()).toBeGreaterThan(0);
    expect(await chat.byTestId('agent-tools').textContent()).toContain('calculator');
    expect(await chat.byTestId('settings-thread-id').inputValue()).toBe('1');
    expect(await chat.byTestId('settings-model').locator('option').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('local/demo')]));
    // The owner may test an unsaved config; the token is kept per tab, never in localStorage or a cookie.
    expect(await chat.byTestId('settings-load-json-row').isVisible()).toBe(true);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    expect(await context.cookies()).toEqual([]);
    await page.screenshot({ path: artifactPath('desktop-signed-in.png') });
  });

  it('renders the reply live, token by token, and ends with exactly the stored answer', async () => {
    const chat = chatDriver(page);
    await chat.send('Please repeat this sentence back to me slowly so that the streaming can be watched word by word');
    expect(await chat.byTestId('message-input').isDisabled()).toBe(true);
    expect(await chat.byTestId('stop-button').isVisible()).toBe(true);
    const growth = await chat.observeReplyGrowth();
    const nonEmpty = growth.filter((text) => text !== '');
    expect(nonEmpty.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < nonEmpty.length; i += 1) expect(nonEmpty[i]!.startsWith(nonEmpty[i - 1]!)).toBe(true);
    expect(await chat.waitForReplyEnd()).toBe('completed');
    const shown = await chat.lastAgent().locator('[data-testid="message-text"]').innerText();
    const stored = (await storedMessages('1')).filter((m) => m.role === 'assistant').at(-1);
    // The answer is rendered as markdown: the same words, paragraphs instead of blank lines.
    const words = (text: string | undefined): string => (text ?? '').replace(/\s+/g, ' ').trim();
    expect(words(shown)).toBe(words(stored?.content));
    expect(shown).toContain('You said: Please repeat this sentence');
    expect(await chat.byTestId('message-input').isDisabled()).toBe(false);
    expect(await chat.byTestId('status-text').textContent()).toBe('Done');
    expect(await chat.byTestId('message-user').last().locator('[data-testid="message-time"]').textContent()).toMatch(/\d/);
    await page.screenshot({ path: artifactPath('desktop-streamed-reply.png') });
  });

  it('shows a tool call starting and finishing, with its input and output, in the tool panel', async () => {
    const chat = chatDriver(page);
    await chat.send('calculator expression=2+3');
    await chat.byTestId('tool-entry').first().waitFor();
    expect(await chat.waitForReplyEnd()).toBe('completed');
    const entry = chat.byTestId('tool-entry').first();
    expect(await entry.getAttribute('data-tool-name')).toBe('calculator');
    expect(await entry.getAttribute('data-state')).toBe('done');
    expect(await entry.locator('[data-testid="tool-input"]').textContent()).toContain('2+3');
    expect(await entry.locator('[data-testid="tool-output"]').textContent()).toContain('5');
    expect(await chat.lastAgentText()).toContain('The calculator tool returned');
    // Collapsible: the entry folds its input and output away.
    await entry.locator('summary').click();
    expect(await entry.locator('[data-testid="tool-input"]').isVisible()).toBe(false);
    await page.screenshot({ path: artifactPath('desktop-tool-call.png') });
  });

  it('sends with Enter and keeps Shift+Enter as a new line', async () => {
    const chat = chatDriver(page);
    const input = chat.byTestId('message-input');
    await input.click();
    await input.type('first line');
    await input.press('Shift+Enter');
    await input.type('second line');
    expect(await input.inputValue()).toBe('first line\nsecond line');
    await input.press('Enter');
    await chat.waitForReplyEnd();
    expect(await chat.byTestId('message-user').last().locator('[data-testid="message-text"]').textContent()).toBe('first line\nsecond line');
  });

  it('runs a turn on an edited, unsaved agent config when load-from-JSON is ticked', async () => {
    const chat = chatDriver(page);
    await chat.byTestId('settings-load-json').check();
    const editor = chat.byTestId('settings-agent-config');
    expect(JSON.parse(await editor.inputValue())).toMatchObject({ agent_name: 'Demo agent', model_name: 'local/demo' });
    await editor.fill('{ not json');
    await chat.byTestId('message-input').fill('with a broken draft');
    await chat.byTestId('message-input').press('Enter');
    await expect.poll(() => chat.byTestId('chat-error').last().textContent()).toContain('not valid JSON');
    expect(await chat.byTestId('message-input').inputValue()).toBe('with a broken draft');

    const draft = { agent_name: 'Draft agent', agent_style: 'Answer briefly.', model_name: 'local/demo' };
    await editor.fill(JSON.stringify(draft));
    const request = page.waitForRequest((r) => r.url().endsWith('/invoke-stream'));
    await chat.send('testing the draft');
    const sent = (await request).postDataJSON() as { metadata: { load_from_json: boolean }; agent_config: unknown };
    expect(sent.metadata.load_from_json).toBe(true);
    expect(sent.agent_config).toEqual(draft);
    expect(await chat.waitForReplyEnd()).toBe('completed');
    await chat.byTestId('settings-load-json').uncheck();
  });

  it('switches threads and reloads each thread\'s own history from the server', async () => {
    const chat = chatDriver(page);
    await chat.byTestId('new-thread').click();
    const newThreadId = (await chat.byTestId('settings-thread-id').inputValue()).trim();
    expect(newThreadId).not.toBe('1');
    await chat.send('a message only for the second thread');
    await chat.waitForReplyEnd();

    await chat.byTestId('thread-item').and(page.locator('[data-thread-id="1"]')).click();
    await expect.poll(() => chat.byTestId('message-user').count()).toBeGreaterThan(0);
    const firstThreadText = await chat.byTestId('messages').textContent();
    expect(firstThreadText).toContain('Please repeat this sentence');
    expect(firstThreadText).not.toContain('only for the second thread');
    // History renders tool calls and replies again, from the stored rows.
    expect(await chat.byTestId('message-tool').count()).toBeGreaterThan(0);

    await chat.byTestId('thread-item').and(page.locator(`[data-thread-id="${newThreadId}"]`)).click();
    await expect.poll(() => chat.byTestId('messages').textContent()).toContain('only for the second thread');
    expect(await chat.byTestId('messages').textContent()).not.toContain('Please repeat this sentence');
    expect(await chat.byTestId('thread-item').count()).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: artifactPath('desktop-threads.png') });
  });

  it('clears the chat window without touching the stored history', async () => {
    const chat = chatDriver(page);
    await chat.byTestId('clear-chat').click();
    expect(await chat.byTestId('message-user').count()).toBe(0);
    await chat.byTestId('thread-item').and(page.locator('[data-thread-id="1"]')).click();
    await expect.poll(() => chat.byTestId('message-user').count()).toBeGreaterThan(0);
  });

  it('never shows another user\'s threads; a visitor sees the public profile and no config editor', async () => {
    const admin = apiClient(server.baseUrl, server.adminToken);
    const created = await admin.post('/users', { email: 'visitor@example.com', name: 'Vera Visitor', password: 'visitor-password-1' });
    expect(created.status).toBeLessThan(300);
    const visitorToken = (created.body as { token: string }).token;
    const shared = await admin.patch(`/agents/${demoAgentId}`, { share_visitor_with: ['visitor@example.com'] });
    expect(shared.status).toBeLessThan(300);

    const otherContext = await browser.newContext({ viewport: { width: 1280, height: 820 } });
    const other = await otherContext.newPage();
    const chat = chatDriver(other);
    await chat.logInWithToken(server.baseUrl, visitorToken);
    await chat.pickAgent('Demo agent');
    await chat.byTestId('agent-visitor-note').waitFor();
    expect(await chat.byTestId('agent-access').textContent()).toBe('Visitor');
    expect(await chat.byTestId('settings-load-json-row').isVisible()).toBe(false);
    await chat.byTestId('chat-empty').waitFor();
    const threadTexts = await chat.byTestId('thread-list').textContent();
    expect(threadTexts).not.toContain('Please repeat');
    expect(threadTexts).not.toContain('second thread');
    expect(await chat.byTestId('thread-item').count()).toBe(1);
    expect(await chat.byTestId('messages').textContent()).not.toContain('Please repeat');

    await chat.send('hello from the visitor');
    await chat.waitForReplyEnd();
    expect(await chat.lastAgentText()).toContain('This is the start of our conversation');
    expect((await storedMessages('1')).some((m) => m.content.includes('hello from the visitor'))).toBe(false);
    await other.screenshot({ path: artifactPath('desktop-visitor.png') });
    await otherContext.close();
  });
});
