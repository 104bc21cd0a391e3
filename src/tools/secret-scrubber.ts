import { base64Forms, encodedPattern, MIN_SECRET_LENGTH } from './secret-forms.js';

export const SECRET_MASK = '********';

export type Scrub = (text: string) => string;

/**
 * Replaces every secret value in every form the server itself gives it on the way out and back:
 * percent-encoded (encodeURIComponent, the URL class, forms), JSON-escaped once or twice, `\uXXXX`, HTML
 * entities (named and numeric), any mix of those per character, and base64 (alone and inside
 * `Basic base64(user:secret)`). The pattern is built once per call; scrubbing is one regex pass per string.
 */
export function createSecretScrubber(secrets: Iterable<string>): Scrub {
  const values = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    values.add(secret);
    for (const form of base64Forms(secret)) values.add(form);
  }
  if (values.size === 0) return (text) => text;
  // longest first, so a secret that contains another is masked whole
  const pattern = new RegExp([...values].sort((a, b) => b.length - a.length).map(encodedPattern).join('|'), 'g');
  return (text) => (text.length < MIN_SECRET_LENGTH ? text : text.replace(pattern, SECRET_MASK));
}

/** Applies `scrub` to every string (and object key) inside a JSON-like value. */
export function scrubDeep(value: unknown, scrub: Scrub): unknown {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) return value.map((item) => scrubDeep(item, scrub));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [scrub(key), scrubDeep(item, scrub)]));
  }
  return value;
}
