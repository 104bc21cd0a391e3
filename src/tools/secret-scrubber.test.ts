import { describe, expect, it } from 'vitest';
import { createSecretScrubber, scrubDeep } from './secret-scrubber.js';

/** Every character a careless encoder gets wrong: quotes, backslash, markup, a space, non-ASCII and astral. */
const SECRET = `k'e"y\\<a&b> c/é€😀-9`;

const jsonEscape = (text: string) => JSON.stringify(text).slice(1, -1);
const htmlNamed = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const htmlNumeric = (text: string) => [...text].map((char) => `&#${char.codePointAt(0)};`).join('');
const htmlHex = (text: string) => [...text].map((char) => `&#x${char.codePointAt(0)!.toString(16).toUpperCase()};`).join('');
const unicodeEscaped = (text: string) => [...Array(text.length).keys()].map((index) => `\\u${text.charCodeAt(index).toString(16).padStart(4, '0')}`).join('');
const asciiJson = (text: string) => jsonEscape(text).replace(/[^\x20-\x7e]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);

const FORMS: Array<[string, string]> = [
  ['raw', SECRET],
  ['encodeURIComponent', encodeURIComponent(SECRET)],
  ['encodeURIComponent, upper and lower hex', encodeURIComponent(SECRET).replace(/%[0-9A-F]{2}/g, (code, index: number) => (index % 2 ? code.toLowerCase() : code))],
  ['encodeURI', encodeURI(SECRET)],
  ['form encoding', new URLSearchParams({ q: SECRET }).toString().slice(2)],
  ['the URL class, query', new URL(`http://h/?q=${SECRET}`).search.slice(3)],
  ['the URL class, path', new URL(`http://h/${SECRET}`).pathname.slice(1)],
  ['the URL class, userinfo', (() => { const url = new URL('http://h/'); url.password = SECRET; return url.password; })()],
  ['JSON-escaped', jsonEscape(SECRET)],
  ['JSON-escaped twice', jsonEscape(jsonEscape(SECRET))],
  ['JSON-escaped with \\u for non-ASCII', asciiJson(SECRET)],
  ['\\uXXXX for every character', unicodeEscaped(SECRET)],
  ['HTML named entities', htmlNamed(SECRET)],
  ['HTML decimal entities', htmlNumeric(SECRET)],
  ['HTML hex entities', htmlHex(SECRET)],
  ['base64', Buffer.from(SECRET).toString('base64')],
  ['base64url', Buffer.from(SECRET).toString('base64url')],
  ['JSON-escaped HTML entities', jsonEscape(htmlNamed(SECRET))],
];

describe('createSecretScrubber', () => {
  const scrub = createSecretScrubber([SECRET, 'abc']);

  it.each(FORMS)('masks the %s form', (name, form) => {
    if (name !== 'raw') expect(form).not.toBe(SECRET); // each row is a real encoding, not the raw value again
    expect(scrub(`before ${form} after`)).toBe('before ******** after');
  });

  it.each(['u:', 'us:', 'use:'])('masks the secret inside Authorization: Basic base64(%suser:secret)', (user) => {
    const header = `Basic ${Buffer.from(`${user}${SECRET}`).toString('base64')}`;
    const scrubbed = scrub(header);
    // what is left are the groups shared with the user name and at most the last 2 bytes of the secret
    expect(scrubbed).toMatch(/^Basic [A-Za-z0-9+/=]{0,8}\*{8}[A-Za-z0-9+/=]{0,4}$/);
  });

  it('masks every occurrence in a longer text, in mixed forms', () => {
    const text = `a=${encodeURIComponent(SECRET)}&b=${jsonEscape(SECRET)}<p>${htmlNamed(SECRET)}</p>`;
    expect(scrub(text)).toBe('a=********&b=********<p>********</p>');
  });

  it('leaves other text alone, and values shorter than 4 characters', () => {
    expect(scrub('abc is common; k\'e"y is only the start')).toBe('abc is common; k\'e"y is only the start');
  });

  it('scrubs every string and key of a nested value', () => {
    expect(scrubDeep({ [SECRET]: [`x ${jsonEscape(SECRET)}`, 5, null] }, scrub)).toEqual({ '********': ['x ********', 5, null] });
  });

  it('is the identity when there is no secret worth masking', () => {
    expect(createSecretScrubber(['ab'])('ab cd')).toBe('ab cd');
  });
});
