import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { STATUS_END, STATUS_PROCESSING, STATUS_RESPONDING, STATUS_THINKING, type RunEvent } from '../../src/domain/index.js';
import { encodeAgentInvokeFrame } from '../../src/http/sse/agent-invoke-encoder.js';
import { sseHeaders } from '../../src/http/sse/sse-headers.js';

/** The model id the bench's agent uses. */
export const MODEL = 'openai/gpt-4o-mini';

/** Switchboard's `retry:` opens the first event's frame (decision 0404). */
const RETRY_FIELD = 'retry: 3000\n';
const frame = (seq: number, event: RunEvent): string => encodeAgentInvokeFrame({ seq, event })!;

/**
 * One agent-invoke SSE response written the way Switchboard writes it (its headers and its frame encoder,
 * SPEC §6), for the floor and the thin proxy: all three servers put the same bytes on the wire.
 * node:http corks the socket per tick itself, so each frame is written as it comes.
 */
export function agentStream(res: ServerResponse, threadId: string) {
  const runId = randomUUID();
  let seq = 0;
  let text = '';
  let responding = false;
  res.writeHead(200, sseHeaders(runId));
  res.write(
    RETRY_FIELD +
      frame(++seq, { type: 'status', status: STATUS_PROCESSING, run_id: runId, thread_id: threadId, model: MODEL }) +
      frame(++seq, { type: 'status', status: STATUS_THINKING }),
  );
  return {
    token(token: string): void {
      if (!responding) {
        responding = true;
        res.write(frame(++seq, { type: 'status', status: STATUS_RESPONDING }));
      }
      text += token;
      res.write(frame(++seq, { type: 'token', token }));
    },
    end(outputTokens: number): void {
      const usage = { input_tokens: 0, output_tokens: outputTokens, total_tokens: outputTokens };
      res.end(frame(++seq, { type: 'status', status: STATUS_END, final_answer: text, usage }) + frame(++seq, { type: 'end', run_id: runId, outcome: 'completed' }));
    },
  };
}
