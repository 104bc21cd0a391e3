import type { ChatMessage, ModelToolCall, ModelToolSpec } from '../domain/index.js';
import { DEMO_BLOCK_TYPES, demoBlock, demoBlockIntro, splitBlockIntoDeltas, type DemoBlockType } from './demo-blocks.js';
import { demoToolArguments } from './demo-tool-arguments.js';

/** What the demo model does this turn: stream these deltas, or call a tool. Pure: same input, same plan. */
export type DemoPlan = { kind: 'text'; deltas: string[] } | { kind: 'tool'; call: ModelToolCall };

const MAX_REMEMBERED = 10;

export function planDemoReply(messages: ChatMessage[], tools: ModelToolSpec[]): DemoPlan {
  const lastUserIndex = messages.findLastIndex((m) => m.role === 'user');
  if (lastUserIndex === -1) return text('Hello! I am the offline demo model. Send me a message and I will repeat it back.');
  const message = (messages[lastUserIndex] as { content: string }).content;
  const since = messages.slice(lastUserIndex + 1);

  const results = since.filter((m): m is Extract<ChatMessage, { role: 'tool' }> => m.role === 'tool');
  if (results.length > 0) return text(results.map((r) => `The ${r.toolName} tool returned: ${r.content}`).join('\n'));

  const named = firstNamedTool(message, tools);
  if (named) {
    return {
      kind: 'tool',
      call: { id: `call_demo_${messages.length}`, name: named.tool.name, arguments: demoToolArguments(message, named.tool, named.end) },
    };
  }

  const block = firstBlockType(message);
  if (block) return { kind: 'text', deltas: [...words(`${demoBlockIntro(block)}\n\n`), ...splitBlockIntoDeltas(demoBlock(block))] };

  return text(`You said: ${message.trim() === '' ? '(nothing)' : message}\n\n${memoryOf(messages.slice(0, lastUserIndex))}`);
}

/** Each word with the whitespace that follows it is one delta. */
export function words(value: string): string[] {
  return value.match(/\s*\S+\s*/gy) ?? [];
}

export function countWords(value: string): number {
  return value.match(/\S+/g)?.length ?? 0;
}

function text(value: string): DemoPlan {
  return { kind: 'text', deltas: words(value) };
}

function memoryOf(earlier: ChatMessage[]): string {
  const said = earlier.filter((m) => m.role === 'user').map((m) => m.content.trim());
  if (said.length === 0) return 'This is the start of our conversation.';
  const shown = said.slice(-MAX_REMEMBERED).map((s) => `"${s}"`);
  const skipped = said.length - shown.length;
  return `Earlier in this thread you said: ${shown.join('; ')}${skipped > 0 ? ` (and ${skipped} earlier messages)` : ''}.`;
}

/** A tool is named when its full name appears as a word (letters, digits, `_`, `-`), case-insensitive. */
function firstNamedTool(message: string, tools: ModelToolSpec[]): { tool: ModelToolSpec; end: number } | undefined {
  let best: { tool: ModelToolSpec; start: number; end: number } | undefined;
  for (const tool of tools) {
    const match = wordPattern(tool.name).exec(message);
    if (match && (!best || match.index < best.start)) best = { tool, start: match.index, end: match.index + match[0].length };
  }
  return best;
}

function firstBlockType(message: string): DemoBlockType | undefined {
  let best: { type: DemoBlockType; start: number } | undefined;
  for (const type of DEMO_BLOCK_TYPES) {
    const match = wordPattern(type).exec(message);
    if (match && (!best || match.index < best.start)) best = { type, start: match.index };
  }
  return best?.type;
}

function wordPattern(name: string): RegExp {
  return new RegExp(`(?<![A-Za-z0-9_-])${name.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}(?![A-Za-z0-9_-])`, 'i');
}
