import { describe, expect, it } from 'vitest';
import { bindValueOf, pipelineBytes, portalSize } from './pglite-wire.js';

describe('bindValueOf', () => {
  it('writes scalars and non-text arrays in text input syntax, nothing quoted for SQL', () => {
    expect(bindValueOf(null, 25)).toBeNull();
    expect(bindValueOf(undefined, 25)).toBeNull();
    expect(bindValueOf(7, 23)).toBe('7');
    expect(bindValueOf(true, 16)).toBe('true');
    expect(bindValueOf("it's", 25)).toBe("it's");
    expect(bindValueOf(new Date('2026-01-02T03:04:05.678Z'), 1184)).toBe('2026-01-02T03:04:05.678Z');
    expect(bindValueOf(['a', null, 'it\'s "q" \\'], 3807)).toBe('{"a",NULL,"it\'s \\"q\\" \\\\"}'); // a jsonb[]
    expect(bindValueOf(['0b0b4a6e-8d6e-4c1a-9a43-5d0f2f1e7c11', null], 1009)).toMatchObject({ elementOid: 25 });
  });

  it('keeps text arrays as items with their UTF-8 lengths, for the binary format', () => {
    expect(bindValueOf(['é', null, 3], 1009)).toEqual({ elementOid: 25, items: ['é', null, '3'], lengths: [2, 0, 1], hasNull: true });
  });

  it('refuses a value with no input form', () => {
    expect(() => bindValueOf([Number.POSITIVE_INFINITY], 1007)).toThrow(/finite/);
    expect(() => bindValueOf([['nested']], 1009)).toThrow(/nested/);
    expect(() => bindValueOf({}, 25)).toThrow(/no SQL literal/);
  });
});

describe('pipelineBytes', () => {
  it('writes Bind, Describe, Execute per portal and one Sync, as the protocol lays them out', () => {
    const values = [null, 'ab', bindValueOf(['é', null], 1009)];
    const bytes = pipelineBytes([{ statement: 's1', values, describe: true }]);
    const expected = Buffer.concat([
      Buffer.from('B'),
      int32(4 + 1 + 3 + 2 + 6 + 2 + (4) + (4 + 2) + (4 + 20 + 4 + 2 + 4) + 2),
      Buffer.from([0]), // unnamed portal
      Buffer.from('s1\0'),
      int16(3), int16(0), int16(0), int16(1), // formats: text, text, binary
      int16(3),
      int32(-1),
      int32(2), Buffer.from('ab'),
      int32(30), int32(1), int32(1), int32(25), int32(2), int32(1), int32(2), Buffer.from('é'), int32(-1),
      int16(0), // results in text
      Buffer.from('D'), int32(6), Buffer.from('P\0'),
      Buffer.from('E'), int32(9), Buffer.from([0]), int32(0),
      Buffer.from('S'), int32(4),
    ]);
    expect(bytes.toString('hex')).toBe(expected.toString('hex'));
    expect(portalSize({ statement: 's1', values, describe: true })).toBe(bytes.length - 5);
  });

  it('writes an empty text array without dimensions and leaves Describe out when no rows are wanted', () => {
    const bytes = pipelineBytes([{ statement: 's2', values: [bindValueOf([], 1009)], describe: false }]);
    expect(bytes.includes(Buffer.from('D'))).toBe(false);
    expect(bytes.subarray(15, 31).toString('hex')).toBe(Buffer.concat([int32(12), int32(0), int32(0), int32(25)]).toString('hex'));
  });
});

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}
function int16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeInt16BE(n);
  return b;
}

describe('uuid arrays', () => {
  it('go in binary when every element is canonical (either case), as text otherwise', () => {
    const value = bindValueOf(['0b0b4a6e-8d6e-4c1a-9a43-5d0f2f1e7c11', null, 'ABCDEFAB-CDEF-ABCD-EFAB-CDEFABCDEF01'], 2951);
    expect(value).toMatchObject({ elementOid: 2950, lengths: [16, 0, 16], hasNull: true });
    const bytes = pipelineBytes([{ statement: 's', values: [value], describe: false }]);
    const start = 1 + 4 + 1 + 2 + 2 + 2 + 2 + 4 + 20 + 4; // Bind, portal, "s", counts, format, count, size, header, first length
    expect(bytes.subarray(start, start + 16).toString('hex')).toBe('0b0b4a6e8d6e4c1a9a435d0f2f1e7c11');
    expect(bytes.subarray(start + 16 + 8, start + 16 + 8 + 16).toString('hex')).toBe('abcdefabcdefabcdefabcdefabcdef01');
    expect(bindValueOf(['not-a-uuid', '0b0b4a6e8d6e4c1a9a435d0f2f1e7c11'], 2951)).toBe('{"not-a-uuid","0b0b4a6e8d6e4c1a9a435d0f2f1e7c11"}');
  });
});

describe('timestamptz arrays', () => {
  it('go in binary as microseconds since 2000-01-01 UTC (before 2000 too) when every element is a Date or a toISOString() string', () => {
    const value = bindValueOf([new Date('2000-01-01T00:00:01.000Z'), null, '1999-12-31T23:59:59.999Z'], 1185);
    expect(value).toEqual({ elementOid: 1184, items: [1_000_000, null, -1_000], lengths: [8, 0, 8], hasNull: true });
    const bytes = pipelineBytes([{ statement: 's', values: [value], describe: false }]);
    const start = 1 + 4 + 1 + 2 + 2 + 2 + 2 + 4 + 20 + 4; // as for uuids: the first element's bytes
    expect(bytes.subarray(start, start + 8).toString('hex')).toBe('00000000000f4240'); // 1,000,000
    expect(bytes.subarray(start + 8 + 4 + 4, start + 8 + 4 + 4 + 8).toString('hex')).toBe('fffffffffffffc18'); // -1,000
  });

  it('go as text when an element is not a time in that exact form, so PostgreSQL reads or refuses it as ever', () => {
    expect(bindValueOf(['2026-03-04T05:06:07Z', '2026-03-04T05:06:07.000Z'], 1185)).toBe('{"2026-03-04T05:06:07Z","2026-03-04T05:06:07.000Z"}');
    expect(bindValueOf(['2026-13-45T05:06:07.000Z'], 1185)).toBe('{"2026-13-45T05:06:07.000Z"}');
    expect(() => bindValueOf([new Date(Number.NaN)], 1185)).toThrow(RangeError); // as before: an invalid Date has no input form
  });
});

