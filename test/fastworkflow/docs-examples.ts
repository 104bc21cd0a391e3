import { readFileSync } from 'node:fs';
import { createParser } from 'eventsource-parser';

type Example = (args: Record<string, unknown>) => Promise<any>;
const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<unknown>;

/** The `invokeAgentStream` of a client example in docs/fastworkflow.md, made callable (imports are injected). */
export function docsExample(name: 'browser' | 'node'): Example {
  const markdown = readFileSync(new URL('../../docs/fastworkflow.md', import.meta.url), 'utf8');
  const match = new RegExp(`<!-- example:${name} -->\\n\`\`\`js\\n([\\s\\S]*?)\`\`\``).exec(markdown);
  if (!match) throw new Error(`no ${name} example in docs/fastworkflow.md`);
  const code = match[1]!.replace(/^import .*$/gm, '');
  const run = new AsyncFunction('createParser', 'args', `${code}\nreturn invokeAgentStream(args);`);
  return (args) => run(createParser, args);
}
