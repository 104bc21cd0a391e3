/**
 * Streaming-aware markdown: close what a half-written answer left open, so a partial reply renders as it
 * will look when complete instead of flickering through raw syntax. Only the rendering sees the closed
 * text; the stored answer is untouched.
 */
export function closeOpenMarkdown(source: string): string {
  const lines = source.split('\n');
  let inFence = false;
  let fence = '```';
  for (const line of lines) {
    const match = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (!match) continue;
    if (!inFence) {
      inFence = true;
      fence = match[1]!;
    } else if (line.trim().startsWith(fence)) inFence = false;
  }
  if (inFence) return `${source}\n${fence}`;
  let last = lines[lines.length - 1] ?? '';
  let tail = '';
  // A marker that only just started (after a space or at the line start) is held back rather than shown raw.
  const opening = /(^|\s)(\*{1,2}|_{1,2}|`)$/.exec(last);
  if (opening) last = last.slice(0, last.length - opening[2]!.length);
  const count = (pattern: RegExp): number => (last.replace(/`[^`]*`/g, '').match(pattern) ?? []).length;
  if ((last.match(/`/g) ?? []).length % 2 === 1) tail += '`';
  else {
    if (count(/\*\*/g) % 2 === 1) tail += '**';
    if (count(/(?<!\*)\*(?!\*)/g) % 2 === 1) tail += '*';
  }
  return [...lines.slice(0, -1), last + tail].join('\n');
}
