import { describe, expect, it } from 'vitest';
import { blockNonPublicAddresses as policy } from './address-policy.js';

describe('blockNonPublicAddresses', () => {
  it.each([
    // IPv4
    ['127.0.0.1', 'a loopback address'],
    ['127.255.1.2', 'a loopback address'],
    ['10.0.0.1', 'a private address'],
    ['172.16.5.4', 'a private address'],
    ['172.31.255.255', 'a private address'],
    ['192.168.1.1', 'a private address'],
    ['169.254.169.254', 'a link-local address'],
    ['100.64.0.1', 'a carrier-grade NAT (CGNAT) address'],
    ['0.0.0.0', 'an unspecified address'],
    ['0.1.2.3', 'an unspecified address'],
    ['224.0.0.251', 'a multicast address'],
    ['255.255.255.255', 'a broadcast address'],
    ['240.0.0.1', 'a reserved address'],
    ['192.0.2.10', 'a reserved address'],
    ['198.18.0.1', 'a benchmarking address'],
    ['198.19.255.254', 'a benchmarking address'],
    // IPv6
    ['::1', 'a loopback address'],
    ['[::1]', 'a loopback address'],
    ['::', 'an unspecified address'],
    ['fe80::1%eth0', 'a link-local address'],
    ['fd12:3456::1', 'a unique-local address'],
    ['fc00::1', 'a unique-local address'],
    ['fec0::1', 'a site-local address'],
    ['ff02::1', 'a multicast address'],
    ['100::1', 'a discard-only address'],
    ['2001:db8::1', 'a reserved address'],
    ['2001:2::1', 'a benchmarking address'],
    ['3fff::1', 'a reserved address'],
    ['2001:10::1', 'a reserved address (deprecatedOrchid)'],
    ['::7f00:1', 'a deprecated IPv4-compatible address'],
    ['::8.8.8.8', 'a deprecated IPv4-compatible address'],
    ['64:ff9b:1::a00:1', 'a local-use NAT64 address'],
    // IPv6 forms that carry an IPv4 address
    ['::ffff:127.0.0.1', 'a loopback address (127.0.0.1 inside an IPv4-mapped address)'],
    ['::ffff:7f00:1', 'a loopback address (127.0.0.1 inside an IPv4-mapped address)'],
    ['::ffff:a9fe:a9fe', 'a link-local address (169.254.169.254 inside an IPv4-mapped address)'],
    ['[::ffff:0:7f00:1]', 'a loopback address (127.0.0.1 inside an IPv4-translated address)'],
    ['::ffff:0:a00:1', 'a private address (10.0.0.1 inside an IPv4-translated address)'],
    ['64:ff9b::10.0.0.1', 'a private address (10.0.0.1 inside a NAT64 address)'],
    ['64:ff9b::7f00:1', 'a loopback address (127.0.0.1 inside a NAT64 address)'],
    ['2002:c0a8:0101::1', 'a private address (192.168.1.1 inside a 6to4 address)'],
    ['2002:7f00:1::', 'a loopback address (127.0.0.1 inside a 6to4 address)'],
    ['2001:0:7f00:1::', 'a loopback address (127.0.0.1 inside a Teredo address)'],
    // Teredo client address is stored bit-inverted: ~10.0.0.1 = f5ff:fffe
    ['2001:0:808:808::f5ff:fffe', 'a private address (10.0.0.1 inside a Teredo address)'],
  ])('refuses %s as %s', (ip, reason) => {
    expect(policy(ip)).toBe(reason);
  });

  it.each([
    '93.184.216.34',
    '8.8.8.8',
    '172.32.0.1',
    '100.128.0.1',
    '198.20.0.1',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
    '::ffff:0:808:808',
    '64:ff9b::8.8.8.8',
    '2002:0808:0808::1',
    '2001:0:808:808::f7f7:f7f7',
  ])('allows the public address %s', (ip) => {
    expect(policy(ip)).toBeNull();
  });

  it.each(['example.com', '127.1', '0x7f000001', '', '::ffff:127.0.0.1.1'])('refuses %j as not an IP address', (text) => {
    expect(policy(text)).toBe('not an IP address');
  });
});
