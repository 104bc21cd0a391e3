/** The next free thread id: one more than the largest numeric id, so "1", "2", … stay readable. */
export function nextThreadId(existing: string[]): string {
  const numbers = existing.map((id) => (/^\d{1,9}$/.test(id) ? Number(id) : 0));
  let candidate = Math.max(1, ...numbers) + 1;
  while (existing.includes(String(candidate))) candidate += 1;
  return String(candidate);
}
