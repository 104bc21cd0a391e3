/** How long a default thread title may be, in characters (issue 18: "~60"). */
export const DEFAULT_TITLE_CHARS = 60;

/** A thread's default title: its first user message on one line, cut at a word near 60 characters. */
export function defaultThreadTitle(firstMessage: string): string {
  const line = firstMessage.replace(/\s+/g, ' ').trim();
  if (line.length <= DEFAULT_TITLE_CHARS) return line;
  const cut = line.slice(0, DEFAULT_TITLE_CHARS - 1);
  // a cut right before a space keeps the last word whole
  const space = line[cut.length] === ' ' ? cut.length : cut.lastIndexOf(' ');
  return `${(space >= DEFAULT_TITLE_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
