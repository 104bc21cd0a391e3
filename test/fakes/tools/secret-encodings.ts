/** The forms a secret takes when the server or a careless API writes it somewhere: each must be scrubbed. */
export function secretEncodings(secret: string): Record<string, string> {
  const json = (text: string) => JSON.stringify(text).slice(1, -1);
  const html = secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  const unicode = [...Array(secret.length).keys()].map((i) => `\\u${secret.charCodeAt(i).toString(16).padStart(4, '0')}`).join('');
  const asciiJson = json(secret).replace(/[^\x20-\x7e]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return {
    raw: secret,
    encodeURIComponent: encodeURIComponent(secret),
    'URL query': new URL(`http://h/?k=${secret}`).search.slice(3),
    'URL query of encodeURIComponent': new URL(`http://h/?k=${encodeURIComponent(secret)}`).search.slice(3),
    form: new URLSearchParams({ k: secret }).toString().slice(2),
    'JSON-escaped': json(secret),
    'JSON-escaped twice': json(json(secret)),
    'JSON with \\u for non-ASCII': asciiJson,
    '\\u for every character': unicode,
    'HTML entities': html,
    'HTML decimal entities': [...secret].map((char) => `&#${char.codePointAt(0)};`).join(''),
    'HTML hex entities': [...secret].map((char) => `&#x${char.codePointAt(0)!.toString(16)};`).join(''),
    base64: Buffer.from(secret).toString('base64'),
    'Basic user:secret': Buffer.from(`user:${secret}`).toString('base64'),
  };
}
