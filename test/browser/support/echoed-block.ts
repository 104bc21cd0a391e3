/**
 * A block the demo model will echo back verbatim ("You said: …"). The block type is written as a JSON
 * unicode escape so the demo does not take the message as a request for its own example block.
 */
export function echoedBlock(type: string, content: unknown): string {
  const escapedType = [...type].map((ch, i) => (i === 0 ? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}` : ch)).join('');
  return `!#block#!${JSON.stringify({ type: 'TYPE', content }).replace('"TYPE"', `"${escapedType}"`)}!#/block#!`;
}

