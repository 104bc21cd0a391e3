import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/start-server.js';

interface Operation {
  requestBody?: { content: Record<string, { schema: unknown; example?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}

describe('/openapi.json describes the client surfaces', () => {
  let server: TestServer;
  let paths: Record<string, Record<string, Operation>>;

  beforeAll(async () => {
    server = await startTestServer();
    paths = ((await (await fetch(`${server.baseUrl}/openapi.json`)).json()) as { paths: typeof paths }).paths;
  });
  afterAll(async () => server?.stop());

  it('lists every new route', () => {
    expect(Object.keys(paths['/v1/models']!)).toEqual(['get']);
    expect(Object.keys(paths['/v1/models/{model}']!)).toEqual(['get']);
    expect(Object.keys(paths['/v1/chat/completions']!)).toEqual(['post']);
    expect(Object.keys(paths['/agents/{agent_id}/chat']!)).toEqual(['post']);
    expect(Object.keys(paths['/agents/{agent_id}/chat/{chat_id}/stream']!)).toEqual(['get']);
    expect(Object.keys(paths['/agents/{agent_id}/chat/{chat_id}/stop']!)).toEqual(['post']);
  });

  it('gives request examples and the event schema of each stream', () => {
    const completions = paths['/v1/chat/completions']!.post!;
    expect(completions.requestBody!.content['application/json']!.example).toMatchObject({ model: expect.stringMatching(/^agent\//), stream: true });
    expect(JSON.stringify(completions.responses['200']!.content!['text/event-stream']!.schema)).toContain('chat.completion.chunk');
    expect(Object.keys(completions.responses)).toEqual(expect.arrayContaining(['401', '404', '409', '429']));

    const chat = paths['/agents/{agent_id}/chat']!.post!;
    expect(chat.requestBody!.content['application/json']!.example).toMatchObject({ id: 'chat-1', messages: [expect.objectContaining({ role: 'user' })] });
    const parts = JSON.stringify(chat.responses['200']!.content!['text/event-stream']!.schema);
    for (const part of ['start', 'text-delta', 'tool-input-available', 'tool-output-available', 'data-status', 'finish', 'abort']) expect(parts).toContain(`"${part}"`);
    expect(Object.keys(paths['/agents/{agent_id}/chat/{chat_id}/stream']!.get!.responses)).toEqual(expect.arrayContaining(['200', '204']));
  });
});
