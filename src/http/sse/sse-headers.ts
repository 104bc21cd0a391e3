/** SPEC §6 headers: no caching, no proxy buffering, no compression; plus the request's id. */
export function sseHeaders(requestId: string): Record<string, string> {
  // a literal, not `{ ...SSE_HEADERS, id }`: see docs/decisions/0700 (object spread plus properties)
  return {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
    connection: 'keep-alive',
    'content-encoding': 'identity',
    'x-request-id': requestId,
  };
}
