import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app-types.js';
import { registerSandboxFrameRoute, SANDBOX_FRAME_HTML } from './sandbox-frame.js';

describe('GET /sandbox-frame', () => {
  let app: App;
  let base: string;

  beforeAll(async () => {
    app = Fastify().withTypeProvider<ZodTypeProvider>() as App;
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    registerSandboxFrameRoute(app);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(() => app.close());

  it('serves the frame document with its own sandboxed policy: inline script, no network but the named media origins', async () => {
    const response = await fetch(`${base}/sandbox-frame?media=${encodeURIComponent('https://cdn.example.com,http://127.0.0.1:9000/')}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toBe(SANDBOX_FRAME_HTML);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy.split('; ')).toEqual(
      expect.arrayContaining([
        'sandbox allow-scripts',
        "default-src 'none'",
        "script-src 'unsafe-inline'",
        "img-src 'self' data: blob: https://cdn.example.com http://127.0.0.1:9000",
        "media-src 'self' data: blob: https://cdn.example.com http://127.0.0.1:9000",
        "connect-src 'none'",
        "form-action 'none'",
        "frame-ancestors 'self'",
      ]),
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('names no media origin without the parameter', async () => {
    const policy = (await fetch(`${base}/sandbox-frame`)).headers.get('content-security-policy') ?? '';
    expect(policy).toContain("img-src 'self' data: blob:;");
  });

  it.each(['javascript:alert(1)', 'https://x.test/path', "https://x.test; script-src *", 'https://x.test,ftp://y.test', 'x'.repeat(9_000), Array.from({ length: 51 }, (_, i) => `https://h${i}.test`).join(',')])(
    'refuses the media list %s with a 400',
    async (media) => {
      const response = await fetch(`${base}/sandbox-frame?media=${encodeURIComponent(media)}`);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-security-policy')).toBeNull();
    },
  );
});
