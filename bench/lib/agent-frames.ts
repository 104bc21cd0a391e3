/**
 * Switchboard's agent-invoke SSE frames (SPEC §6), written by hand for the floor and the thin proxy so all
 * three servers put the same bytes on the wire.
 */
export const SSE_HEADERS: Record<string, string> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
  connection: 'keep-alive',
  'content-encoding': 'identity',
};

export const RETRY_FRAME = 'retry: 3000\n\n';

export const MODEL = 'openai/gpt-4o-mini';

const frame = (id: number, event: string, data: string): string => `id: ${id}\nevent: ${event}\ndata: ${data}\n\n`;

export function openingFrames(runId: string, threadId: string): string {
  return (
    frame(1, 'status', JSON.stringify({ status: 'Processing your request', run_id: runId, thread_id: threadId, model: MODEL })) +
    frame(2, 'status', '{"status":"Thinking..."}')
  );
}

export const respondingFrame = (id: number): string => frame(id, 'status', '{"status":"Responding..."}');

export const tokenFrame = (id: number, token: string): string => frame(id, 'token', `{"token":${JSON.stringify(token)}}`);

export function closingFrames(firstId: number, runId: string, finalAnswer: string, outputTokens: number): string {
  const usage = { input_tokens: 0, output_tokens: outputTokens, total_tokens: outputTokens };
  return (
    frame(firstId, 'status', JSON.stringify({ status: 'Agent Execution End', final_answer: finalAnswer, usage })) +
    frame(firstId + 1, 'end', JSON.stringify({ run_id: runId, outcome: 'completed' }))
  );
}
