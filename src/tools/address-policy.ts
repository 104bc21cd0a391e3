import { isIPv4, isIPv6 } from 'node:net';

/** Why an address may not be reached from a tool, e.g. "a loopback address"; null when it is public. */
export type AddressPolicy = (ip: string) => string | null;

interface Range {
  base: bigint;
  bits: number;
  reason: string;
}

const V4_RANGES: Array<[string, number, string]> = [
  ['0.0.0.0', 8, 'an unspecified ("this network") address'],
  ['10.0.0.0', 8, 'a private address'],
  ['100.64.0.0', 10, 'a carrier-grade NAT (CGNAT) address'],
  ['127.0.0.0', 8, 'a loopback address'],
  ['169.254.0.0', 16, 'a link-local address'],
  ['172.16.0.0', 12, 'a private address'],
  ['192.0.0.0', 24, 'a reserved address'],
  ['192.0.2.0', 24, 'a documentation address'],
  ['192.168.0.0', 16, 'a private address'],
  ['198.18.0.0', 15, 'a benchmarking address'],
  ['198.51.100.0', 24, 'a documentation address'],
  ['203.0.113.0', 24, 'a documentation address'],
  ['224.0.0.0', 4, 'a multicast address'],
  ['240.0.0.0', 4, 'a reserved address'],
];
const V6_RANGES: Array<[string, number, string]> = [
  ['::', 128, 'an unspecified address'],
  ['::1', 128, 'a loopback address'],
  ['100::', 64, 'a discard-only address'],
  ['2001:db8::', 32, 'a documentation address'],
  ['fc00::', 7, 'a unique-local address'],
  ['fe80::', 10, 'a link-local address'],
  ['fec0::', 10, 'a site-local address'],
  ['ff00::', 8, 'a multicast address'],
];
/** IPv6 forms that carry an IPv4 address, which is checked in turn: [prefix, prefix bits, shift to the IPv4 bits]. */
const V6_EMBEDDING_V4: Array<[string, number, number]> = [
  ['::ffff:0:0', 96, 0], // IPv4-mapped
  ['::', 96, 0], // IPv4-compatible (deprecated)
  ['64:ff9b::', 96, 0], // NAT64
  ['64:ff9b:1::', 48, 0], // local-use NAT64
  ['2002::', 16, 80], // 6to4
];

function parseV4(ip: string): bigint {
  return ip.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function parseV6(ip: string): bigint {
  let text = ip.split('%')[0]!.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = parseV4(dotted[1]!);
    text = `${text.slice(0, dotted.index)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : new Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...zeros, ...tailGroups].reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group, 16)), 0n);
}

const toRanges = (list: Array<[string, number, string]>, parse: (ip: string) => bigint, width: number): Range[] =>
  list.map(([ip, bits, reason]) => ({ base: parse(ip) >> BigInt(width - bits), bits, reason }));
const v4Ranges = toRanges(V4_RANGES, parseV4, 32);
const v6Ranges = toRanges(V6_RANGES, parseV6, 128);

function matchRange(value: bigint, width: number, ranges: Range[]): string | null {
  for (const range of ranges) if (value >> BigInt(width - range.bits) === range.base) return range.reason;
  return null;
}

function classifyV6(value: bigint): string | null {
  // Exact ::/::1 first: they sit inside the IPv4-compatible range too.
  const own = matchRange(value, 128, v6Ranges.slice(0, 2));
  if (own) return own;
  for (const [prefix, bits, shift] of V6_EMBEDDING_V4) {
    if (value >> BigInt(128 - bits) === parseV6(prefix) >> BigInt(128 - bits)) {
      return matchRange((value >> BigInt(shift)) & 0xffffffffn, 32, v4Ranges);
    }
  }
  return matchRange(value, 128, v6Ranges);
}

/** The default policy: refuses private, loopback, link-local, unique-local, CGNAT, multicast, reserved. */
export const blockNonPublicAddresses: AddressPolicy = (ip) => {
  const bare = ip.replace(/^\[|\]$/g, '');
  if (isIPv4(bare)) return matchRange(parseV4(bare), 32, v4Ranges);
  if (isIPv6(bare)) return classifyV6(parseV6(bare));
  return 'not an IP address';
};

export const allowAllAddresses: AddressPolicy = () => null;
