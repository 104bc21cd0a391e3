/** Shorter values would mask ordinary words and digits; they are too weak to be worth hiding anyway. */
export const MIN_SECRET_LENGTH = 4;

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
/** Hex digits in either case: encoders differ (`%2f` / `%2F`, `\u00e9` / `\u00E9`). */
const hexPattern = (hex: string) => hex.replace(/[a-f]/gi, (digit) => `[${digit.toLowerCase()}${digit.toUpperCase()}]`);
const hex = (value: number, width: number) => value.toString(16).padStart(width, '0');

const NAMED_ENTITIES: Record<string, string[]> = { '&': ['amp'], '<': ['lt'], '>': ['gt'], '"': ['quot'], "'": ['apos'], '\u00a0': ['nbsp'] };
const JSON_SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '/': '\\/', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `\uXXXX` (a surrogate pair for astral characters) as a regex, hex in either case; `backslashes` per escape. */
function unicodeEscapePattern(char: string, backslashes: number): string {
  const units = [...Array(char.length).keys()].map((index) => char.charCodeAt(index));
  return units.map((unit) => `${'\\\\'.repeat(backslashes)}u${hexPattern(hex(unit, 4))}`).join('');
}

/** One character written the ways a URL, form, JSON text or HTML may carry it (JSON-escaped once or twice), as regex sources. */
function characterForms(char: string): string[] {
  const codePoint = char.codePointAt(0)!;
  const short = JSON_SHORT_ESCAPES[char];
  // a JSON string holding JSON text (a tool echoing the body it got) escapes each backslash again
  const literal = [char, ...(short ? [short, JSON.stringify(short).slice(1, -1)] : [])];
  return [
    ...literal.map(escapeRegex),
    unicodeEscapePattern(char, 1),
    unicodeEscapePattern(char, 2),
    [...Buffer.from(char, 'utf8')].map((byte) => hexPattern(`%${hex(byte, 2)}`)).join(''),
    ...(char === ' ' ? ['\\+'] : []),
    ...(char === '\\' ? ['/'] : []), // the URL class turns `\` into `/` in http(s) paths
    `&#0*${codePoint};`,
    `&#[xX]0*${hexPattern(codePoint.toString(16))};`,
    ...(NAMED_ENTITIES[char] ?? []).map((name) => `&${name};`),
  ];
}

/** A regex source matching `text` with every character in any of its encodings (mixed forms too). */
export function encodedPattern(text: string): string {
  return [...text].map((char) => `(?:${[...new Set(characterForms(char))].join('|')})`).join('');
}

/**
 * The base64 text a secret leaves inside base64 of a longer value (node writes `Authorization: Basic
 * base64(user:secret)` for userinfo URLs): for each of the three alignments, the 4-character groups that
 * depend on the secret's bytes alone. Also the whole base64 and base64url of the secret.
 */
export function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms = new Set([bytes.toString('base64'), bytes.toString('base64url')]);
  for (let offset = 0; offset < 3; offset += 1) {
    const skip = (3 - offset) % 3; // secret bytes that share a group with the bytes before it
    const whole = Math.floor((bytes.length - skip) / 3) * 3;
    if (whole < 3) continue;
    const aligned = bytes.subarray(skip, skip + whole);
    forms.add(aligned.toString('base64'));
    forms.add(aligned.toString('base64url'));
  }
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}
