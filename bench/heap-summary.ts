/**
 * Summarises a V8 sampling heap profile (e.g. from bench/lib/promoted-heap-probe.ts): MB by allocating
 * function, then by the last frames of the allocating stack.
 * Usage: npx tsx bench/heap-summary.ts <file>.heapprofile [top=30]
 */
import { readFileSync } from 'node:fs';

interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapNode[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: npx tsx bench/heap-summary.ts <file>.heapprofile [top]');
const top = Number(topArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as { head: HeapNode };
const byFunction = new Map<string, number>();
const byStack = new Map<string, number>();
let total = 0;
const nameOf = ({ functionName, url, lineNumber }: HeapNode['callFrame']) =>
  `${functionName || '(anonymous)'} ${url.replace(/^.*\/(node_modules|src|dist)\//, '$1/')}:${lineNumber + 1}`;
const add = (map: Map<string, number>, key: string, bytes: number) => map.set(key, (map.get(key) ?? 0) + bytes);

(function walk(node: HeapNode, stack: string[]): void {
  const frames = [...stack, nameOf(node.callFrame)];
  total += node.selfSize;
  if (node.selfSize > 0) {
    add(byFunction, frames[frames.length - 1]!, node.selfSize);
    add(byStack, frames.slice(-5).reverse().join(' <- '), node.selfSize);
  }
  for (const child of node.children) walk(child, frames);
})(profile.head, []);

const mb = (bytes: number) => (bytes / 1e6).toFixed(2).padStart(7);
const print = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).slice(0, top).forEach(([key, bytes]) => console.log(`${mb(bytes)}  ${key}`));
console.log(`${mb(total)}  MB in all`);
console.log('\nby allocating function');
print(byFunction);
console.log('\nby stack (innermost first)');
print(byStack);
