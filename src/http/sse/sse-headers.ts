/** SPEC §6 headers: no caching, no proxy buffering, no compression. */
export const SSE_HEADERS: Record<string, string> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
  connection: 'keep-alive',
  'content-encoding': 'identity',
};
