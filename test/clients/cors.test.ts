import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import Fastify from 'fastify';
import { loadConfig } from '../../src/config/config.js';
import type { App } from '../../src/http/app-types.js';
import { registerCors } from '../../src/http/cors.js';
import { launchChromium } from '../browser/support/browser.js';
import { chromiumPath, serviceAvailable } from '../support/requirements.js';
import { startTestServer, type TestServer } from '../support/start-server.js';
import { seedPageHtml } from './seed-page.js';
import { startStaticPageServer, type StaticPageServer } from './static-page-server.js';

const preflight = (url: string, origin: string, method = 'POST') =>
  fetch(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization,content-type,last-event-id' } });

describe('CORS (CORS_ORIGINS) for browser clients on other origins', () => {
  let server: TestServer;
  let page: StaticPageServer;
  const pages: Record<string, string> = {};

  beforeAll(async () => {
    page = await startStaticPageServer({ pages });
    server = await startTestServer({ env: { CORS_ORIGINS: `${page.origin},https://app.example.com` } });
    pages['/'] = seedPageHtml(server.baseUrl, server.adminToken);
  });
  afterAll(async () => {
    await server?.stop();
    await page?.close();
  });

  it('answers a preflight for every API route with the methods and headers used, before authentication', async () => {
    for (const [path, method] of [
      ['/agents', 'GET'],
      ['/agent-invoke/00000000-0000-4000-8000-000000000000/invoke-stream', 'POST'],
      ['/runs/x/stream', 'GET'],
      ['/v1/chat/completions', 'POST'],
      ['/agents/00000000-0000-4000-8000-000000000000', 'DELETE'],
    ] as const) {
      const response = await preflight(server.baseUrl + path, 'https://app.example.com', method);
      expect(response.status, path).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
      expect(response.headers.get('access-control-allow-methods')).toContain(method);
      expect(response.headers.get('access-control-allow-headers')).toMatch(/authorization.*content-type.*last-event-id/);
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('answers the preflight of every route in /openapi.json', async () => {
    const spec = (await (await fetch(`${server.baseUrl}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(spec.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => [path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000'), method.toUpperCase()] as const));
    expect(routes.length).toBeGreaterThan(40);
    for (const [path, method] of routes) {
      const response = await preflight(server.baseUrl + path, 'https://app.example.com', method);
      expect(`${method} ${path} ${response.status} ${response.headers.get('access-control-allow-origin')}`).toBe(`${method} ${path} 204 https://app.example.com`);
    }
  });

  it('exposes x-request-id and retry-after on real responses, and gives nothing to an origin not listed', async () => {
    const allowed = await fetch(`${server.baseUrl}/agents`, { headers: { origin: 'https://app.example.com', authorization: `Bearer ${server.adminToken}` } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(allowed.headers.get('access-control-expose-headers')).toMatch(/x-request-id.*retry-after/);
    const other = await preflight(`${server.baseUrl}/agents`, 'https://evil.example.com', 'GET');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('is off by default: no CORS_ORIGINS, no CORS handling, OPTIONS answers 404 as before', async () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(() => loadConfig({ CORS_ORIGINS: 'not a url' })).toThrow(/CORS_ORIGINS/);
    const bare = Fastify() as unknown as App;
    await registerCors(bare, loadConfig({}).corsOrigins);
    bare.get('/agents', async () => []);
    const response = await bare.inject({ method: 'OPTIONS', url: '/agents', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET' } });
    expect(response.statusCode).toBe(404);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    await bare.close();
  });

  describe('the seed page served from another port, in Chromium', () => {
    let browser: Browser | undefined;
    const available = serviceAvailable('Chromium', chromiumPath() !== undefined, 'set CHROMIUM_PATH');
    beforeAll(async () => {
      if (available) browser = await launchChromium();
    });
    afterAll(async () => browser?.close());

    it.runIf(available)('lists the agents and streams a reply', async () => {
      const tab = await browser!.newPage();
      try {
        await tab.goto(`${page.origin}/`);
        await tab.waitForFunction(() => (document.getElementById('agent') as HTMLSelectElement).options.length > 0);
        expect(await tab.locator('#agent option').allTextContents()).toContain('Demo agent');
        await tab.waitForFunction(() => document.getElementById('details')!.textContent !== '');
        expect(await tab.evaluate(() => document.body.dataset.requestId)).toMatch(/./);
        await tab.click('#send');
        await tab.waitForFunction(() => document.body.dataset.outcome !== undefined, undefined, { timeout: 15_000 });
        expect(await tab.evaluate(() => document.body.dataset.outcome)).toBe('completed');
        expect(await tab.locator('#output').textContent()).toContain('Hello from another origin');
        expect(await tab.locator('#error').textContent()).toBe('');
      } finally {
        await tab.close();
      }
    });
  });
});
