import type { WebhookPost } from '../ports/webhooks.js';
import { allowAllAddresses, blockNonPublicAddresses } from './address-policy.js';
import { createGuardedFetch } from './guarded-fetch.js';
import { findOutboundError } from './outbound-error.js';

/**
 * issue 19: the webhook sender's transport: the tools' SSRF guard (checked address = connected address) and
 * no redirect followed (a 3xx is the receiver's answer). ALLOW_PRIVATE_TOOL_URLS opens private addresses.
 */
export function createWebhookPost(options: { allowPrivateUrls: boolean }): WebhookPost & { close(): void } {
  const guarded = createGuardedFetch({ policy: options.allowPrivateUrls ? allowAllAddresses : blockNonPublicAddresses, maxRedirects: 0, userAgent: 'Switchboard-Webhooks/0.1' });
  const post = async ({ url, headers, body, signal }: Parameters<WebhookPost>[0]) => {
    try {
      const response = await guarded.fetch(url, { method: 'POST', headers, body, signal, redirect: 'manual' });
      await response.body?.cancel().catch(() => undefined); // the receiver's body is not read: only its status counts
      return { status: response.status };
    } catch (error) {
      const refusal = findOutboundError(error);
      if (refusal) return { refused: refusal.message };
      throw error;
    }
  };
  return Object.assign(post, { close: () => guarded.close() });
}
