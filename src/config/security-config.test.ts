import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('security settings of loadConfig (issue 16)', () => {
  it('reads MEDIA_ORIGINS as a list of origins, empty by default', () => {
    expect(loadConfig({}).mediaOrigins).toEqual([]);
    expect(loadConfig({ MEDIA_ORIGINS: ' https://media.example.com , http://cdn.example.org:8080/ ' }).mediaOrigins).toEqual(['https://media.example.com', 'http://cdn.example.org:8080']);
  });

  it('refuses a MEDIA_ORIGINS item that is not an http(s) origin', () => {
    for (const bad of ['media.example.com', 'javascript:alert(1)', 'https://example.com/path', "https://a.example 'unsafe-inline'", 'data:']) {
      expect(() => loadConfig({ MEDIA_ORIGINS: bad }), bad).toThrow(ConfigError);
    }
  });

  it('requires a METRICS_TOKEN of 20+ characters and has sane timeout and throttle defaults', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    const config = loadConfig({});
    expect(config.metricsToken).toBeUndefined();
    expect(config).toMatchObject({ requestTimeoutMs: 120_000, headersTimeoutMs: 10_000, bodyIdleTimeoutMs: 5_000, loginFailuresAllowed: 5, loginWindowSeconds: 900 });
  });
});
