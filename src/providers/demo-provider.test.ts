import { describe, expect, it } from 'vitest';
import type { ChatMessage, ModelToolSpec } from '../domain/index.js';
import type { ModelStreamRequest } from '../ports/index.js';
import { BLOCK_END, BLOCK_START } from './demo-blocks.js';
import { createDemoProvider, DEMO_MODEL } from './demo-provider.js';

const calculator: ModelToolSpec = {
  name: 'calculator',
  description: 'Evaluates arithmetic',
  parameters: { type: 'object', properties: { expression: { type: 'string' } }, required: ['expression'] },
};
const weather: ModelToolSpec = {
  name: 'weather__forecast',
  description: 'MCP tool',
  parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'number' } }, required: ['city', 'days'] },
};

function request(messages: ChatMessage[], tools: ModelToolSpec[] = [], signal = new AbortController().signal): ModelStreamRequest {
  return { model: 'local/demo', messages, tools, signal };
}

async function run(messages: ChatMessage[], tools: ModelToolSpec[] = []) {
  const deltas: string[] = [];
  const result = await createDemoProvider({ tokenDelayMs: 0 }).stream(request(messages, tools), { onText: (d) => void deltas.push(d) });
  return { deltas, result };
}

const user = (content: string): ChatMessage => ({ role: 'user', content });

describe('demo model', () => {
  it('is listed as an offline demo that supports tools, not as an LLM', () => {
    expect(createDemoProvider({ tokenDelayMs: 0 }).listModels()).toEqual([DEMO_MODEL]);
    expect(DEMO_MODEL).toMatchObject({ id: 'local/demo', supports_tools: true, label: 'Demo (offline, deterministic — not an LLM)' });
  });

  it('restates the message word by word and says when the thread starts', async () => {
    const { deltas, result } = await run([{ role: 'system', content: 'Be nice.' }, user('Hello there friend')]);
    expect(result.text).toBe('You said: Hello there friend\n\nThis is the start of our conversation.');
    expect(deltas.slice(0, 4)).toEqual(['You ', 'said: ', 'Hello ', 'there ']);
    expect(deltas.join('')).toBe(result.text);
    expect(result.finishReason).toBe('stop');
    expect(result.usage).toEqual({ input_tokens: 5, output_tokens: 12, total_tokens: 17 });
  });

  it('shows what it remembers of the thread', async () => {
    const { result } = await run([user('My name is Ada'), { role: 'assistant', content: 'Hi' }, user('I like tea'), { role: 'assistant', content: 'Ok' }, user('What do you remember?')]);
    expect(result.text).toBe('You said: What do you remember?\n\nEarlier in this thread you said: "My name is Ada"; "I like tea".');
  });

  it('is deterministic', async () => {
    const messages = [user('one'), { role: 'assistant', content: 'x' } as ChatMessage, user('show me json please')];
    expect(await run(messages)).toEqual(await run(messages));
  });

  it('calls a tool named in the message with key=value arguments', async () => {
    const { deltas, result } = await run([user('please use the Calculator expression="2+3*4"')], [calculator]);
    expect(deltas).toEqual([]);
    expect(result.finishReason).toBe('tool_calls');
    expect(result.toolCalls).toEqual([{ id: 'call_demo_1', name: 'calculator', arguments: { expression: '2+3*4' } }]);
  });

  it('takes arguments from a JSON object in the message', async () => {
    const { result } = await run([user('weather__forecast {"city": "Oslo {north}", "days": 3}')], [calculator, weather]);
    expect(result.toolCalls[0]).toMatchObject({ name: 'weather__forecast', arguments: { city: 'Oslo {north}', days: 3 } });
  });

  it('parses numbers and unquotes strings in key=value pairs', async () => {
    const { result } = await run([user("weather__forecast city='New York' days=5")], [weather]);
    expect(result.toolCalls[0]!.arguments).toEqual({ city: 'New York', days: 5 });
  });

  it('uses the rest of the message for a tool with a single required string property', async () => {
    const { result } = await run([user('calculator: 2+3*4?')], [calculator]);
    expect(result.toolCalls[0]!.arguments).toEqual({ expression: '2+3*4' });
  });

  it('needs the full MCP-style name, not a part of it', async () => {
    const { result } = await run([user('what is the forecast for Oslo?')], [weather]);
    expect(result.toolCalls).toEqual([]);
    expect(result.text).toContain('You said:');
  });

  it('answers with the tool result once it is in the conversation', async () => {
    const call = { id: 'call_demo_1', name: 'calculator', arguments: { expression: '2+3*4' } };
    const { deltas, result } = await run(
      [user('calculator expression="2+3*4"'), { role: 'assistant', content: '', toolCalls: [call] }, { role: 'tool', toolCallId: call.id, toolName: 'calculator', content: '14' }],
      [calculator],
    );
    expect(result.toolCalls).toEqual([]);
    expect(result.text).toBe('The calculator tool returned: 14');
    expect(deltas).toEqual(['The ', 'calculator ', 'tool ', 'returned: ', '14']);
  });

  it.each(['image', 'video', 'markdown', 'html', 'json'])('answers a request for a %s example with that block, markers split across deltas', async (type) => {
    const { deltas, result } = await run([user(`Show me a ${type.toUpperCase()} example`)]);
    const start = result.text.indexOf(BLOCK_START);
    const end = result.text.indexOf(BLOCK_END);
    expect(start).toBeGreaterThan(0);
    expect(end).toBe(result.text.length - BLOCK_END.length);
    const block = JSON.parse(result.text.slice(start + BLOCK_START.length, end)) as { type: string; content: unknown };
    expect(block.type).toBe(type);
    expect(deltas.some((d) => d.includes(BLOCK_START))).toBe(false);
    expect(deltas.some((d) => d.includes(BLOCK_END))).toBe(false);
    expect(deltas.join('')).toBe(result.text);
    if (type === 'image') expect(block.content).toMatchObject({ src: expect.stringMatching(/^data:image\/svg\+xml;base64,/) });
    // same origin, served by this server: the demo plays offline (issue 16 item 4)
    if (type === 'video') expect(block.content).toMatchObject({ src: '/demo-media/demo-video.webm' });
    if (type === 'markdown') expect(block.content).toEqual(expect.stringMatching(/^# [\s\S]*- [\s\S]*\*\*[\s\S]*```/));
    if (type === 'html') expect(block.content).toEqual(expect.stringMatching(/<button[\s\S]*<script>/));
    if (type === 'json') expect(block.content).toMatchObject({ agent: { name: expect.any(String) } });
  });

  it('waits tokenDelayMs between deltas', async () => {
    const started = Date.now();
    await createDemoProvider({ tokenDelayMs: 20 }).stream(request([user('one two three four')]), { onText: () => {} });
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });

  it('on abort resolves at once with the partial text', async () => {
    const controller = new AbortController();
    const deltas: string[] = [];
    const provider = createDemoProvider({ tokenDelayMs: 10_000 });
    const started = Date.now();
    const pending = provider.stream(request([user('a long message that would take a while')], [], controller.signal), { onText: (d) => void deltas.push(d) });
    setTimeout(() => controller.abort(), 20);
    const result = await pending;
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(result.finishReason).toBe('aborted');
    expect(result.text).toBe('You ');
    expect(deltas).toEqual(['You ']);
    expect(result.usage.output_tokens).toBe(1);
  });
});
