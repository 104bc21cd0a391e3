import type { SealedSecret } from '../domain/index.js';
import type { Tx } from './stores.js';

/** issue 19: an agent's webhook: where run outcomes go and the sealed secret they are signed with. */
export interface AgentWebhook {
  agentId: string;
  /** null: no agent-wide webhook, the secret still signs per-request webhooks. */
  url: string | null;
  secret: SealedSecret;
  updatedAt: Date;
}

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** One event sent (or being sent) to one URL, with the outcome of its latest attempt. */
export interface WebhookDelivery {
  deliveryId: string;
  agentId: string;
  runId: string;
  event: string;
  url: string;
  /** The signed JSON body, kept so another instance (or this one after a restart) can finish the retries. */
  body: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface WebhookStore {
  find(agentId: string): Promise<AgentWebhook | null>;
  /** Creates or replaces the agent's webhook; `secret` omitted keeps the stored one. */
  save(agentId: string, input: { url: string | null; secret?: SealedSecret | undefined }, at: Date): Promise<AgentWebhook>;
  delete(agentId: string): Promise<boolean>;
  /** Every agent's sealed secret, for key rotation (`npm run rotate-key`). */
  listAllSealedSecrets(): Promise<Array<{ agentId: string; secret: SealedSecret }>>;
  /** Key rotation: the same secret sealed with another key, inside the rotation's transaction; url and updatedAt stay. */
  replaceSealedSecret(agentId: string, secret: SealedSecret, tx?: Tx): Promise<void>;
  createDelivery(input: { agentId: string; runId: string; event: string; url: string; body: string }, at: Date): Promise<WebhookDelivery>;
  /**
   * Takes up to `limit` pending deliveries nobody has touched since `staleBefore` (their sender is gone),
   * stamping them `at` so that no other instance takes them too.
   */
  claimStale(staleBefore: Date, at: Date, limit: number): Promise<WebhookDelivery[]>;
  recordAttempt(deliveryId: string, outcome: { status: WebhookDeliveryStatus; attempts: number; responseStatus: number | null; lastError: string | null }, at: Date): Promise<void>;
  /** Newest first. */
  listDeliveries(agentId: string, limit: number): Promise<WebhookDelivery[]>;
}

/**
 * One POST to a webhook receiver that follows no redirect: the receiver's status once answered, or `refused`
 * (why) when the SSRF guard forbids the address; rejects on network failure or timeout.
 */
export type WebhookPost = (input: { url: string; headers: Record<string, string>; body: string; signal: AbortSignal }) => Promise<{ status: number } | { refused: string }>;
