/** An outbound request a tool may not make (SSRF guard) or that broke a limit; its message is for people. */
export class OutboundError extends Error {
  override readonly name = 'OutboundError';
}

const PRIVATE_HINT = 'set ALLOW_PRIVATE_TOOL_URLS=true to allow private addresses';

export function refusedAddress(input: { host: string; ip: string; reason: string }): OutboundError {
  const host = input.host.replace(/^\[|\]$/g, '');
  const subject = host === input.ip ? `${input.ip} is ${input.reason}` : `${host} resolves to ${input.ip}, ${input.reason}`;
  return new OutboundError(`refused: ${subject}; ${PRIVATE_HINT}`);
}

/** The OutboundError behind `error`, looking through `cause` chains libraries wrap errors in. */
export function findOutboundError(error: unknown): OutboundError | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    if (current instanceof OutboundError) return current;
  }
  return undefined;
}
