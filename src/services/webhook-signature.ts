import { createHmac, randomBytes } from 'node:crypto';

/** Standard Webhooks secrets: `whsec_` + base64 of the key bytes (decision 0411). */
const SECRET_PATTERN = /^whsec_([A-Za-z0-9+/]{32,172}={0,2})$/;

/** A new signing secret: 32 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** Whether a caller-chosen secret has the shape receivers' libraries expect (at least 24 key bytes). */
export function isWebhookSecret(secret: string): boolean {
  const match = SECRET_PATTERN.exec(secret);
  return match !== null && Buffer.from(match[1]!, 'base64').length >= 24;
}

/**
 * The Standard Webhooks headers of one attempt: HMAC-SHA256 with the secret's key bytes over
 * `${id}.${timestampSeconds}.${body}`; receivers refuse timestamps outside their replay window.
 */
export function signWebhook(input: { secret: string; deliveryId: string; timestampSeconds: number; body: string }): Record<string, string> {
  const key = Buffer.from(input.secret.slice('whsec_'.length), 'base64');
  const signature = createHmac('sha256', key).update(`${input.deliveryId}.${input.timestampSeconds}.${input.body}`).digest('base64');
  return {
    'webhook-id': input.deliveryId,
    'webhook-timestamp': String(input.timestampSeconds),
    'webhook-signature': `v1,${signature}`,
  };
}
