import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createRunLogContext } from './run-log-context.js';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

describe('the run log context', () => {
  it('puts the run ids on every line logged inside a run, however late, and on no other line', async () => {
    const context = createRunLogContext();
    const { lines, stream } = capture();
    const log = pino({ mixin: context.mixin }, stream);
    log.info('before');
    await context.run({ run_id: 'r1', thread_id: 't1', agent_id: 'a1' }, async () => {
      log.info({ code: 'x' }, 'inside');
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.warn('later inside');
    });
    log.info({ other: true }, 'after');
    expect(lines.map((l) => [l.msg, l.run_id, l.thread_id, l.agent_id])).toEqual([
      ['before', undefined, undefined, undefined],
      ['inside', 'r1', 't1', 'a1'],
      ['later inside', 'r1', 't1', 'a1'],
      ['after', undefined, undefined, undefined],
    ]);
    expect(lines[2]!.code).toBeUndefined(); // one line's fields never leak into the next
  });
});
