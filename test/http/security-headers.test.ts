import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../browser/support/browser.js';
import { chromiumPath, serviceAvailable } from '../support/requirements.js';
import { startTestServer, type TestServer } from '../support/start-server.js';

describe('security headers on every response (issue 16 item 4)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { MEDIA_ORIGINS: 'https://media.example.com,http://cdn.example.org:8080' } });
  });
  afterAll(async () => server?.stop());

  function directives(header: string | null): Map<string, string[]> {
    return new Map((header ?? '').split(';').map((d) => d.trim()).filter(Boolean).map((d) => { const [name, ...values] = d.split(/\s+/); return [name!, values]; }));
  }

  for (const [label, path, auth] of [
    ['the page', '/', false],
    ['an API route', '/me', true],
    ['an error answer', '/agents/not-a-uuid', true],
    ['an unknown path', '/no/such/path', false],
  ] as const) {
    it(`sends nosniff, no-referrer and the page's CSP on ${label}`, async () => {
      const response = await fetch(server.baseUrl + path, { headers: auth ? { authorization: `Bearer ${server.adminToken}` } : {} });
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      const csp = directives(response.headers.get('content-security-policy'));
      expect(csp.get('default-src')).toEqual(["'self'"]);
      expect(csp.get('script-src')).toEqual(["'self'"]); // no inline script
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(csp.get('base-uri')).toEqual(["'none'"]);
      expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:', 'https://media.example.com', 'http://cdn.example.org:8080']);
      expect(csp.get('media-src')).toEqual(["'self'", 'data:', 'blob:', 'https://media.example.com', 'http://cdn.example.org:8080']);
    });
  }

  it('still serves the /docs Swagger UI, whose scripts are files the CSP allows', async () => {
    const page = await fetch(`${server.baseUrl}/docs/`, { redirect: 'follow' });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('swagger-ui');
    expect(html).not.toMatch(/<script>(?!\s*<\/script>)/); // no inline script the CSP would block
    for (const src of [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!)) {
      const script = await fetch(new URL(src, `${server.baseUrl}/docs/`));
      expect(script.status, src).toBe(200);
    }
  });

  it.skipIf(!serviceAvailable('Chromium', Boolean(chromiumPath()), 'install chromium or set CHROMIUM_PATH'))(
    'renders the /docs operations in Chromium with no CSP violation',
    async () => {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        const violations: string[] = [];
        page.on('console', (message) => {
          if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
        });
        await page.goto(`${server.baseUrl}/docs/`);
        await page.waitForSelector('.opblock', { timeout: 15_000 });
        expect(await page.locator('.opblock').count()).toBeGreaterThan(10);
        expect(violations).toEqual([]);
      } finally {
        await browser.close();
      }
    },
  );
});
