import type { RunAnswerReader } from './run-answer.js';
import type { WebhookService } from './webhooks.js';

/** issue 19: what the runs API adds for background runs, webhooks and approvals. */
export interface RunApiServices {
  runAnswers: RunAnswerReader;
  webhooks: WebhookService;
}
