import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import type { AddressPolicy } from './address-policy.js';
import { refusedAddress } from './outbound-error.js';

export type Resolver = (hostname: string, callback: (error: Error | null, addresses: LookupAddress[]) => void) => void;

const systemResolver: Resolver = (hostname, callback) => dnsLookup(hostname, { all: true, verbatim: true }, callback);

/**
 * A `lookup` for sockets: resolves, refuses the host if ANY address breaks the policy, and hands the
 * socket only checked addresses, so what is connected to is what was checked (no DNS-rebinding gap).
 */
export function createGuardedLookup(policy: AddressPolicy, resolve: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, (error, resolved) => {
      if (error) return callback(error as NodeJS.ErrnoException, '', 0);
      for (const entry of resolved) {
        const reason = policy(entry.address);
        if (reason) return callback(refusedAddress({ host: hostname, ip: entry.address, reason }) as NodeJS.ErrnoException, '', 0);
      }
      const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
      const usable = family === 4 || family === 6 ? resolved.filter((entry) => entry.family === family) : resolved;
      if (usable.length === 0) {
        const notFound = Object.assign(new Error(`${hostname} has no IPv${family} address`), { code: 'ENOTFOUND' });
        return callback(notFound, '', 0);
      }
      if (options.all) return callback(null, usable);
      return callback(null, usable[0]!.address, usable[0]!.family);
    });
  };
}
