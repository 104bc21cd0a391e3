import ipaddr from 'ipaddr.js';

/** Why an address may not be reached from a tool, e.g. "a loopback address"; null when it is public. */
export type AddressPolicy = (ip: string) => string | null;

type V4 = ipaddr.IPv4;
type V6 = ipaddr.IPv6;

/** ipaddr.js range names (IPv4 and IPv6) that are reachable on the public internet. */
const PUBLIC_RANGES = new Set(['unicast', 'as112', 'amt', 'as112v6']);

/** Words for the ranges ipaddr.js names; any other non-public range is "a reserved address (<name>)". */
const RANGE_REASONS: Record<string, string> = {
  unspecified: 'an unspecified address',
  broadcast: 'a broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address',
  loopback: 'a loopback address',
  carrierGradeNat: 'a carrier-grade NAT (CGNAT) address',
  private: 'a private address',
  reserved: 'a reserved address',
  uniqueLocal: 'a unique-local address',
  deprecatedSiteLocal: 'a site-local address',
  discard: 'a discard-only address',
  benchmarking: 'a benchmarking address',
};

/** Ranges ipaddr.js leaves as plain unicast but no public destination uses. */
const EXTRA_V6_RANGES: Array<[[V6, number], string]> = [
  [ipaddr.IPv6.parseCIDR('::/96'), 'a deprecated IPv4-compatible address'],
  [ipaddr.IPv6.parseCIDR('64:ff9b:1::/48'), 'a local-use NAT64 address'],
];
const EXTRA_V4_RANGES: Array<[[V4, number], string]> = [[ipaddr.IPv4.parseCIDR('198.18.0.0/15'), 'a benchmarking address']];

const v4FromBits = (high: number, low: number): V4 => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);

function classifyV4(address: V4): string | null {
  for (const [range, reason] of EXTRA_V4_RANGES) if (address.match(range)) return reason;
  const range = address.range();
  return PUBLIC_RANGES.has(range) ? null : (RANGE_REASONS[range] ?? `a reserved address (${range})`);
}

/** An IPv4 address carried inside an IPv6 one is judged as that IPv4 address. */
function classifyEmbedded(embedded: V4[], form: string): string | null {
  for (const v4 of embedded) {
    const reason = classifyV4(v4);
    if (reason) return `${reason} (${v4.toString()} inside ${form})`;
  }
  return null;
}

function classifyV6(address: V6): string | null {
  const parts = address.parts;
  const range = address.range();
  switch (range) {
    case 'ipv4Mapped':
      return classifyEmbedded([address.toIPv4Address()], 'an IPv4-mapped address');
    case 'rfc6145':
      return classifyEmbedded([v4FromBits(parts[6]!, parts[7]!)], 'an IPv4-translated address');
    case 'rfc6052':
      if (address.match(EXTRA_V6_RANGES[1]![0])) return EXTRA_V6_RANGES[1]![1];
      return classifyEmbedded([v4FromBits(parts[6]!, parts[7]!)], 'a NAT64 address');
    case '6to4':
      return classifyEmbedded([v4FromBits(parts[1]!, parts[2]!)], 'a 6to4 address');
    case 'teredo':
      // server address as is, client address bit-inverted (RFC 4380)
      return classifyEmbedded([v4FromBits(parts[2]!, parts[3]!), v4FromBits(~parts[6]! & 0xffff, ~parts[7]! & 0xffff)], 'a Teredo address');
    default:
      break;
  }
  if (PUBLIC_RANGES.has(range)) {
    for (const [cidr, reason] of EXTRA_V6_RANGES) if (address.match(cidr)) return reason;
    return null;
  }
  return RANGE_REASONS[range] ?? `a reserved address (${range})`;
}

/** The WHATWG URL form (hex groups, no dotted tail): ipaddr.js reads `::8.8.8.8` as `::ffff:8.8.8.8`. */
function canonicalV6(ip: string): string {
  try {
    return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  } catch {
    return ip;
  }
}

/**
 * The default policy: refuses every address ipaddr.js does not place in public unicast (private, loopback,
 * link-local, unique-local, CGNAT, multicast, benchmarking, reserved…), and IPv6 forms that embed an IPv4
 * address (mapped, translated, NAT64, 6to4, Teredo) when that IPv4 address would be refused.
 */
export const blockNonPublicAddresses: AddressPolicy = (ip) => {
  const bare = ip.replace(/^\[|\]$/g, '').split('%')[0]!;
  if (ipaddr.IPv4.isValidFourPartDecimal(bare)) return classifyV4(ipaddr.IPv4.parse(bare));
  if (ipaddr.IPv6.isValid(bare)) return classifyV6(ipaddr.IPv6.parse(canonicalV6(bare)));
  return 'not an IP address';
};

export const allowAllAddresses: AddressPolicy = () => null;
