import { TEMPLATE_PATTERN } from '../domain/index.js';

/**
 * Where a tool sends its requests (and so its secrets): the origin of an http tool's URL or an MCP server's
 * URL, null for builtins. A template in the host stays part of the origin, spelled by its expression.
 */
export function toolDestination(config: unknown): string | null {
  const url = typeof config === 'object' && config !== null ? (config as { url?: unknown }).url : undefined;
  if (typeof url !== 'string') return null;
  const spelled = url.trim().replace(TEMPLATE_PATTERN, (_whole, expression: string) => `tpl${Buffer.from(expression.trim()).toString('hex')}`);
  try {
    return new URL(spelled).origin;
  } catch {
    return spelled; // not a URL: the validator refuses it; compare the text meanwhile
  }
}

/** The secrets a URL's origin is built from (`https://{{env.HOST}}/…`): a new value for one moves the destination. */
export function destinationSecretNames(config: unknown): string[] {
  const url = typeof config === 'object' && config !== null ? (config as { url?: unknown }).url : undefined;
  if (typeof url !== 'string') return [];
  const origin = /^\s*[^:/?#]*:\/\/[^/?#]*/.exec(url)?.[0] ?? url;
  return [...origin.matchAll(TEMPLATE_PATTERN)].flatMap((m) => /^env\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(m[1]!.trim())?.[1] ?? []);
}

/**
 * Whether saving `next` (with new values for `changedSecrets`) would send the stored secrets somewhere other
 * than where they were set for: another origin, or an origin spelled with a secret that changes.
 */
export function destinationMoves(current: unknown, next: unknown, changedSecrets: readonly string[]): boolean {
  if (toolDestination(current) !== toolDestination(next)) return true;
  return destinationSecretNames(next).some((name) => changedSecrets.includes(name));
}
