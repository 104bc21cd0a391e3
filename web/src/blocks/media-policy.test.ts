import { describe, expect, it } from 'vitest';
import { createMediaPolicy } from './media-policy.js';

describe('createMediaPolicy', () => {
  const policy = createMediaPolicy('http://127.0.0.1:8080/app', ['https://cdn.example.com', 'http://media.test:9000/']);

  it('allows the page origin, listed origins and inline images only', () => {
    expect(policy.allows('http://127.0.0.1:8080/x.png')).toBe(true);
    expect(policy.allows('https://cdn.example.com/a/b.mp4')).toBe(true);
    expect(policy.allows('http://media.test:9000/m.png')).toBe(true);
    expect(policy.allows('data:image/png;base64,AAAA')).toBe(true);
  });

  it('refuses other origins, other ports and schemes, and non-image data', () => {
    expect(policy.allows('https://attacker.test/?d=1')).toBe(false);
    expect(policy.allows('http://127.0.0.1:8081/x.png')).toBe(false);
    expect(policy.allows('http://cdn.example.com/a.png')).toBe(false);
    expect(policy.allows('data:video/mp4;base64,AAAA')).toBe(false);
    expect(policy.allows('javascript:alert(1)')).toBe(false);
    expect(policy.allows('not a url')).toBe(false);
  });

  it('names the listed origins, plus one chosen origin, in the sandbox frame address', () => {
    expect(policy.frameSrc()).toBe('http://127.0.0.1:8080/sandbox-frame?media=https%3A%2F%2Fcdn.example.com%2Chttp%3A%2F%2Fmedia.test%3A9000');
    expect(new URL(policy.frameSrc('https://other.test')).searchParams.get('media')).toBe('https://cdn.example.com,http://media.test:9000,https://other.test');
    expect(createMediaPolicy('http://127.0.0.1:8080/', []).frameSrc()).toBe('http://127.0.0.1:8080/sandbox-frame');
  });
});
