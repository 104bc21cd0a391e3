import { A2AError, JsonRpcTransportError } from '@a2a-js/sdk/errors';
import type { A2ARequestHandler } from '@a2a-js/sdk/server';
import { toErrorResponse } from '../error-response.js';

/** JSON-RPC "server error": Switchboard's own refusals (busy thread, run cap, rate limit) with their product message. */
const SERVER_ERROR_CODE = -32000;

/**
 * An error as A2A JSON-RPC shows it: A2A errors as they are; anything else through the one HTTP error mapping
 * (product messages, never internals).
 */
export function toA2aError(error: unknown, onInternal: (error: unknown) => void): unknown {
  if (error instanceof A2AError) return error;
  const { status, body } = toErrorResponse(error);
  if (status >= 500) onInternal(error);
  return new JsonRpcTransportError({ jsonrpc: '2.0', id: null, error: { code: SERVER_ERROR_CODE, message: body.error.message } });
}

/** Every method of the handler with its errors mapped by `toA2aError`. */
export function withA2aErrors(handler: A2ARequestHandler, onInternal: (error: unknown) => void): A2ARequestHandler {
  const map = (error: unknown) => toA2aError(error, onInternal);
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(handler) as Array<[string, (...args: unknown[]) => unknown]>) {
    const isStream = name === 'sendMessageStream' || name === 'resubscribe';
    wrapped[name] = isStream
      ? async function* (...args: unknown[]) {
          try {
            yield* method(...args) as AsyncGenerator<unknown>;
          } catch (error) {
            throw map(error);
          }
        }
      : async (...args: unknown[]) => {
          try {
            return await method(...args);
          } catch (error) {
            throw map(error);
          }
        };
  }
  return wrapped as unknown as A2ARequestHandler;
}
