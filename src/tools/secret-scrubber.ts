export const SECRET_MASK = '********';
/** Shorter values would mask ordinary words and digits; they are too weak to be worth hiding anyway. */
const MIN_SECRET_LENGTH = 4;

export type Scrub = (text: string) => string;

/**
 * Replaces every secret value, and the URL-encoded, form-encoded and JSON-escaped forms it takes when
 * inserted into a request, so a remote API echoing a key back cannot leak it into output or logs.
 */
export function createSecretScrubber(secrets: Iterable<string>): Scrub {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(encodeURIComponent(secret).replace(/%20/g, '+'));
    forms.add(encodeURI(secret));
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (text) => text;
  return (text) => ordered.reduce((current, form) => (current.includes(form) ? current.split(form).join(SECRET_MASK) : current), text);
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
