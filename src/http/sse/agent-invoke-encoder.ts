import type { RunEvent, SequencedEvent } from '../../domain/index.js';

/** Turns a sequenced run event into an SSE frame; returns null for events a surface does not show. */
export type FrameEncoder = (entry: SequencedEvent) => string | null;

function payloadJson(event: RunEvent): string {
  switch (event.type) {
    case 'token':
      // the hot path: no intermediate object
      return `{"token":${JSON.stringify(event.token)}}`;
    case 'status':
    case 'tool_status':
    case 'error':
    case 'end': {
      const { type: _type, ...payload } = event;
      return JSON.stringify(payload);
    }
    default: {
      const exhaustive: never = event;
      throw new Error(`unknown event ${JSON.stringify(exhaustive)}`);
    }
  }
}

/** Agent-invoke surface: seed 004 event names, `id:` = the run's sequence number. */
export const encodeAgentInvokeFrame: FrameEncoder = (entry) =>
  `id: ${entry.seq}\nevent: ${entry.event.type}\ndata: ${payloadJson(entry.event)}\n\n`;
