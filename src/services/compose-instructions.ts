import type { Agent } from '../domain/index.js';

/** Tells the model the content-block syntax of SPEC §8 so it can answer with rich blocks. */
export const BLOCK_SYNTAX_INSTRUCTIONS = [
  'You may include rich content blocks in your answer with this exact syntax:',
  '!#block#!{"type": "<type>", "content": <content>}!#/block#!',
  'Types: "image" and "video" take content {"src": "<https URL>", "alt": "<caption>"}; "markdown" and "html" take a string;',
  '"json" takes any JSON value. The JSON between the markers must be valid. Use blocks only when they help the reader.',
].join('\n');

/** Swagger UIs send the literal "string" as a placeholder; the seed skips it, and so do we. */
function meaningful(text: string | null | undefined): text is string {
  return typeof text === 'string' && text.trim() !== '' && text.trim() !== 'string';
}

export interface InstructionParts {
  agent: Pick<Agent, 'agentName' | 'description' | 'agentStyle'>;
  /** `metadata.agent_style` of the request: added to, not replacing, the agent's own style. */
  extraStyle?: string | undefined;
  /** `input.context` of the request. */
  context?: string | undefined;
}

/** The system instructions of a run: agent identity, its style, the request's style and context, block syntax. */
export function composeInstructions(parts: InstructionParts): string {
  const lines: string[] = [`You are ${parts.agent.agentName}.`];
  if (meaningful(parts.agent.description)) lines.push(`Description: ${parts.agent.description.trim()}`);
  if (meaningful(parts.agent.agentStyle)) lines.push(`Agent style or instruction: ${parts.agent.agentStyle.trim()}`);
  if (meaningful(parts.extraStyle)) lines.push(`Additional agent style or instruction: ${parts.extraStyle.trim()}`);
  if (meaningful(parts.context)) lines.push(`Information / context: ${parts.context.trim()}`);
  lines.push('', BLOCK_SYNTAX_INSTRUCTIONS);
  return lines.join('\n');
}
