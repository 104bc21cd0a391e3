import { expect } from 'vitest';
import type { ApiClient } from '../support/api.js';
import type { SseCapture, SseEvent } from '../support/sse-client.js';

export async function demoAgentId(api: ApiClient): Promise<string> {
  const agents = await api.get('/agents');
  const demo = (agents.body as Array<{ agent_id: string; agent_name: string }>).find((a) => a.agent_name === 'Demo agent');
  if (!demo) throw new Error(`no demo agent in ${JSON.stringify(agents.body)}`);
  return demo.agent_id;
}

/** Ids are 1, 2, 3, … with no gap and no repeat. */
export function expectConsecutiveIds(events: SseEvent[], firstId = 1): void {
  events.forEach((event, index) => expect(event.id).toBe(String(firstId + index)));
}

export function finalStatus(capture: Pick<SseCapture, 'events'>): { final_answer: string; usage: unknown } {
  const end = capture.events.find((e) => e.event === 'status' && (e.data as { status: string }).status === 'Agent Execution End');
  if (!end) throw new Error(`no Agent Execution End in ${JSON.stringify(capture.events.map((e) => e.event))}`);
  return end.data as { final_answer: string; usage: unknown };
}

export function runIdOf(capture: Pick<SseCapture, 'events'>): string {
  return (capture.events[0]!.data as { run_id: string }).run_id;
}

export function statuses(capture: Pick<SseCapture, 'events'>): string[] {
  return capture.events.filter((e) => e.event === 'status').map((e) => (e.data as { status: string }).status);
}

/** Creates a user through the admin API and returns its token. */
export async function createUser(admin: ApiClient, email: string): Promise<{ token: string; userId: string }> {
  const created = await admin.post('/users', { email, name: email.split('@')[0], password: 'password-123' });
  if (created.status !== 201) throw new Error(`could not create user: ${created.status} ${JSON.stringify(created.body)}`);
  return { token: created.body.token, userId: created.body.user.user_id };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` returns a truthy value. */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(25);
  }
}
