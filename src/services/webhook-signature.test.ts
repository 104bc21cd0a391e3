import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { isWebhookSecret, newWebhookSecret, signWebhook } from './webhook-signature.js';

describe('webhook signatures (Standard Webhooks)', () => {
  const secret = newWebhookSecret();
  const body = JSON.stringify({ event: 'run.ended', run_id: 'r1' });
  const now = Math.floor(Date.now() / 1000);

  it('verify with the standardwebhooks library', () => {
    const headers = signWebhook({ secret, deliveryId: 'd1', timestampSeconds: now, body });
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('fail for a changed body, another secret, or a timestamp outside the replay window', () => {
    const headers = signWebhook({ secret, deliveryId: 'd1', timestampSeconds: now, body });
    expect(() => new Webhook(secret).verify(body.replace('r1', 'r2'), headers)).toThrow();
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
    const old = signWebhook({ secret, deliveryId: 'd1', timestampSeconds: now - 600, body });
    expect(() => new Webhook(secret).verify(body, old)).toThrow(/too old/i);
  });

  it('accept only whsec_ secrets of at least 24 bytes', () => {
    expect(isWebhookSecret(secret)).toBe(true);
    expect(isWebhookSecret(`whsec_${Buffer.alloc(16).toString('base64')}`)).toBe(false);
    expect(isWebhookSecret('hunter2-hunter2-hunter2-hunter2-hunter2')).toBe(false);
  });
});
