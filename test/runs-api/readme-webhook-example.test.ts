import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signWebhook } from '../../src/services/webhook-signature.js';

type Verify = (secret: string, headers: Record<string, string>, rawBody: string) => unknown;

/** The verification example of README.md's webhook section, compiled as written. */
async function readmeVerifier(): Promise<Verify> {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Background runs and signed webhooks'));
  const code = /```ts\n([\s\S]*?)```/.exec(section)![1]!;
  const js = ts.transpileModule(`${code}\nexport { verifyWebhook };`, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  const loaded = (await import(`data:text/javascript,${encodeURIComponent(js)}`)) as { verifyWebhook: Verify };
  return loaded.verifyWebhook;
}

describe("README's ten-line webhook verification", () => {
  it('accepts what the server signs and refuses a tampered body, another secret and a stale timestamp', async () => {
    const verify = await readmeVerifier();
    expect(verify.toString().split('\n').length).toBeLessThanOrEqual(12);
    const secret = newWebhookSecret();
    const body = JSON.stringify({ event: 'run.ended', run_id: 'r1', status: 'completed' });
    const now = Math.floor(Date.now() / 1000);
    const headers = signWebhook({ secret, deliveryId: 'd1', timestampSeconds: now, body });
    expect(verify(secret, headers, body)).toEqual(JSON.parse(body));
    expect(() => verify(secret, headers, body.replace('completed', 'failed'))).toThrow('bad signature');
    expect(() => verify(newWebhookSecret(), headers, body)).toThrow('bad signature');
    expect(() => verify(secret, signWebhook({ secret, deliveryId: 'd1', timestampSeconds: now - 3600, body }), body)).toThrow('replay window');
  });
});
