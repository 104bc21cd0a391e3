import { ForbiddenError, InvalidInputError, agentAllows, type Actor, type Agent, type AgentAction, type AgentRelation } from '../domain/index.js';
import type { SecretBox } from '../ports/index.js';
import type { WebhookStore } from '../ports/webhooks.js';
import type { InvokeAgent } from './invoke-agent.js';
import type { InvokeCommand, StartedRun } from './invoke-command.js';
import { readRunResult, type RunResult } from './run-result.js';
import type { WebhookDeliverer } from './webhook-deliverer.js';
import type { WebhookLookup } from './webhook-lookup.js';

export interface RunWebhookDeps {
  loadAgentFor: (actor: Actor, agentId: string, action: AgentAction) => Promise<{ agent: Agent; relation: AgentRelation }>;
  store: Pick<WebhookStore, 'find'>;
  /** The cached lookup for runs without their own webhook_url. */
  lookup: Pick<WebhookLookup, 'find'>;
  secretBox: Pick<SecretBox, 'open'>;
  deliverer: Pick<WebhookDeliverer, 'deliver'>;
  logError: (context: Record<string, unknown>, message: string) => void;
}

export const RUN_ENDED_EVENT = 'run.ended';

/** The body of a `run.ended` webhook (issue 19): the run's result as its event log tells it. */
export function runEndedPayload(started: Pick<StartedRun, 'runId' | 'threadId'>, agentId: string, result: RunResult): Record<string, unknown> {
  return {
    event: RUN_ENDED_EVENT,
    run_id: started.runId,
    agent_id: agentId,
    thread_id: started.threadId,
    status: result.outcome,
    ...(result.outcome === 'completed' ? { final_answer: result.finalAnswer } : {}),
    usage: result.usage,
    ...(result.error ? { error: result.error } : {}),
  };
}

/**
 * issue 19: every run of an agent with a webhook (and every run given its own `webhook_url`) ends with a signed
 * `run.ended` delivery. It wraps the one invoke service, so every surface gets it; it only reads the run's log.
 */
export function withRunWebhooks(invoke: InvokeAgent, deps: RunWebhookDeps): InvokeAgent {
  async function follow(agentId: string, started: StartedRun, requestUrl: string | undefined): Promise<void> {
    const webhook = requestUrl ? await deps.store.find(agentId) : await deps.lookup.find(agentId);
    const urls = [...new Set([webhook?.url, requestUrl].filter((url): url is string => typeof url === 'string'))];
    if (!webhook || urls.length === 0) return;
    const result = await readRunResult((afterSeq, listener) => started.subscribe(afterSeq, listener));
    const payload = runEndedPayload(started, agentId, result);
    const secret = deps.secretBox.open(webhook.secret);
    await Promise.all(urls.map((url) => deps.deliverer.deliver({ agentId, runId: started.runId, event: RUN_ENDED_EVENT, url, secret, payload })));
  }

  async function start(actor: Actor, agentId: string, command: InvokeCommand): Promise<StartedRun> {
    if (command.webhookUrl !== undefined) {
      // a run's own webhook is signed with the agent's secret: only those who may set that secret may aim it
      const { relation } = await deps.loadAgentFor(actor, agentId, 'invoke');
      if (!agentAllows(relation, 'update')) throw new ForbiddenError('Only editors of this agent may give a run its own webhook_url');
      if (!(await deps.store.find(agentId))) throw new InvalidInputError('webhook_url: this agent has no webhook secret yet; set one with PUT /agents/{agent_id}/webhook');
    }
    const started = await invoke.start(actor, agentId, command);
    follow(agentId, started, command.webhookUrl).catch((error: unknown) =>
      deps.logError({ runId: started.runId, err: error instanceof Error ? error.message : String(error) }, 'run webhook not sent'),
    );
    return started;
  }

  return { ...invoke, start };
}
